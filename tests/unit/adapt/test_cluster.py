"""How `sayso adapt asr --ray-address` splits rendering into tasks, and its one-line refusals."""

from __future__ import annotations

import importlib.util
import socket
from typing import Any

import pytest

from sayso.adapt.asr import cluster
from sayso.adapt.asr.dataset import RenderJob
from sayso.adapt.asr.noise import split_noise
from sayso.adapt.asr.voices import TRAIN_VOICES
from sayso.errors import BadInput, EngineUnavailable

VOICES = TRAIN_VOICES[:2] + TRAIN_VOICES[4:7]  # two Piper settings, three espeak-ng voices


def test_each_stateful_voice_is_one_task_in_index_order_and_every_clip_is_in_one_task() -> None:
    job = RenderJob(tuple(f"sentence {i}" for i in range(7)), VOICES, split_noise(None), 3, 0)
    units = cluster.work_units(job, chunk=4)
    flat = [i for unit in units for i in unit]
    assert sorted(flat) == list(range(job.count))
    for spec in VOICES:
        holding = [u for u in units if any(job.voice_of(i) == spec for i in u)]
        if spec.stateful:
            assert len(holding) == 1 and holding[0] == sorted(holding[0])
            assert all(job.voice_of(i) == spec for i in holding[0])
    assert all(len(u) <= 4 and u == sorted(u) for u in units if not job.voice_of(u[0]).stateful)


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def without_ray(name: str, *args: Any) -> Any:
        return None if name == "ray" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_ray)
    with pytest.raises(EngineUnavailable, match=r"sayso\[scale\]"):
        cluster.connect("auto")


def test_an_address_nobody_listens_on_is_refused_at_once() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EngineUnavailable, match="cannot reach the Ray cluster"):
        cluster.connect(f"ray://127.0.0.1:{port}")
    with pytest.raises(BadInput, match="port"):
        cluster.connect("127.0.0.1:head")
