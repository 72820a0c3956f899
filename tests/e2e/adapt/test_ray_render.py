"""Training speech rendered as Ray tasks on a real cluster (a head and a worker, on loopback).

The clips must be the ones this process renders with the same seed: same texts, same samples.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sayso.adapt.asr import dataset
from sayso.adapt.asr.noise import split_noise
from sayso.adapt.asr.voices import TRAIN_VOICES, available
from sayso.constants import SAMPLE_RATE
from sayso.evaluation.data.audio_io import write_clip

pytest.importorskip("ray", reason="the scale extra is not installed")

SRC = str(Path(__file__).resolve().parents[3] / "src")
SENTENCES = ("one large pepperoni", "two small margheritas please", "where is my order")
VOICES = available((TRAIN_VOICES[0], TRAIN_VOICES[1], TRAIN_VOICES[4], TRAIN_VOICES[5]))
"""Two Piper settings (state inside the loaded model) and two espeak-ng voices."""


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    # As tests/e2e/scale: keep Ray on loopback, and let the nodes import the code under test.
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))
    from ray._private import ray_constants
    from ray.cluster_utils import Cluster

    from sayso.adapt.asr import cluster as ours

    ray_constants.ENABLE_RAY_CLUSTER = False
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    c.add_node(num_cpus=2)
    ours.connect(c.address)
    yield c
    ours.disconnect()
    c.shutdown()


def _noise_folder(folder: Path) -> Path:
    """Two noise clips and an impulse response, written from a seeded generator."""
    rng = np.random.default_rng(3)
    for i in range(2):
        write_clip(folder / f"hum-{i}.wav", 0.1 * rng.standard_normal(SAMPLE_RATE, np.float32))
    decay = np.exp(-np.arange(SAMPLE_RATE // 4) / 800.0).astype(np.float32)
    for i in range(2):
        room = decay * rng.standard_normal(decay.size, np.float32)
        write_clip(folder / "rir" / f"room-{i}.wav", room)
    return folder


def test_clips_rendered_on_the_cluster_are_the_ones_rendered_here(
    cluster: Any, tmp_path: Path
) -> None:
    from sayso.adapt.asr.cluster import render_on_ray, work_units

    halves = split_noise(_noise_folder(tmp_path / "noise"))
    job = dataset.RenderJob(SENTENCES, VOICES, halves, renders=2, seed=5)
    units = work_units(job, chunk=2)
    assert len(units) > len({v.name for v in VOICES if v.stateful})  # several tasks

    remote = list(render_on_ray(job, chunk=2))
    here = list(dataset.render_here(job))

    assert [c.text for c in remote] == [c.text for c in here]
    assert len(here) == 6 and {c.text for c in here} >= {"Where is my order?"}
    for index, (a, b) in enumerate(zip(remote, here, strict=True)):
        assert a.audio.size > SAMPLE_RATE // 4, index
        assert np.array_equal(a.audio, b.audio), (index, job.voice_of(index).name)
