"""Batch evaluation on Ray Data: engines load once per worker, pairs are sharded across workers.

Each worker is a Ray Data actor built from the same picklable `ScorerFactory` as a local run; it
reads the audio itself (a shared filesystem is assumed, as on one machine or an NFS cluster),
applies the condition with the per-pair seed and scores it. Rows are sorted back into the local
order, so the report is the same as a local run's.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from typing import Any, Final

import numpy as np

from sayso.errors import EngineUnavailable
from sayso.evaluation.augment.conditions import (
    Condition,
    apply_condition,
    check_conditions,
    condition_seed,
)
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.engines import ScorerFactory
from sayso.evaluation.progress import ProgressBar

BATCH_SIZE: Final[int] = 4
"""Pairs per Ray Data batch: small, so the progress bar moves and work spreads evenly."""
RAY_HINT: Final[str] = "Ray evaluation needs `pip install 'ray[data]'`"


def ray_ready(address: str | None = None, num_cpus: int | None = None) -> Any:
    """Import Ray and connect (to `address`, or a local instance) unless already connected."""
    if importlib.util.find_spec("ray") is None:
        raise EngineUnavailable(RAY_HINT)
    # Imported here: Ray is an optional, heavy dependency used only by --ray runs.
    import ray

    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    return ray


class _Worker:
    """A Ray Data actor: loads the engines once, then scores batches of (utterance, condition)."""

    def __init__(
        self,
        utterances: Sequence[Utterance],
        conditions: Sequence[Condition],
        factory: ScorerFactory,
        seed: int,
    ) -> None:
        self._utterances = utterances
        self._conditions = conditions
        self._seed = seed
        self._score = factory()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        rows = []
        for u, c in zip(batch["u"], batch["c"], strict=True):
            utt, condition = self._utterances[int(u)], self._conditions[int(c)]
            rng = np.random.default_rng(condition_seed(utt.id, condition.name, self._seed))
            audio = apply_condition(read_clip(utt.audio), condition, rng)
            rows.append(json.dumps(self._score(utt, condition.name, audio), ensure_ascii=False))
        return {"u": batch["u"], "c": batch["c"], "row": np.asarray(rows, dtype=object)}


def run_on_ray(
    utterances: Sequence[Utterance],
    conditions: Sequence[Condition],
    factory: ScorerFactory,
    *,
    seed: int = 0,
    address: str | None = None,
    workers: int | None = None,
    description: str = "evaluating",
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Score every pair on Ray; rows in the local (utterance, condition) order."""
    check_conditions(conditions)
    ray = ray_ready(address)
    items = [{"u": u, "c": c} for u in range(len(utterances)) for c in range(len(conditions))]
    if not items:
        return []
    n_workers = workers or max(1, min(len(items), int(ray.cluster_resources().get("CPU", 1))))
    dataset = ray.data.from_items(items).map_batches(
        _Worker,
        fn_constructor_kwargs={
            "utterances": list(utterances),
            "conditions": list(conditions),
            "factory": factory,
            "seed": seed,
        },
        batch_size=BATCH_SIZE,
        concurrency=n_workers,
        num_cpus=1,
    )
    keyed: list[tuple[int, int, dict[str, Any]]] = []
    with ProgressBar(len(items), f"{description} (Ray)", enabled=progress) as bar:
        for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
            for u, c, row in zip(batch["u"], batch["c"], batch["row"], strict=True):
                keyed.append((int(u), int(c), json.loads(str(row))))
            bar.advance(len(batch["row"]))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [row for _, _, row in keyed]
