"""WebRTC echo cancellation (the livekit SDK) on a synthetic loudspeaker → microphone path."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import fftconvolve

from sayso.audio.echo_cancel import BLOCK_SAMPLES, StreamingCanceller, WebRtcAec
from sayso.constants import SAMPLE_RATE

pytest.importorskip("livekit", reason="the aec extra is not installed")

SECONDS = 6.0


def voice_like(seconds: float, seed: int) -> np.ndarray:
    """Harmonics of a wandering pitch, syllable-rate amplitude modulation: speech-like energy."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    pitch = 120 + 30 * np.sin(2 * np.pi * 0.7 * t + rng.uniform(0, 6))
    phase = 2 * np.pi * np.cumsum(pitch) / SAMPLE_RATE
    tone = sum(np.sin(k * phase) / k for k in range(1, 20))
    envelope = np.clip(np.sin(2 * np.pi * 3.0 * t + rng.uniform(0, 6)), 0, None)
    noise = rng.standard_normal(len(t)) * 0.05
    return (0.1 * (tone * envelope + noise)).astype(np.float32)


def room(seed: int = 0) -> np.ndarray:
    """A decaying room impulse response (~200 ms) with a direct path after 5 ms."""
    rng = np.random.default_rng(seed)
    n = round(0.2 * SAMPLE_RATE)
    rir = rng.standard_normal(n) * np.exp(-np.arange(n) / (0.04 * SAMPLE_RATE)) * 0.3
    rir[80] = 1.0
    return rir


def power_db(x: np.ndarray) -> float:
    return 10 * float(np.log10(np.mean(np.square(x, dtype=np.float64)) + 1e-12))


def test_streaming_keeps_length_and_runs_one_block_late() -> None:
    class Identity:
        def load(self) -> None: ...

        def process(self, mic: np.ndarray, reference: np.ndarray) -> np.ndarray:
            return mic

    stream = StreamingCanceller(Identity())
    x = np.arange(1000, dtype=np.float32)
    pieces = [stream.process(x[i : i + 333], x[i : i + 333]) for i in range(0, 999, 333)]
    out = np.concatenate(pieces)
    assert len(out) == 999
    assert np.array_equal(out[BLOCK_SAMPLES:], x[: 999 - BLOCK_SAMPLES])


def test_the_echo_is_cancelled_and_the_user_is_kept() -> None:
    reply = voice_like(SECONDS, seed=1)
    echo = np.asarray(fftconvolve(reply, room())[: len(reply)], np.float32)
    user = np.zeros_like(reply)
    half = len(reply) // 2
    user[half:] = voice_like(SECONDS / 2, seed=2)[: len(reply) - half]
    canceller = StreamingCanceller(WebRtcAec())
    out = np.concatenate([
        canceller.process(echo[i : i + 512] + user[i : i + 512], reply[i : i + 512])
        for i in range(0, len(reply), 512)
    ])[BLOCK_SAMPLES:]
    settled = slice(SAMPLE_RATE, half)  # echo only, after a second of adaptation
    erle = power_db(echo[settled]) - power_db(out[settled])
    assert erle > 10.0, erle  # the echo is at least 10 dB quieter
    talk = slice(half + SAMPLE_RATE // 2, len(out))  # double talk: the user's voice survives
    assert power_db(out[talk]) > power_db(user[talk]) - 6.0
