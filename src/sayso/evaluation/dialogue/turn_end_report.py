"""Score end-of-turn policies on replayed pauses: false cut-offs against the silence waited.

A policy cuts a turn off when, at some mid-turn pause, the silence lasted at least what the policy
asks for that pause's cues. Its latency is the silence it asks for at the turn's real end (the
live session ends the turn then, or when the speculation is ready, whichever is later; the
recognition time is not counted here, so cut-offs are counted generously). Policies are chosen
on the calibration half and reported on the other half (`turn_end.split_of`).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sayso.evaluation.dialogue.turn_end import Pause, TurnPauses
from sayso.session.turn_end import Cues, TurnEndPolicy

MAX_CUTOFF_RATE = 0.02
"""The goal: at most 2 % of turns cut off."""
SILENCE_ONLY_MS = (256, 384, 500, 640, 800, 1000)
"""Fixed silence timeouts, the curve without cues."""
GRID: dict[str, Sequence[Any]] = {
    "confident_ms": (96, 128, 160, 192, 256),
    "early_ms": (192, 256, 384),
    "hold_ms": (500, 800, 1000),
    "confident_score": (0.75, 1.0),
    "fall_st": (0.5, 1.0, 2.0),
}
"""Policies tried on the calibration half."""
TODAY = TurnEndPolicy(confident_ms=256, early_ms=256, hold_ms=500)
"""The endpoint before this change: a complete command after 256 ms, anything else 500 ms."""

Needed = Callable[[Cues], float]


@dataclasses.dataclass(frozen=True)
class Score:
    """One policy on one set of turns."""

    turns: int
    cutoffs: int
    end_p50_ms: float
    end_mean_ms: float
    command_p50_ms: float
    """Median silence at the end of turns whose end was understood as a complete command."""

    @property
    def cutoff_rate(self) -> float:
        """Share of turns ended at a mid-turn pause."""
        return self.cutoffs / self.turns if self.turns else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {**dataclasses.asdict(self), "cutoff_rate": round(self.cutoff_rate, 4)}


def score(turns: Sequence[TurnPauses], needed: Needed) -> Score:
    """Cut-offs and end silence of a policy (`needed`: cues → silence that ends the turn)."""
    cut = sum(any(not p.final and p.silence_ms >= needed(p.cues) for p in t.pauses) for t in turns)
    ends = [_end(t) for t in turns]
    waits = [needed(p.cues) for p in ends if p is not None]
    commands = [needed(p.cues) for p in ends if p is not None and p.cues.grammar == "complete"]
    return Score(
        turns=len(turns), cutoffs=cut,
        end_p50_ms=_p50(waits), end_mean_ms=float(np.mean(waits)) if waits else 0.0,
        command_p50_ms=_p50(commands),
    )


def policies() -> Iterable[TurnEndPolicy]:
    """Every policy of the grid."""
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        yield TurnEndPolicy(**dict(zip(keys, values, strict=True)))


def calibrate(turns: Sequence[TurnPauses]) -> TurnEndPolicy:
    """The policy with the least mean end silence within the cut-off goal (ties: fewer cuts)."""
    best: tuple[float, int, TurnEndPolicy] | None = None
    for policy in policies():
        s = score(turns, policy.silence_ms)
        if s.cutoff_rate <= MAX_CUTOFF_RATE:
            key = (s.end_mean_ms, s.cutoffs, policy)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best is not None else TODAY


def summarize(turns: Sequence[TurnPauses]) -> dict[str, Any]:
    """Calibrate on one half, report on the other; curves for fixed silences and the policy."""
    cal = [t for t in turns if t.split == "calibrate"]
    rep = [t for t in turns if t.split == "report"]
    chosen = calibrate(cal)
    rows: dict[str, Any] = {}
    for label, needed in [
        *((f"silence only {ms} ms", _fixed(ms)) for ms in SILENCE_ONLY_MS),
        ("today (complete 256 ms, else 500 ms)", TODAY.silence_ms),
        ("cues, calibrated", chosen.silence_ms),
        *((f"cues, confident {ms} ms", dataclasses.replace(chosen, confident_ms=ms).silence_ms)
          for ms in GRID["confident_ms"]),
    ]:
        rows[label] = {"calibrate": score(cal, needed).to_dict(),
                       "report": score(rep, needed).to_dict()}
    return {
        "turns": {"calibrate": len(cal), "report": len(rep)},
        "missed_turns": sum(_end(t) is None for t in turns),
        "policy": dataclasses.asdict(chosen),
        "rows": rows,
        "cutoffs_by_kind": _by_kind(rep, chosen.silence_ms),
    }


def write_report(out: Path, turns: Sequence[TurnPauses], summary: dict[str, Any]) -> Path:
    """turn_end.jsonl (every pause), turn_end_summary.json, .md and the curve plot."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "turn_end.jsonl").open("w", encoding="utf-8") as f:
        for t in turns:
            f.write(json.dumps(t.to_dict()) + "\n")
    (out / "turn_end_summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    _plot(out / "turn_end_curve.png", summary)
    lines = [
        f"Turns: calibrate {summary['turns']['calibrate']}, report {summary['turns']['report']}"
        f" (no endpoint found: {summary['missed_turns']}). Calibrated policy: {summary['policy']}",
        "",
        "| policy | cut-offs (report) | end silence p50 / mean ms | commands p50 ms | "
        "cut-offs (calibrate) |",
        "|---|---|---|---|---|",
    ]
    for label, row in summary["rows"].items():
        r, c = row["report"], row["calibrate"]
        lines.append(
            f"| {label} | {r['cutoffs']}/{r['turns']} ({100 * r['cutoff_rate']:.1f} %) | "
            f"{r['end_p50_ms']:.0f} / {r['end_mean_ms']:.0f} | {r['command_p50_ms']:.0f} | "
            f"{c['cutoffs']}/{c['turns']} ({100 * c['cutoff_rate']:.1f} %) |"
        )
    lines += ["", f"Cut-offs by kind (report, calibrated): {summary['cutoffs_by_kind']}"]
    path = out / "turn_end_summary.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _end(turn: TurnPauses) -> Pause | None:
    return next((p for p in turn.pauses if p.final), None)


def _fixed(ms: float) -> Needed:
    return lambda _: ms


def _p50(values: Sequence[float]) -> float:
    return float(np.median(values)) if values else 0.0


def _by_kind(turns: Sequence[TurnPauses], needed: Needed) -> dict[str, str]:
    kinds: dict[str, list[TurnPauses]] = {}
    for t in turns:
        kinds.setdefault(t.name.rsplit("-", 1)[0], []).append(t)
    return {k: f"{score(v, needed).cutoffs}/{len(v)}" for k, v in sorted(kinds.items())}


def _plot(path: Path, summary: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for prefix, style in (("silence only", "o-"), ("cues, confident", "s-")):
        points = [(r["report"]["end_mean_ms"], 100 * r["report"]["cutoff_rate"])
                  for k, r in summary["rows"].items() if k.startswith(prefix)]
        xs, ys = zip(*sorted(points), strict=True) if points else ((), ())
        ax.plot(xs, ys, style, label=prefix)
    today = summary["rows"]["today (complete 256 ms, else 500 ms)"]["report"]
    ax.plot(today["end_mean_ms"], 100 * today["cutoff_rate"], "k^", label="today")
    ax.axhline(100 * MAX_CUTOFF_RATE, color="grey", linestyle=":")
    ax.set_xlabel("mean silence before the turn ends, ms (report half)")
    ax.set_ylabel("false cut-offs, % of turns")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
