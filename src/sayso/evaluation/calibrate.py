"""Fit the constrained decoder's way out from SLU evaluation rows (`sayso eval calibrate`).

Run `sayso eval slu` on a calibration split — open speech and commands, never the sets reported —
then fit from its rows: open speech whose constrained sentence reads as an intent is what must
not be taken, commands whose constrained sentence is the right command are what should be.
Rows whose free transcript already parsed (path "exact") never reach the way out and are left
out. The fit is stored for the model the rows were decoded with (`model_identity`). Rows of a
single-domain run (`--only-custom`) carry the model's sole identity (`<identity>#sole`) and fit
its sole way out: a wrong reading costs nothing there (no reading fails the command too), and the
no-speech ceiling is fitted as well (`wayout.SOLE_MAX_NO_SPEECH_GRID`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sayso.errors import BadInput
from sayso.understanding.grammar.sole import RANK_PER_MISSING
from sayso.understanding.grammar.wayout import (
    DEFAULT_MAX_NO_SPEECH,
    FIT_MARGIN,
    SOLE_MAX_NO_SPEECH_GRID,
    SOLE_SUFFIX,
    TARGET_FORCED,
    Sample,
    WayOut,
)
from sayso.understanding.grammar.wayout_fit import PER_MISSING_GRID, fit_wayout, sample_score


def samples_from_rows(rows: Iterable[dict[str, Any]]) -> tuple[str, list[Sample]]:
    """(model identity, samples) of rows that reached the way out."""
    identities: set[str] = set()
    samples: list[Sample] = []
    for row in rows:
        if row.get("constrained_ratio") is None or row.get("path") == "exact":
            continue
        if row.get("free_parsed"):
            continue
        command = row.get("gold_intent") is not None
        right = bool(row.get("constrained_right"))
        if not command and not right:
            continue  # open speech no intent would take: the way out need not stop it
        identities.add(str(row["model_identity"]))
        samples.append(
            Sample(
                float(row["constrained_ratio"]),
                int(row["free_tokens"]),
                int(row["constrained_tokens"]),
                float(row.get("no_speech_prob", 0.0)),
                command,
                right,
                int(row.get("constrained_tail", 0)),
            )
        )
    if len(identities) != 1:
        raise BadInput(f"rows must come from one model, found {sorted(identities) or 'none'}")
    return identities.pop(), samples


def read_rows(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """Rows of `slu_utterances.jsonl` files (or folders holding one)."""
    rows = []
    for path in paths:
        file = path / "slu_utterances.jsonl" if path.is_dir() else path
        if not file.is_file():
            raise BadInput(f"{file}: no such rows file (run 'sayso eval slu' first)")
        rows += [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line]
    return rows


def calibrate(
    paths: Sequence[Path], target: float = TARGET_FORCED, margin: float | None = None
) -> tuple[str, WayOut, str]:
    """(model identity, fitted rule, one-line summary) from the rows in `paths`.

    `margin`: nats the offset stays below the open speech it stops (None: `FIT_MARGIN`, and
    none for the sole way out).
    """
    return calibrate_rows(read_rows(paths), target, margin)


def calibrate_rows(
    rows: Iterable[dict[str, Any]], target: float = TARGET_FORCED, margin: float | None = None
) -> tuple[str, WayOut, str]:
    """`calibrate` on rows already read (`sayso adapt asr` fits the model it serves so)."""
    identity, samples = samples_from_rows(rows)
    # The sole way out (a single domain, `sole.py`) only stops what is clearly not the domain:
    # a wrong reading costs no more than none, and silence-like audio may still be a command.
    sole = identity.endswith(SOLE_SUFFIX)
    try:
        rule = fit_wayout(
            samples,
            target,
            wrong_cost=0.0 if sole else 1.0,
            no_speech_grid=SOLE_MAX_NO_SPEECH_GRID if sole else (DEFAULT_MAX_NO_SPEECH,),
            # The sole way out charges what a sentence leaves out as the sole ranking does.
            per_missing_grid=(RANK_PER_MISSING,) if sole else PER_MISSING_GRID,
            margin=(0.0 if sole else FIT_MARGIN) if margin is None else margin,
        )
    except ValueError as exc:
        raise BadInput(f"cannot calibrate: {exc}") from None
    commands = [s for s in samples if s.command and s.right]
    wrong = [s for s in samples if s.command and not s.right]
    open_speech = [s for s in samples if not s.command]
    taken = sum(rule.accepts(sample_score(rule, s), s.no_speech_prob) for s in commands)
    mistaken = sum(rule.accepts(sample_score(rule, s), s.no_speech_prob) for s in wrong)
    forced = sum(rule.accepts(sample_score(rule, s), s.no_speech_prob) for s in open_speech)
    summary = (
        f"{identity}: offset {rule.offset:.3f}, per token {rule.per_token:.3f}, per missing "
        f"token {rule.per_missing:.3f}, per said token {rule.per_said:.3f}, no-speech ceiling "
        f"{rule.max_no_speech:.2f}; on this split "
        f"{taken}/{len(commands)} right command readings taken, {mistaken}/{len(wrong)} wrong "
        f"ones, {forced}/{len(open_speech)} open-speech readings forced"
    )
    return identity, rule, summary


def fitted_score(rule: WayOut) -> Callable[[Mapping[str, Any]], float | None]:
    """A row's way-out score under `rule` (None when no-speech vetoes it or none was decoded)."""

    def score(row: Mapping[str, Any]) -> float | None:
        if row.get("constrained_ratio") is None:
            return None
        if float(row.get("no_speech_prob", 0.0)) > rule.max_no_speech:
            return None
        return rule.score(
            float(row["constrained_ratio"]),
            0.0,
            int(row["free_tokens"]),
            int(row["constrained_tokens"]),
            int(row.get("constrained_tail", 0)),
        )

    return score


def write_fitted_curve(rule: WayOut, paths: Sequence[Path], out: Path) -> list[str]:
    """The trade-off curve of `rule` over all rows of `paths` together.

    Commands and open speech in one plot: acceptance against open speech forced as the
    threshold shifts.
    """
    from sayso.evaluation.wayout_curve import write_curve

    return write_curve(out, read_rows(paths), fitted_score(rule))


def replay(rule: WayOut, paths: Sequence[Path]) -> list[str]:
    """What `rule` would decide on other rows (the report split): one line per rows folder."""
    from sayso.evaluation.wayout_curve import rates

    score_of = fitted_score(rule)

    def takes(row: dict[str, Any]) -> bool:
        score = score_of(row)
        return score is not None and score >= 0.0

    lines = []
    for path in paths:
        found = rates(read_rows([path]), takes)  # type: ignore[arg-type]
        parts = [
            f"{key}: acceptance {_pct(v['acceptance'])}, open speech forced {_pct(v['forced'])}"
            for key, v in found.items()
        ]
        lines.append(f"{path}: " + "; ".join(parts))
    return lines


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f} %"
