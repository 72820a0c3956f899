"""Fit the end-of-turn model and its silence tiers on replayed pauses (the calibration half).

The model (`session.turn_end.EndModel`) is a logistic regression from the cues of a pause to
"this pause is the end of the turn", fitted by Newton's method with a small L2 penalty (numpy;
a few hundred pauses). Pauses after a dangling word are left out: the veto holds them anyway.
The tiers (three probability cut points and four silences) are then searched exhaustively, and
every policy is scored on arrays (`Pauses`), so ~90,000 policies take seconds.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from sayso.constants import MIN_SILENCE_MS
from sayso.evaluation.dialogue.turn_end import TurnPauses
from sayso.session.turn_end import FEATURES, VETOED_TIER, EndModel, TurnEndPolicy, features

L2 = 1.0
"""Ridge penalty on the weights (not the bias): keeps a cue seen on a few pauses modest."""
NEWTON_STEPS = 50
CUT_GRID = (0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95)
"""P(over) values a tier boundary may take."""
TABLE_MS = (128, 192, 256, 384, 500, 640, 800, 1000, 1200)
"""Silences a tier may get (non-increasing from "sure" down to "unsure")."""
HOLD_MS = (500, 640, 800, 1000, 1200)
TIERS = 4
UNSURE_TIERS = 2
"""The "unsure" and "maybe" tiers never end a turn before `vad.min_silence_ms` (the listener's
floor, `turn_end.turn_end_policy`), so the search does not try them shorter."""
ONE_GO = "complete"
"""Scenario names of commands said in one go start with this (scripts/make_turn_end_scenarios)."""


def fit(turns: Sequence[TurnPauses], use: Sequence[str] = FEATURES) -> EndModel:
    """Logistic regression of "final pause" on the cues in `use` (others get weight 0)."""
    pauses = [p for t in turns for p in t.pauses if not p.cues.dangling]
    if not pauses:  # nothing to learn from (a --limit run): a model that moves nothing
        return EndModel(weights=(0.0,) * len(FEATURES), bias=0.0)
    mask = np.array([name in use for name in FEATURES], float)
    x = np.array([features(p.cues) for p in pauses], float) * mask
    x = np.hstack([np.ones((len(pauses), 1)), x])
    y = np.array([p.final for p in pauses], float)
    penalty = L2 * np.diag([0.0, *mask])
    w = np.zeros(x.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return EndModel(weights=tuple(round(float(v), 3) for v in w[1:]), bias=round(float(w[0]), 3))


def cue_auc(turns: Sequence[TurnPauses]) -> dict[str, float]:
    """Per model input: P(its value at a real end > at a mid-turn pause), ties half (AUC).

    0.5 says nothing; below 0.5 the cue points the other way. Pauses after a dangling word are
    left out, as in the fit.
    """
    pauses = [p for t in turns for p in t.pauses if not p.cues.dangling]
    x = np.array([features(p.cues) for p in pauses], float).reshape(len(pauses), len(FEATURES))
    final = np.array([p.final for p in pauses], bool)
    out: dict[str, float] = {}
    for k, name in enumerate(FEATURES):
        ends, mids = x[final, k], x[~final, k]
        if not len(ends) or not len(mids):
            continue
        above = (ends[:, None] > mids[None, :]).mean()
        ties = (ends[:, None] == mids[None, :]).mean()
        out[name] = round(float(above + ties / 2), 3)
    return out


Metrics = tuple[float, float, float, float]
"""(cut-off rate, mean end silence, one-go commands' p50 and mean end silence)."""
Tiers = tuple[tuple[float, ...], tuple[int, ...], int]
"""A tier policy as (cut points, silence per tier, hold): `policy_of` makes it a policy."""
DEFAULT_SILENCES: Tiers = ((), (1000, 1000, 800, 256), 1000)
"""The session's silences per tier (unsure, maybe, likely, sure) and hold, ms: round 2's table
(a turn that is no complete command waits at least `TurnEndPolicy.open_ms` whatever its tier).
Only the cut points are fitted with them: cross-validated on the calibration half (4 folds x
6 seeds), this cut 22 of 888 held-out turns (2.5 %), against 33-46 (3.7-5.2 %) with every
silence searched too (BENCHMARKS.md, "End of turn, round 3"); at four frame phases 121 of
3,552 (3.4 %), and "likely" at 384-640 ms did no better (108-118; "End of turn at every
frame phase")."""


def search(
    arrays: Pauses, margin: float = 1.0, fixed: Sequence[Tiers] = ()
) -> list[tuple[Metrics, Tiers]]:
    """Every tier policy (cut points x non-increasing silences x holds), scored.

    `fixed`: (cut points ignored, silences, hold) settings whose silences stay as they are, so
    only the cut points are searched (fewer choices to fit on a small calibration set).

    `margin` > 1 counts a cut-off when a mid-turn pause `margin` times longer would have been
    cut: a policy that only just waits out a pause here cuts the same pause a bit longer.
    """
    cuts = itertools.combinations(sorted(CUT_GRID, reverse=True), TIERS - 1)
    table_list = [t for t in itertools.combinations_with_replacement(
        sorted(TABLE_MS, reverse=True), TIERS) if min(t[:UNSURE_TIERS]) >= MIN_SILENCE_MS]
    by_hold = {hold: table_list for hold in HOLD_MS}
    if fixed:
        by_hold = {}
        for _, table, hold in fixed:
            by_hold.setdefault(hold, []).append(table)
    out: list[tuple[Metrics, Tiers]] = []
    for cut, (hold, some) in itertools.product(list(cuts), by_hold.items()):
        metrics = arrays.grid(cut, np.array(some, float), hold, margin)
        out += [(m, (cut, table, hold)) for m, table in zip(metrics, some, strict=True)]
    return out


def policy_of(tiers: Tiers, model: EndModel) -> TurnEndPolicy:
    """The session's policy for a searched tier setting (no audio veto: `Pauses` has none)."""
    cut, table, hold = tiers
    return TurnEndPolicy(by_tier_ms=table, hold_ms=hold, model=model, cut_points=cut,
                         audio_veto=None)


class Pauses:
    """The pauses of a set of turns as arrays, so hundreds of policies score in one go."""

    def __init__(self, turns: Sequence[TurnPauses], model: EndModel) -> None:
        pauses = [(k, p) for k, t in enumerate(turns) for p in t.pauses]
        self.n = len(turns)
        turn = np.array([k for k, _ in pauses], int)
        self.starts = np.flatnonzero(np.r_[True, turn[1:] != turn[:-1]]) if len(turn) else turn
        """First pause of each turn that has pauses (pauses are grouped by turn)."""
        self.silence = np.array([p.silence_ms for _, p in pauses], float)
        self.final = np.array([p.final for _, p in pauses], bool)
        self.dangling = np.array([p.cues.dangling for _, p in pauses], bool)
        self.p = np.array([model.probability(p.cues) for _, p in pauses], float)
        rule = TurnEndPolicy(model=model)
        self.capped = np.array([rule.capped(p.cues) for _, p in pauses], bool)
        """Pauses the session's rule keeps from "sure" (`TurnEndPolicy.sure_needs_command`)."""
        self.open_ms = rule.open_ms
        """The least silence those pauses need (`TurnEndPolicy.open_ms`), ms."""
        self.held = np.array([rule.held(p.cues) for _, p in pauses], bool)
        """Pauses of a turn the speaker already paused in, or after an amount another may
        follow: at most "likely", as `capped` (`TurnEndPolicy.held`), without the open-turn
        floor."""
        one_go = np.array([turns[k].name.startswith(ONE_GO) for k, _ in pauses], bool)
        self.one_go_end = one_go[self.final] if len(pauses) else one_go

    def tiers(self, cuts: tuple[float, ...]) -> np.ndarray:
        """Tier index (0 unsure .. 3 sure) of every pause."""
        below = np.sum([self.p < c for c in cuts], axis=0)
        tiers = len(cuts) - below
        return np.where(self.capped | self.held, np.minimum(tiers, VETOED_TIER), tiers)

    def grid(
        self, cuts: tuple[float, ...], tables: np.ndarray, hold: float, margin: float = 1.0
    ) -> list[Metrics]:
        """Metrics of each silence table (one per row of `tables`) with these cut points."""
        zeros = np.zeros(len(tables))
        if not len(self.p):
            return [(0.0, 0.0, 0.0, 0.0)] * len(tables)
        needed = tables[:, self.tiers(cuts)]
        needed[:, self.capped] = np.maximum(needed[:, self.capped], self.open_ms)
        needed[:, self.dangling] = hold
        cut_pauses = ~self.final & (self.silence * margin >= needed)
        rate = np.logical_or.reduceat(cut_pauses, self.starts, axis=1).sum(axis=1) / self.n
        ends = needed[:, self.final]
        one_go = ends[:, self.one_go_end]
        mean = ends.mean(axis=1) if ends.shape[1] else zeros
        go_p50, go_mean = ((np.median(one_go, axis=1), one_go.mean(axis=1)) if one_go.shape[1]
                           else (zeros, zeros))
        return [(float(r), float(m), float(a), float(b))
                for r, m, a, b in zip(rate, mean, go_p50, go_mean, strict=True)]
