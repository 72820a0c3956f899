"""Run a scorer over every (utterance, condition) pair, here or on Ray; rows come back in order.

The order is utterance-major then condition, as `iter_conditioned` yields them, and every pair's
augmentation is seeded from its ids alone (`condition_seed`), so a Ray run gives the same rows as a
local one whatever the sharding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sayso.evaluation.augment.conditions import Condition, iter_conditioned
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.engines import ScorerFactory


def run_local(
    utterances: Sequence[Utterance],
    conditions: Sequence[Condition],
    factory: ScorerFactory,
    *,
    seed: int = 0,
    description: str = "evaluating",
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Score every pair in this process."""
    score = factory()
    return [
        score(utt, condition.name, audio)
        for utt, condition, audio in iter_conditioned(
            utterances, conditions, seed=seed, description=description, progress=progress
        )
    ]


def run_rows(
    utterances: Sequence[Utterance],
    conditions: Sequence[Condition],
    factory: ScorerFactory,
    *,
    seed: int = 0,
    description: str = "evaluating",
    progress: bool = True,
    ray: bool = False,
    ray_address: str | None = None,
) -> list[dict[str, Any]]:
    """Score every pair locally, or on Ray when `ray` or `ray_address` is set."""
    if ray or ray_address:
        from sayso.evaluation.ray_eval import run_on_ray

        return run_on_ray(
            utterances,
            conditions,
            factory,
            seed=seed,
            address=ray_address,
            description=description,
            progress=progress,
        )
    return run_local(
        utterances, conditions, factory, seed=seed, description=description, progress=progress
    )
