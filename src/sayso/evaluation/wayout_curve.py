"""The way out's trade-off, read from SLU rows: commands accepted vs open speech forced.

Each row records the constrained sentence's way-out score and whether that sentence was right
(`engines._constrained_fields`). Shifting the threshold by δ nats replays the decision on every
row without decoding again: a row is taken by the constrained path when score + δ >= 0, else it
falls to the older paths (their result is `legacy_accepted`). Commands count as accepted when
the decided reading is the right command; open speech (no gold intent) counts as forced when any
intent is read. Written as `slu_wayout_curve.json` and `slu_wayout_curve.png`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sayso.evaluation.report import write_json

SHIFTS = tuple(x / 2 for x in range(-16, 17))
"""Threshold shifts replayed, in nats (0: the calibrated rule)."""
FIGURE_SIZE = (6.0, 4.0)
"""Plot size in inches."""


Takes = Callable[[Mapping[str, Any]], bool]
"""Whether the way out takes a row's constrained sentence."""
ScoreOf = Callable[[Mapping[str, Any]], "float | None"]
"""A row's way-out score (default: the one the run decided with)."""


def run_score(row: Mapping[str, Any]) -> float | None:
    """The way-out score the run itself computed."""
    score = row.get("constrained_score")
    return None if score is None else float(score)


def shifted(shift: float, score_of: ScoreOf = run_score) -> Takes:
    """The decision with the threshold moved by `shift` nats."""

    def takes(row: Mapping[str, Any]) -> bool:
        score = score_of(row)
        return score is not None and score + shift >= 0

    return takes


def decided(row: Mapping[str, Any], takes: Takes, older: bool) -> bool:
    """Accepted (a command) or forced (open speech) when the way out decides by `takes`."""
    command = row.get("gold_intent") is not None
    # An exact parse (extended or not) is decided before the way out: its score is no decision.
    if row.get("path") in ("exact", "extended"):
        return bool(row["accepted"]) if command else row.get("pred_intent") is not None
    if takes(row):
        return bool(row.get("constrained_right"))
    if not older:
        return False
    legacy = bool(row.get("legacy_accepted", row["accepted"]))
    return legacy if command else not legacy


def rates(rows: Sequence[Mapping[str, Any]], takes: Takes) -> dict[str, Any]:
    """Acceptance and forced rate, with the older paths behind the constrained one and without."""
    commands = [r for r in rows if r.get("gold_intent") is not None]
    open_speech = [r for r in rows if r.get("gold_intent") is None]
    out: dict[str, Any] = {}
    for older in (False, True):
        out["with_older" if older else "constrained_only"] = {
            "acceptance": _rate([decided(r, takes, older) for r in commands]),
            "forced": _rate([decided(r, takes, older) for r in open_speech]),
        }
    return out


def curve(rows: Sequence[Mapping[str, Any]], score_of: ScoreOf = run_score) -> dict[str, Any]:
    """Acceptance and forced rate per shift, with and without the older paths behind."""
    commands = sum(r.get("gold_intent") is not None for r in rows)
    points = [{"shift": shift, **rates(rows, shifted(shift, score_of))} for shift in SHIFTS]
    return {"commands": commands, "open_speech": len(rows) - commands, "points": points}


def _rate(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def write_curve(
    out: Path, rows: Sequence[Mapping[str, Any]], score_of: ScoreOf = run_score
) -> list[str]:
    """Write the curve and its plot if the rows carry constrained decodes; notes for the summary."""
    if not any(r.get("constrained_score") is not None for r in rows):
        return []
    out.mkdir(parents=True, exist_ok=True)
    data = curve(rows, score_of)
    write_json(out / "slu_wayout_curve.json", data)
    _plot(out / "slu_wayout_curve.png", data)
    at_zero = next(p for p in data["points"] if p["shift"] == 0)
    notes = []
    for key, label in (("constrained_only", "exact + constrained"), ("with_older", "all paths")):
        acc, forced = at_zero[key]["acceptance"], at_zero[key]["forced"]
        notes.append(
            f"Way out at the calibrated point, {label}: command acc. {_pct(acc)} of "
            f"{data['commands']}, open speech forced {_pct(forced)} of {data['open_speech']}."
        )
    return notes


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _plot(path: Path, data: Mapping[str, Any]) -> None:
    figure = Figure(figsize=FIGURE_SIZE)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    both = data["commands"] and data["open_speech"]
    for key, style in (("constrained_only", "-"), ("with_older", "--")):
        shifts = [p["shift"] for p in data["points"]]
        acc = [p[key]["acceptance"] for p in data["points"]]
        forced = [p[key]["forced"] for p in data["points"]]
        if both:
            axes.plot([100 * f for f in forced], [100 * a for a in acc], style, label=key)
        else:
            values = acc if data["commands"] else forced
            axes.plot(shifts, [100 * v for v in values], style, label=key)
    if both:
        axes.set_xlabel("open speech forced into an intent (%)")
        axes.set_ylabel("command acceptance (%)")
    else:
        axes.set_xlabel("threshold shift (nats; 0 = calibrated)")
        axes.set_ylabel("command acceptance (%)" if data["commands"] else "open speech forced (%)")
    axes.set_title("Constrained decoding: the way out's trade-off")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(str(path))
