"""Score end-of-turn policies on replayed pauses: false cut-offs against the silence waited.

A policy cuts a turn off when, at some mid-turn pause, the silence lasted at least what the policy
asks for that pause's cues. Its latency is the silence it asks for at the turn's real end (the
live session ends the turn then, or when the speculation is ready, whichever is later; the
recognition time is not counted here, so cut-offs are counted generously). The model and its
tiers are fitted on the calibration half (`turn_end_fit`) and reported on the other half
(`turn_end.split_of`); never the other way round.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sayso.evaluation.dialogue.turn_end import Pause, TurnPauses
from sayso.evaluation.dialogue.turn_end_fit import (
    DEFAULT_SILENCES,
    ONE_GO,
    Pauses,
    Tiers,
    cue_auc,
    fit,
    policy_of,
    search,
)
from sayso.session.turn_end import (
    CUT_POINTS,
    DANGLING,
    FEATURES,
    ROUND_19_CUT_POINTS,
    EndModel,
    TurnEndPolicy,
)

MAX_CUTOFF_RATE = 0.02
"""The goal: at most 2 % of turns cut off."""
FAST_COMMAND_MS = 256.0
"""One-go commands end after this much silence (p50) in the "fast" operating point."""
SILENCE_ONLY_MS = (256, 384, 500, 640, 800, 1000, 1200)
"""Fixed silence timeouts, the curve without cues."""
BEFORE = "round 1 (complete command 256 ms, else 500 ms)"
ROUND_2 = "round 2 default (hand score table)"
ROUND_3 = "round 3 model (fitted on renders without variation)"
ROUND_3_POLICY = TurnEndPolicy(
    model=EndModel(weights=(0.79, -0.34, -2.309, -0.07, -1.429, 1.308, 0.563, -0.174),
                   bias=-5.105),
    cut_points=(0.8, 0.35, 0.2), audio_veto=None, sure_needs_command=False, mid_pause_ms=0,
    amounts_wait=False,
)
"""Round 3's default (BENCHMARKS.md, "End of turn, round 3"), kept to compare against."""
SHIPPED = "shipped default (session/turn_end.py as committed, not refitted)"
"""The session's own policy scored as is: on another replay (other renders) it says how the
calibration carries over; the fitted rows below are refitted on whatever was replayed."""
UNCAPPED = "round 11 default (any turn may be sure, amounts not held, sure at 0.8)"
UNPAUSED = "round 18 default (earlier pauses ignored, amounts not held, sure at 0.8)"
UNAMOUNTED = "round 19 default (amounts not held, sure at 0.8)"
SURE_SWEEP = (0.8, 0.75, 0.65, 0.6, 0.5)
"""Other "sure" cut points of the shipped policy (it ships 0.7: `turn_end.CUT_POINTS`)."""
AUDIO_VETOES = (None, 0.1, 0.2, 0.3)
"""Vetoes of the audio end-of-turn model scored with the shipped model (`TurnEndPolicy.
audio_veto`; None: none). Replays without its cue score the same for every one."""
OLD_CUES = ("complete", "stop", "fall")
ABLATIONS: dict[str, tuple[str, ...]] = {
    "old cues (grammar, full stop, pitch)": OLD_CUES,
    "+ Whisper's end and pause probabilities": (*OLD_CUES, "end", "pause"),
    "+ grammar could continue": (*OLD_CUES, "end", "pause", "more_words", "more_digits"),
    "all cues (+ final lengthening)": FEATURES,
}
"""Fitted models compared, each with the cues it may use (the last is the session's)."""

Needed = Callable[[Pause], float]
"""A policy as the scoring sees it: the silence that ends the turn at a pause."""
_LETTER_WORDS = re.compile(r"[a-z']+")


def before(pause: Pause) -> float:
    """The endpoint of round 1: a complete command after 256 ms, anything else 500 ms."""
    return 256.0 if pause.cues.grammar == "complete" else 500.0


def round_2(pause: Pause) -> float:
    """Round 2's hand table: complete 0.5 + full stop 0.25 + fall >= 2 st 0.25, dangling holds.

    Its dangling word skipped digits ("set the thermostat to 20": "to"), as it did then.
    """
    cues = pause.cues
    words = _LETTER_WORDS.findall(pause.text.lower())
    if words and words[-1] in DANGLING:
        return 1000.0
    fell = cues.pitch_change_st is not None and cues.pitch_change_st <= -2.0
    level = 2 * (cues.grammar == "complete") + cues.punctuated + fell
    return (1000.0, 1000.0, 800.0, 256.0, 256.0)[level]


def of(policy: TurnEndPolicy) -> Needed:
    """A session policy as a scoring function."""
    return lambda pause: policy.silence_ms(pause.cues)


@dataclasses.dataclass(frozen=True)
class Score:
    """One policy on one set of turns."""

    turns: int
    cutoffs: int
    end_p50_ms: float
    end_mean_ms: float
    one_go_p50_ms: float
    """Median silence at the end of commands said in one go."""
    one_go_mean_ms: float

    @property
    def cutoff_rate(self) -> float:
        """Share of turns ended at a mid-turn pause."""
        return self.cutoffs / self.turns if self.turns else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {**dataclasses.asdict(self), "cutoff_rate": round(self.cutoff_rate, 4)}


def score(turns: Sequence[TurnPauses], needed: Needed) -> Score:
    """Cut-offs and end silence of a policy (`needed`: pause → silence that ends the turn)."""
    cut = sum(any(not p.final and p.silence_ms >= needed(p) for p in t.pauses) for t in turns)
    ends = [(t, p) for t in turns if (p := _end(t)) is not None]
    waits = [needed(p) for _, p in ends]
    one_go = [needed(p) for t, p in ends if t.name.startswith(ONE_GO)]
    return Score(len(turns), cut, _p50(waits), _mean(waits), _p50(one_go), _mean(one_go))


@dataclasses.dataclass(frozen=True)
class Fitted:
    """One fitted model and the two operating points chosen for it on the calibration half."""

    use: tuple[str, ...]
    safe: TurnEndPolicy
    """<= 2 % cut-offs on the calibration half, one-go commands as fast as that allows."""
    fast: TurnEndPolicy
    """One-go commands end after <= 256 ms (p50), as few cut-offs as that allows."""
    frontier: list[TurnEndPolicy]
    """Policies no other beats on both cut-offs and mean end silence (calibration half)."""


def calibrate(
    cal: Sequence[TurnPauses], use: Sequence[str], margin: float = 1.0,
    fixed: Sequence[Tiers] = (),
) -> Fitted:
    """Fit the model on `cal`, then pick its tiers there (`search`: margin, fixed silences)."""
    model = fit(cal, use)
    points = search(Pauses(cal, model), margin, fixed)
    within = [x for x in points if x[0][0] <= MAX_CUTOFF_RATE]
    if within:  # as fast for one-go commands as the goal allows
        safe = min(within, key=lambda x: (x[0][3], x[0][1]))
    else:
        safe = min(points, key=lambda x: (x[0][0], x[0][3]))
    quick = [x for x in points if x[0][2] <= FAST_COMMAND_MS] or points
    fast = min(quick, key=lambda x: (x[0][0], x[0][1]))
    frontier: list[TurnEndPolicy] = []
    best_mean = float("inf")
    for (_, mean, _, _), tiers in sorted(points, key=lambda x: (x[0][0], x[0][1])):
        if mean < best_mean:
            best_mean = mean
            frontier.append(policy_of(tiers, model))
    return Fitted(tuple(use), policy_of(safe[1], model), policy_of(fast[1], model), frontier)


def summarize(turns: Sequence[TurnPauses]) -> dict[str, Any]:
    """Calibrate on one half, report on the other: fixed silences, earlier rounds, fitted cues.

    Each model's cut points are fitted with the session's silences fixed (`DEFAULT_SILENCES`)
    by the "safe" rule (the session's default); the full model also by the "fast" rule and with
    every silence searched, which gives the curve (its frontier).
    """
    cal = [t for t in turns if t.split == "calibrate"]
    rep = [t for t in turns if t.split == "report"]
    fitted = {label: calibrate(cal, use, fixed=(DEFAULT_SILENCES,))
              for label, use in ABLATIONS.items()}
    full = fitted[list(ABLATIONS)[-1]]
    default = full.safe
    searched = calibrate(cal, FEATURES)
    named: list[tuple[str, Needed]] = [
        *((f"silence only {ms} ms", _fixed(ms)) for ms in SILENCE_ONLY_MS),
        (BEFORE, before),
        (ROUND_2, round_2),
        (ROUND_3, of(ROUND_3_POLICY)),
        (SHIPPED, of(TurnEndPolicy())),
        *((f"shipped default, sure at P(over) {sure}",
           of(TurnEndPolicy(cut_points=(sure, *CUT_POINTS[1:])))) for sure in SURE_SWEEP),
        (UNAMOUNTED, of(TurnEndPolicy(amounts_wait=False, cut_points=ROUND_19_CUT_POINTS))),
        (UNPAUSED, of(TurnEndPolicy(mid_pause_ms=0, amounts_wait=False,
                                    cut_points=ROUND_19_CUT_POINTS))),
        (UNCAPPED, of(TurnEndPolicy(sure_needs_command=False, audio_veto=None, mid_pause_ms=0,
                                    amounts_wait=False, cut_points=ROUND_19_CUT_POINTS))),
        *((f"shipped default, audio model veto below {veto}",
           of(TurnEndPolicy(audio_veto=veto))) for veto in AUDIO_VETOES),
        *((f"{label}, silences {_silences(DEFAULT_SILENCES)}", of(f.safe))
          for label, f in fitted.items()),
        (f"all cues, silences {_silences(DEFAULT_SILENCES)}, fast rule", of(full.fast)),
        ("all cues, every silence searched: <= 2 % on calibration", of(searched.safe)),
        ("all cues, every silence searched: one-go commands <= 256 ms", of(searched.fast)),
        *((f"frontier {k}", of(p)) for k, p in enumerate(searched.frontier)),
    ]
    rows = {label: {"calibrate": score(cal, needed).to_dict(),
                    "report": score(rep, needed).to_dict()} for label, needed in named}
    return {
        "turns": {"calibrate": len(cal), "report": len(rep)},
        "missed_turns": sum(_end(t) is None for t in turns),
        "before_amounts": sum(not t.amounts_known for t in turns),
        "cue_auc_calibration": cue_auc(cal),
        "models": {label: {"use": f.use, "weights": dict(zip(FEATURES, f.safe.model.weights,
                                                               strict=True)),
                           "bias": f.safe.model.bias, "safe": _policy(f.safe),
                           "fast": _policy(f.fast)}
                   for label, f in fitted.items()},
        "searched": {"safe": _policy(searched.safe), "fast": _policy(searched.fast)},
        "rows": rows,
        "cutoffs_by_kind": {"default": _by_kind(rep, of(default)),
                            "searched fast": _by_kind(rep, of(searched.fast))},
    }


def _silences(tiers: Tiers) -> str:
    return "/".join(str(ms) for ms in tiers[1]) + f" hold {tiers[2]}"


def _policy(policy: TurnEndPolicy) -> dict[str, Any]:
    return {"by_tier_ms": policy.by_tier_ms, "hold_ms": policy.hold_ms,
            "cut_points": policy.cut_points}


def _end(turn: TurnPauses) -> Pause | None:
    return next((p for p in turn.pauses if p.final), None)


def _fixed(ms: float) -> Needed:
    return lambda _: ms


def _p50(values: Sequence[float]) -> float:
    return float(np.median(values)) if values else 0.0


def _mean(values: Sequence[float]) -> float:
    return float(np.mean(values)) if values else 0.0


def _by_kind(turns: Sequence[TurnPauses], needed: Needed) -> dict[str, str]:
    kinds: dict[str, list[TurnPauses]] = {}
    for t in turns:
        kinds.setdefault(t.name.rsplit("-", 1)[0], []).append(t)
    return {k: f"{score(v, needed).cutoffs}/{len(v)}" for k, v in sorted(kinds.items())}


def write_report(out: Path, turns: Sequence[TurnPauses], summary: dict[str, Any]) -> Path:
    """turn_end.jsonl (every pause), turn_end_summary.json, .md and the curve plot."""
    from sayso.evaluation.dialogue.turn_end_plot import plot, table

    out.mkdir(parents=True, exist_ok=True)
    with (out / "turn_end.jsonl").open("w", encoding="utf-8") as f:
        for t in turns:
            f.write(json.dumps(t.to_dict()) + "\n")
    (out / "turn_end_summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    plot(out / "turn_end_curve.png", summary)
    path = out / "turn_end_summary.md"
    path.write_text(table(summary), encoding="utf-8")
    return path
