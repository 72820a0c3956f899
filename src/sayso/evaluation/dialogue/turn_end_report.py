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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sayso.evaluation.dialogue.turn_end import Pause, TurnPauses
from sayso.session.turn_end import LEVELS, Cues, TurnEndPolicy

MAX_CUTOFF_RATE = 0.02
"""The goal: at most 2 % of turns cut off."""
SILENCE_ONLY_MS = (256, 384, 500, 640, 800, 1000, 1200)
"""Fixed silence timeouts, the curve without cues."""
TABLE_MS = (128, 192, 256, 384, 500, 640, 800, 1000, 1200)
"""Silences a score level may get (tables are non-increasing in the score)."""
HOLD_MS = (500, 640, 800, 1000, 1200)
FALL_ST = (0.5, 1.0, 2.0)
TODAY = "today (complete 256 ms, else 500 ms)"
"""The endpoint before this change: a complete command after 256 ms, anything else 500 ms."""

FAST = "cues, one-go commands as fast as today (p50 <= 256 ms), fewest cut-offs"
ONE_GO = "complete"
"""Scenario names of commands said in one go start with this (scripts/make_turn_end_scenarios)."""
TODAY_COMMAND_MS = 256.0

Needed = Callable[[Cues], float]


def today(cues: Cues) -> float:
    """The silence the endpoint before this change waited."""
    return 256.0 if cues.grammar == "complete" else 500.0


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


def policies() -> Iterator[TurnEndPolicy]:
    """Every policy tried: non-increasing tables x holds x pitch-fall thresholds."""
    tables = itertools.combinations_with_replacement(sorted(TABLE_MS, reverse=True), LEVELS)
    for table, hold, fall in itertools.product(list(tables), HOLD_MS, FALL_ST):
        yield TurnEndPolicy(by_score_ms=tuple(table), hold_ms=hold, fall_st=fall)


def frontier(turns: Sequence[TurnPauses]) -> list[tuple[float, float, TurnEndPolicy]]:
    """(cut-off rate, mean end silence, policy) of the policies no other one beats on both."""
    fast = _Fast(turns)
    points = sorted(((*fast.rate_and_mean(p), p) for p in policies()), key=lambda x: x[:2])
    best: list[tuple[float, float, TurnEndPolicy]] = []
    for rate, mean, policy in points:
        if not best or mean < best[-1][1]:
            best.append((rate, mean, policy))
    return best


def summarize(turns: Sequence[TurnPauses]) -> dict[str, Any]:
    """Calibrate on one half, report on the other: fixed silences, today, the cue frontier."""
    cal = [t for t in turns if t.split == "calibrate"]
    rep = [t for t in turns if t.split == "report"]
    front = frontier(cal)
    within = [f for f in front if f[0] <= MAX_CUTOFF_RATE]
    chosen = min(within, key=lambda f: f[1])[2] if within else front[0][2]
    fast = fast_as_today(cal)
    rows: dict[str, Any] = {}
    named: list[tuple[str, Needed]] = [
        *((f"silence only {ms} ms", _fixed(ms)) for ms in SILENCE_ONLY_MS),
        (TODAY, today),
        ("cues, calibrated (<= 2 % on the calibration half)", chosen.silence_ms),
        (FAST, fast.silence_ms),
        *((f"cues, frontier {100 * rate:.1f} % on calibration", policy.silence_ms)
          for rate, _, policy in front),
    ]
    for label, needed in named:
        rows[label] = {"calibrate": score(cal, needed).to_dict(),
                       "report": score(rep, needed).to_dict()}
    return {
        "turns": {"calibrate": len(cal), "report": len(rep)},
        "missed_turns": sum(_end(t) is None for t in turns),
        "policy": dataclasses.asdict(chosen),
        "fast_policy": dataclasses.asdict(fast),
        "rows": rows,
        "cutoffs_by_kind": _by_kind(rep, chosen.silence_ms),
        "fast_cutoffs_by_kind": _by_kind(rep, fast.silence_ms),
    }


def fast_as_today(turns: Sequence[TurnPauses]) -> TurnEndPolicy:
    """The policy with the fewest cut-offs whose one-go commands end as soon as today's (p50)."""
    everything, one_go = _Fast(turns), _Fast([t for t in turns if t.name.startswith(ONE_GO)])
    best: tuple[float, float, TurnEndPolicy] | None = None
    for policy in policies():
        if one_go.end_p50(policy) > TODAY_COMMAND_MS:
            continue
        rate, mean = everything.rate_and_mean(policy)
        if best is None or (rate, mean) < best[:2]:
            best = (rate, mean, policy)
    assert best is not None  # the shortest table always qualifies
    return best[2]


class _Fast:
    """The pauses of a set as arrays, so thousands of policies score in seconds."""

    def __init__(self, turns: Sequence[TurnPauses]) -> None:
        pauses = [(k, p) for k, t in enumerate(turns) for p in t.pauses]
        self.n = len(turns)
        self.turn = np.array([k for k, _ in pauses], int)
        self.silence = np.array([p.silence_ms for _, p in pauses], float)
        self.final = np.array([p.final for _, p in pauses], bool)
        self.dangling = np.array([p.cues.dangling for _, p in pauses], bool)
        self._pauses = [p for _, p in pauses]
        self._levels: dict[float, np.ndarray] = {}

    def levels(self, fall: float) -> np.ndarray:
        if fall not in self._levels:
            policy = TurnEndPolicy(fall_st=fall)
            self._levels[fall] = np.array(
                [min(round(policy.score(p.cues) * (LEVELS - 1)), LEVELS - 1)
                 for p in self._pauses], int)
        return self._levels[fall]

    def rate_and_mean(self, policy: TurnEndPolicy) -> tuple[float, float]:
        table = np.array(policy.by_score_ms, float)
        needed = np.where(self.dangling, policy.hold_ms, table[self.levels(policy.fall_st)])
        cut = np.bincount(self.turn[~self.final & (self.silence >= needed)], minlength=self.n)
        ends = needed[self.final]
        return float((cut > 0).sum() / max(self.n, 1)), float(ends.mean()) if len(ends) else 0.0

    def end_p50(self, policy: TurnEndPolicy) -> float:
        table = np.array(policy.by_score_ms, float)
        needed = np.where(self.dangling, policy.hold_ms, table[self.levels(policy.fall_st)])
        ends = needed[self.final]
        return float(np.median(ends)) if len(ends) else 0.0


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
    lines += ["", f"Cut-offs by kind (report half), <= 2 % policy: {summary['cutoffs_by_kind']}; "
              f"fast policy {summary['fast_policy']}: {summary['fast_cutoffs_by_kind']}"]
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
    for prefix, style in (("silence only", "o-"), ("cues, frontier", "s-")):
        points = [(r["report"]["end_mean_ms"], 100 * r["report"]["cutoff_rate"])
                  for k, r in summary["rows"].items() if k.startswith(prefix)]
        xs, ys = zip(*sorted(points), strict=True) if points else ((), ())
        ax.plot(xs, ys, style, label=prefix)
    before = summary["rows"][TODAY]["report"]
    ax.plot(before["end_mean_ms"], 100 * before["cutoff_rate"], "k^", label="today")
    ax.axhline(100 * MAX_CUTOFF_RATE, color="grey", linestyle=":")
    ax.set_xlabel("mean silence before the turn ends, ms (report half)")
    ax.set_ylabel("false cut-offs, % of turns")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
