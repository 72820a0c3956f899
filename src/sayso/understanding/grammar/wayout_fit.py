"""Fitting the way out (`wayout.WayOut`) on a calibration split (`sayso eval calibrate`).

The rule's constants are searched on a grid; for each, the offset is set just below the
(allowed + 1)-th open utterance's need, so that at most `target` of the split's open speech is
forced, and the constants taking the most right command readings win. A `margin` lowers that
offset further: the calibration split's open speech is a sample, and held-out open speech may
score a few nats above the highest of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from sayso.understanding.grammar.wayout import (
    DEFAULT_MAX_NO_SPEECH,
    TARGET_FORCED,
    Sample,
    WayOut,
)

PER_TOKEN_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
"""Per-token allowances the fit tries (nats)."""
PER_MISSING_GRID = (0.0, 0.25, 0.5, 1.0, 2.0)
"""Charges per missing token the fit tries (nats)."""
PER_SAID_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
"""Allowances per token of the constrained sentence the fit tries (nats)."""
OPEN_OFFSET = 50.0
"""Offset of a fit whose no-speech ceiling alone stops the split's open speech (nats)."""


def fit_wayout(
    samples: Sequence[Sample],
    target: float = TARGET_FORCED,
    *,
    wrong_cost: float = 1.0,
    no_speech_grid: Sequence[float] = (DEFAULT_MAX_NO_SPEECH,),
    per_said_grid: Sequence[float] = PER_SAID_GRID,
    per_missing_grid: Sequence[float] = PER_MISSING_GRID,
    margin: float = 0.0,
) -> WayOut:
    """The constants with the most right command readings taken, minus `wrong_cost` per wrong.

    At most `target` of the open speech is forced. The sole fit uses `wrong_cost` 0 (where the
    grammar is all that can be said, a wrong reading and no reading both fail the command) and
    tries `no_speech_grid`. Readings without a free transcript get their own offset
    (`WayOut.alone_offset`). `margin` (nats) is kept between the offset and the open speech
    it stops, and the constants are chosen at the offset so lowered.

    A split whose commands never reach the way out (a model adapted to a small grammar writes
    every calibration command as it is, so each parses) still fits: the open speech sets the
    offset, and with no command to tell the constants apart the ties decide (the highest
    no-speech ceiling, the smallest allowances). Refusing instead left such a model on the sole
    default, then permissive, which forced 44 of Cathy's 60 sentences into a digit (round 23;
    since round 24 the default takes no constrained reading at all).
    """
    open_speech = [s for s in samples if not s.command]
    if not open_speech:
        raise ValueError("calibration needs open speech")
    heard = [s for s in samples if s.free_tokens > 0]
    if not any(s.command for s in heard) or all(s.command for s in heard):
        return _fit_grid(
            samples, target, wrong_cost, (no_speech_grid, per_said_grid, per_missing_grid), margin
        )
    # With a free transcript the score is a likelihood ratio; without one (a silence verdict)
    # the sentence's own log-probability: fitted apart, each within `target`.
    grids = (no_speech_grid, per_said_grid, per_missing_grid)
    rule = _fit_grid(heard, target, wrong_cost, grids, margin)
    alone = [s for s in open_speech if s.free_tokens == 0]
    if not alone:
        return rule
    return dataclasses.replace(rule, alone_offset=_alone_offset(alone, target, rule, margin))


def _alone_offset(
    open_speech: Sequence[Sample], target: float, rule: WayOut, margin: float
) -> float:
    """`margin` below the log-probability of the (allowed + 1)-th likeliest open reading alone."""
    needed = sorted(
        -s.ratio if s.no_speech_prob <= rule.max_no_speech else np.inf for s in open_speech
    )
    allowed = int(target * len(open_speech))
    return _below(needed[allowed], margin)


def _below(need: float, margin: float) -> float:
    """The offset that stops an open utterance needing `need` nats, `margin` nats short of it."""
    return float(need - 1e-3 - margin) if np.isfinite(need) else OPEN_OFFSET


def _fit_grid(
    samples: Sequence[Sample],
    target: float,
    wrong_cost: float,
    grids: tuple[Sequence[float], Sequence[float], Sequence[float]],
    margin: float,
) -> WayOut:
    no_speech_grid, per_said_grid, per_missing_grid = grids
    open_speech = [s for s in samples if not s.command]
    commands = [s for s in samples if s.command]
    allowed = int(target * len(open_speech))
    best: tuple[tuple[float, float, float], WayOut] | None = None
    grid = [
        (t, m, n, a)
        for t in PER_TOKEN_GRID
        for m in per_missing_grid
        for n in no_speech_grid
        for a in per_said_grid
    ]
    for per_token, per_missing, no_speech, per_said in grid:
        unset = WayOut(0.0, per_token, per_missing, no_speech, fitted=True, per_said=per_said)
        # Offset each open utterance needs to be taken, least first; stop just below the
        # (allowed + 1)-th, so that `allowed` of them are. Open speech the no-speech ceiling
        # stops needs no offset.
        needed = sorted(
            -sample_score(unset, s) if s.no_speech_prob <= no_speech else np.inf
            for s in open_speech
        )
        rule = dataclasses.replace(unset, offset=_below(needed[allowed], margin))
        taken = sum(
            (1.0 if s.right else -wrong_cost)
            for s in commands
            if rule.accepts(sample_score(rule, s), s.no_speech_prob)
        )
        # Ties go to the higher no-speech ceiling: a split without quiet commands cannot
        # tell the ceilings apart, and where the grammar is all that can be said a quiet
        # command is likelier than speech the gap does not already stop.
        # Then to the smaller allowance per said token (the older rule's form).
        key = (taken, no_speech, -per_said)
        if best is None or key > best[0]:
            best = (key, rule)
    assert best is not None
    return best[1]


def sample_score(rule: WayOut, sample: Sample) -> float:
    """The rule's score of one calibration sample."""
    return rule.score(
        sample.ratio, 0.0, sample.free_tokens, sample.constrained_tokens, sample.tail
    )
