"""Real VAD engines on real (espeak-ng) speech."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from sayso.config import VadConfig
from sayso.constants import FRAME_SAMPLES, SAMPLE_RATE
from sayso.errors import EngineUnavailable, NotLoaded
from sayso.vad import create_vad
from sayso.vad.base import VadEngine
from sayso.vad.energy import EnergyVad
from sayso.vad.segmenter import find_speech
from sayso.vad.silero import SileroVad

from .vad_speech import Speak, silence, voiced_span

TOLERANCE_S = 0.15


def padded_utterance(speak: Speak) -> tuple[np.ndarray, float, float]:
    clip = speak("turn on the kitchen lights")
    onset, offset = voiced_span(clip)
    return np.concatenate([silence(1.0), clip, silence(1.0)]), 1.0 + onset, 1.0 + offset


def test_construction_loads_nothing() -> None:
    vad = SileroVad()
    assert isinstance(vad, VadEngine) and isinstance(EnergyVad(), VadEngine)
    with pytest.raises(NotLoaded):
        vad.probability(np.zeros(FRAME_SAMPLES, np.float32))


@pytest.mark.parametrize("engine_cls", [SileroVad, EnergyVad])
def test_finds_the_utterance_in_padded_speech(speak: Speak, engine_cls: type) -> None:
    audio, onset, offset = padded_utterance(speak)
    engine = engine_cls(VadConfig())
    engine.load()
    (span,) = find_speech(audio, engine, VadConfig())
    assert span[0] == pytest.approx(onset, abs=TOLERANCE_S)
    assert span[1] == pytest.approx(offset, abs=TOLERANCE_S)


def test_silero_is_quiet_on_noise_and_sure_on_speech(speak: Speak) -> None:
    vad = SileroVad()
    vad.load()
    noise = (np.random.default_rng(1).standard_normal(SAMPLE_RATE) * 0.01).astype(np.float32)
    probs = [vad.probability(noise[i : i + FRAME_SAMPLES]) for i in range(0, 15872, FRAME_SAMPLES)]
    assert max(probs) < 0.5
    vad.reset()
    clip = speak("hello there, how are you today")
    probs = [
        vad.probability(clip[i : i + FRAME_SAMPLES])
        for i in range(0, len(clip) - FRAME_SAMPLES, FRAME_SAMPLES)
    ]
    assert max(probs) > 0.9


def test_energy_floor_adapts_to_steady_noise() -> None:
    vad = EnergyVad()
    noise = (np.random.default_rng(2).standard_normal(SAMPLE_RATE * 40) * 0.03).astype(np.float32)
    probs = [
        vad.probability(noise[i : i + FRAME_SAMPLES])
        for i in range(0, len(noise) - FRAME_SAMPLES, FRAME_SAMPLES)
    ]
    assert probs[0] > 0.9  # a sudden noise looks like speech at first...
    assert max(probs[-100:]) < 0.1  # ...until the floor has caught up with it
    assert vad.noise_floor_dbfs == pytest.approx(-30.5, abs=1.5)
    vad.reset()
    assert vad.noise_floor_dbfs == pytest.approx(-60.0)


def test_create_vad_loads_the_configured_engine() -> None:
    assert isinstance(create_vad(VadConfig(engine="silero")), SileroVad)
    assert isinstance(create_vad(VadConfig(engine="energy")), EnergyVad)


def test_create_vad_falls_back_to_energy(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: SileroVad) -> None:
        raise EngineUnavailable("model file missing")

    monkeypatch.setattr(SileroVad, "load", broken)
    with caplog.at_level(logging.WARNING):
        engine = create_vad(VadConfig(engine="silero"))
    assert isinstance(engine, EnergyVad)
    assert "using the energy VAD" in caplog.text


@pytest.mark.parametrize("engine_cls", [SileroVad, EnergyVad])
def test_forks_are_independent_streams_of_one_model(speak: Speak, engine_cls: type) -> None:
    audio, _, _ = padded_utterance(speak)
    frames = [audio[i : i + FRAME_SAMPLES]
              for i in range(0, len(audio) - FRAME_SAMPLES, FRAME_SAMPLES)]
    engine = engine_cls(VadConfig())
    engine.load()
    first, second = engine.fork(), engine.fork()
    alone = [first.probability(f) for f in frames]
    # Two streams through one model, frame by frame in turn (two turns at once on a server):
    # the second hears the same audio reversed; each must score as if it ran alone.
    third = engine.fork()
    mixed = []
    for f, g in zip(frames, reversed(frames), strict=True):
        mixed.append(third.probability(f))
        second.probability(g)
    assert mixed == pytest.approx(alone, abs=1e-6)
    if engine_cls is SileroVad:
        assert third._detector.session is engine._detector.session  # the model is shared
