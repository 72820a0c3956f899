"""How well a way of calibrating generalises, measured on the calibration half alone.

The calibration half is split into folds by sentence; each fold is scored with a model and
tiers calibrated on the other folds, and the split is repeated with other seeds (a fold of
~37 turns moves the estimate by a turn or two). Four ways of calibrating are compared: every
silence searched or the session's silences fixed (only the cut points fitted), each with the
"safe" (<= 2 % cut-offs, then fastest) or the "fast" (one-go commands <= 256 ms, then fewest
cut-offs) rule. The report half is never looked at, so this is what decides between them:
the fewest held-out cut-offs (`turn_end_fit.DEFAULT_SILENCES`, the "safe" rule).
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from sayso.evaluation.dialogue.turn_end import TurnPauses
from sayso.evaluation.dialogue.turn_end_fit import DEFAULT_SILENCES, ONE_GO, Tiers
from sayso.evaluation.dialogue.turn_end_report import calibrate, of, score
from sayso.session.turn_end import FEATURES

FOLDS = 4
SEEDS = 6
"""Repetitions of the split, each with its own hash of the sentences."""


def fold_of(turn: TurnPauses, seed: int) -> int:
    """The fold of a turn's sentence in repetition `seed` (stable across runs)."""
    key = " ".join(turn.say.replace("|", " ").lower().split())
    return zlib.crc32(f"fold {seed}:{key}".encode()) % FOLDS


def cross_validate(cal: Sequence[TurnPauses]) -> dict[str, Any]:
    """Held-out cut-offs and one-go command silence of each way of calibrating."""
    ways: dict[str, Sequence[Tiers]] = {
        "every silence searched": (),
        f"silences fixed {DEFAULT_SILENCES[1]}": (DEFAULT_SILENCES,),
    }
    tally: dict[str, tuple[list[int], list[float]]] = {}
    for seed, k in itertools.product(range(SEEDS), range(FOLDS)):
        train = [t for t in cal if fold_of(t, seed) != k]
        held = [t for t in cal if fold_of(t, seed) == k]
        if not train or not held:
            continue
        for name, fixed in ways.items():
            fitted = calibrate(train, FEATURES, fixed=fixed)
            for rule, policy in (("safe", fitted.safe), ("fast", fitted.fast)):
                counts, one_go = tally.setdefault(f"{name}, {rule} rule", ([0, 0], []))
                result = score(held, of(policy))
                counts[0] += result.cutoffs
                counts[1] += result.turns
                one_go += [policy.silence_ms(p.cues) for t in held if t.name.startswith(ONE_GO)
                           for p in t.pauses if p.final]
    return {
        name: {"cutoffs": c, "turns": n,
               "one_go_p50_ms": float(np.median(go)) if go else 0.0,
               "one_go_mean_ms": float(np.mean(go)) if go else 0.0}
        for name, ([c, n], go) in tally.items()
    }
