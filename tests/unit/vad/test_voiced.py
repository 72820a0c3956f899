"""The speech gate's measure with a scripted engine (pure logic, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from sayso.config import VadConfig
from sayso.constants import FRAME_MS, FRAME_SAMPLES
from sayso.events import SpeechSegment
from sayso.vad.base import VadCapabilities
from sayso.vad.segmenter import Segmenter
from sayso.vad.voiced import LEAD_IN_MS, voiced_ms, warm_up

LEAD_IN_FRAMES = round(LEAD_IN_MS / FRAME_MS)


class ScriptedVad:
    """Answers each frame with the next scripted probability; silence scores 0."""

    capabilities = VadCapabilities(frame_samples=FRAME_SAMPLES, neural=True)

    def __init__(self, script: list[float]) -> None:
        self.script = list(script)
        self.seen: list[float] = []  # the peak of every frame it was given
        self.resets = 0

    def load(self) -> None:
        """Nothing to load."""

    def reset(self) -> None:
        self.resets += 1
        self.seen.clear()

    def probability(self, frame: np.ndarray) -> float:
        self.seen.append(float(np.abs(frame).max()))
        return self.script.pop(0) if float(np.abs(frame).max()) > 0 else 0.0


def test_voiced_ms_counts_the_frames_at_or_above_the_threshold() -> None:
    engine = ScriptedVad([0.2, 0.5, 0.9, 0.49, 0.7])
    audio = np.full(5 * FRAME_SAMPLES, 0.1, np.float32)
    assert voiced_ms(audio, engine, threshold=0.5) == 3 * FRAME_MS


def test_the_engine_hears_silence_before_the_recording() -> None:
    """A cold engine scores a word cut tight at its first sample too low (FSDD digits)."""
    engine = ScriptedVad([0.9, 0.9])
    voiced_ms(np.full(FRAME_SAMPLES + 10, 0.1, np.float32), engine)
    assert engine.resets == 1
    assert engine.seen == [0.0] * LEAD_IN_FRAMES + [pytest.approx(0.1)] * 2  # last frame padded


def test_warm_up_resets_then_feeds_silence() -> None:
    engine = ScriptedVad([])
    engine.seen.append(1.0)  # state from an earlier stream
    warm_up(engine)
    assert engine.resets == 1 and engine.seen == [0.0] * LEAD_IN_FRAMES


def test_a_segment_carries_the_voiced_audio_the_endpointer_counted() -> None:
    segmenter = Segmenter(VadConfig(min_speech_ms=96, min_silence_ms=160, trail_pad_ms=32))
    events = []
    for p in [0.0] * 3 + [0.9] * 4 + [0.2] + [0.9] * 2 + [0.0] * 6:
        events += segmenter.push(np.zeros(FRAME_SAMPLES, np.float32), p)
    segments = [e for e in events if isinstance(e, SpeechSegment)]
    assert len(segments) == 1 and segments[0].voiced_ms == 6 * FRAME_MS
