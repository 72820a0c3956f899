"""The brain's adaptation gate: the adapted model must beat the base and break nothing.

Shaped like the generic gate of the recogniser's adaptation (flat metric dicts for base and
candidate, rules of kind min_gain / max_rise / max_drop, `report.md` + `report.json`, and a
`DEPLOYABLE` file only when every rule passes), so it can move onto `sayso.adapt.gate` as is.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

DEPLOYABLE_FILE: Final = "DEPLOYABLE"
"""Present in an output folder whose adapter passed the gate."""
Kind = Literal["min_gain", "max_rise", "max_drop"]


@dataclasses.dataclass(frozen=True)
class Rule:
    """One condition on a metric, candidate against base."""

    metric: str
    kind: Kind
    """min_gain: candidate − base ≥ limit; max_rise: candidate − base ≤ limit; max_drop:
    base − candidate ≤ limit."""
    limit: float
    why: str


RULES: Final[tuple[Rule, ...]] = (
    Rule("generated.tool_choice", "min_gain", 0.05,
         "held-out paraphrases (templates never trained on): the point of adapting"),
    Rule("generated.tool_and_arguments", "max_drop", 0.0, "the arguments must not get worse"),
    Rule("labelled.tool_choice", "max_drop", 0.0, "the repo's labelled set must not get worse"),
    Rule("labelled.tool_and_arguments", "max_drop", 0.0, "nor its arguments"),
    Rule("generated.no_tool_actions", "max_rise", 0.0,
         "no more state-changing calls on questions, chit-chat and fragments"),
    Rule("labelled.no_tool_actions", "max_rise", 0.0, "the same on the labelled open questions"),
    Rule("labelled.validity", "max_drop", 0.0, "every call still validates"),
)
"""What an adapter must meet to be deployable."""


@dataclasses.dataclass(frozen=True)
class Check:
    """One rule evaluated."""

    rule: Rule
    base: float | None
    candidate: float | None
    passed: bool


def compare(base: Mapping[str, float], candidate: Mapping[str, float],
            rules: Sequence[Rule] = RULES) -> list[Check]:
    """Every rule checked; a missing or non-finite metric fails."""
    checks = []
    for rule in rules:
        b, c = base.get(rule.metric), candidate.get(rule.metric)
        if b is None or c is None or not math.isfinite(b + c):
            checks.append(Check(rule, b, c, False))
            continue
        delta = c - b
        passed = {"min_gain": delta >= rule.limit - 1e-9, "max_rise": delta <= rule.limit + 1e-9,
                  "max_drop": -delta <= rule.limit + 1e-9}[rule.kind]
        checks.append(Check(rule, b, c, passed))
    return checks


def passed(checks: Sequence[Check]) -> bool:
    """True only when there are checks and all passed."""
    return bool(checks) and all(c.passed for c in checks)


def write_report(out: Path, title: str, checks: Sequence[Check], *,
                 sections: Sequence[tuple[str, str]] = (),
                 data: Mapping[str, Any] | None = None) -> None:
    """`report.md` and `report.json` in `out`; `DEPLOYABLE` only when every check passed."""
    ok = passed(checks)
    lines = [f"# {title}", "", f"**Verdict: {'deployable' if ok else 'NOT deployable'}**", "",
             "| metric | rule | base | adapted | pass |", "|---|---|---|---|---|"]
    for c in checks:
        lines.append(f"| {c.rule.metric} | {c.rule.kind} {c.rule.limit:g} | {_fmt(c.base)} | "
                     f"{_fmt(c.candidate)} | {'yes' if c.passed else 'NO'} |")
    lines += ["", *(f"- {c.rule.metric}: {c.rule.why}" for c in checks)]
    for heading, text in sections:
        lines += ["", f"## {heading}", "", text]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = {"title": title, "deployable": ok,
              "checks": [{**dataclasses.asdict(c.rule), "base": c.base, "candidate": c.candidate,
                          "passed": c.passed} for c in checks],
              **(data or {})}
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    marker = out / DEPLOYABLE_FILE
    if ok:
        marker.write_text("passed the gate; see report.md\n", encoding="utf-8")
    elif marker.exists():
        marker.unlink()


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def describe_lora(lora: str) -> str:
    """One line for `sayso engines --config`: the configured adapter and its gate verdict."""
    folder = Path(lora).expanduser().parent
    line = f"llm lora: {lora}"
    if (folder / "report.json").is_file():
        verdict = ("passed its gate" if (folder / DEPLOYABLE_FILE).is_file()
                   else "did NOT pass its gate")
        line += f" (adapted by sayso adapt llm; {verdict}: {folder / 'report.md'})"
    return line
