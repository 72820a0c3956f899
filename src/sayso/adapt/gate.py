"""The gate: keep an adapted model only if it measures better than the base, and no worse elsewhere.

Model-agnostic: a side (ASR, LLM) measures named metrics for the base and the candidate, states its
rules, and this module compares, writes `report.md` + `report.json` and marks the output folder
deployable (`DEPLOYABLE` file and `"deployable": true`) only when every rule passes.

"Better" is best shown on the same clips for both models: `sign_test_p` is the one-sided exact
sign test over paired outcomes (rows the candidate fixed against rows it broke), which a side
reports as a candidate-only metric checked by an `at_most` rule. A fixed gain in points is no
such test: near the ceiling (a base already at 98 %) it asks for more than the set can show,
and on a small set it is passed by chance.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

DEPLOYABLE_FILE: Final[str] = "DEPLOYABLE"
"""Present in an output folder whose model passed the gate."""

RuleKind = Literal["min_gain", "max_rise", "max_drop", "at_most"]
TOLERANCE: Final[float] = 1e-9
"""Float slack on every comparison (a metric equal to its limit passes)."""


@dataclasses.dataclass(frozen=True)
class Rule:
    """One condition the candidate must meet against the base."""

    metric: str
    """Metric name, as in both metric dicts."""
    kind: RuleKind
    """min_gain: candidate − base ≥ limit; max_rise: candidate − base ≤ limit (error rates);
    max_drop: base − candidate ≤ limit (scores that must not fall much); at_most: candidate ≤
    limit, the base not read (a statistic of the pair, such as a p-value)."""
    limit: float
    """Threshold in the metric's own units (fractions: 0.005 is half a point)."""
    why: str = ""
    """One line for the report."""


@dataclasses.dataclass(frozen=True)
class Check:
    """A rule evaluated."""

    rule: Rule
    base: float | None
    candidate: float | None
    passed: bool


@dataclasses.dataclass(frozen=True)
class GateResult:
    """Every check, and whether all passed."""

    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        """True only when there are checks and each one passed."""
        return bool(self.checks) and all(c.passed for c in self.checks)


def check(rule: Rule, base: float | None, candidate: float | None) -> Check:
    """Evaluate one rule; a missing or non-finite value fails it."""
    if rule.kind == "at_most":  # the base is not read: the value is a statistic of the pair
        value = math.nan if candidate is None else candidate
        return Check(rule, base, candidate, value <= rule.limit + TOLERANCE)
    if base is None or candidate is None or not math.isfinite(base + candidate):
        return Check(rule, base, candidate, False)
    delta = candidate - base
    if rule.kind == "min_gain":
        passed = delta >= rule.limit - TOLERANCE
    elif rule.kind == "max_rise":
        passed = delta <= rule.limit + TOLERANCE
    else:
        passed = -delta <= rule.limit + TOLERANCE
    return Check(rule, base, candidate, passed)


def sign_test_p(wins: int, losses: int) -> float:
    """One-sided exact sign test: P(at least `wins` of `wins + losses` fair coin flips).

    Ties (pairs where both models did the same) carry no information and are left out by the
    caller. No pairs that differ: 1.0 (nothing shown). Summed in log space, so tens of
    thousands of pairs cost milliseconds.
    """
    n = wins + losses
    if n <= 0:
        return 1.0
    log_half_n = n * math.log(0.5)
    terms = [math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + log_half_n
             for k in range(wins, n + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def compare(
    base: Mapping[str, float], candidate: Mapping[str, float], rules: Sequence[Rule]
) -> GateResult:
    """Check every rule against the two metric sets."""
    return GateResult(tuple(check(r, base.get(r.metric), candidate.get(r.metric)) for r in rules))


def fmt(value: float | None) -> str:
    """A metric for the report's tables (a dash: none)."""
    if value is None:
        return "–"
    return f"{value:.1e}" if 0 < abs(value) < 1e-3 else f"{value:.4f}"  # p-values run small


def markdown(result: GateResult) -> str:
    """The checks as a Markdown table plus the verdict."""
    lines = [
        f"**Verdict: {'deployable' if result.passed else 'NOT deployable'}**",
        "",
        "| metric | rule | base | adapted | pass |",
        "|---|---|---|---|---|",
    ]
    for c in result.checks:
        rule = f"{c.rule.kind} {c.rule.limit:g}"
        lines.append(
            f"| {c.rule.metric} | {rule} | {fmt(c.base)} | {fmt(c.candidate)} | "
            f"{'yes' if c.passed else 'NO'} |"
        )
    lines += ["", *[f"- {c.rule.metric}: {c.rule.why}" for c in result.checks if c.rule.why]]
    return "\n".join(lines)


def write_report(
    out: Path,
    title: str,
    result: GateResult,
    *,
    sections: Sequence[tuple[str, str]] = (),
    data: Mapping[str, Any] | None = None,
) -> None:
    """Write `report.md` and `report.json`; create `DEPLOYABLE` only when the gate passed."""
    body = [f"# {title}", "", markdown(result)]
    for heading, text in sections:
        body += ["", f"## {heading}", "", text]
    (out / "report.md").write_text("\n".join(body) + "\n", encoding="utf-8")
    report = {
        "title": title,
        "deployable": result.passed,
        "checks": [
            {**dataclasses.asdict(c.rule), "base": c.base, "candidate": c.candidate,
             "passed": c.passed}
            for c in result.checks
        ],
        **(data or {}),
    }  # fmt: skip
    (out / "report.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    marker = out / DEPLOYABLE_FILE
    if result.passed:
        marker.write_text("passed the gate; see report.md\n", encoding="utf-8")
    else:
        marker.unlink(missing_ok=True)


def is_deployable(out: Path) -> bool:
    """Whether the model in `out` passed its gate."""
    report = out / "report.json"
    if not (out / DEPLOYABLE_FILE).is_file() or not report.is_file():
        return False
    return bool(json.loads(report.read_text(encoding="utf-8")).get("deployable"))
