"""WebRTC noise suppression and automatic gain on real signals."""

from __future__ import annotations

import numpy as np
import pytest

from sayso.audio.enhance import enhance
from sayso.constants import SAMPLE_RATE
from sayso.errors import ConfigError


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x**2)))


def test_noise_suppression_removes_steady_noise() -> None:
    noise = (np.random.default_rng(0).standard_normal(SAMPLE_RATE * 2) * 0.03).astype(np.float32)
    out = enhance(noise, noise_suppression=4, auto_gain_dbfs=0)
    assert out.dtype == np.float32 and len(out) == len(noise)
    # after the suppressor has learnt the noise (first second), it is at least 10 dB quieter
    assert rms(out[SAMPLE_RATE:]) < rms(noise[SAMPLE_RATE:]) / 3


def test_auto_gain_raises_a_quiet_signal() -> None:
    t = np.arange(SAMPLE_RATE * 3 + 77) / SAMPLE_RATE  # not a multiple of 10 ms on purpose
    quiet = (0.01 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    out = enhance(quiet, noise_suppression=0, auto_gain_dbfs=3)
    assert len(out) == len(quiet)
    assert np.max(np.abs(out[2 * SAMPLE_RATE :])) > 2 * 0.01


def test_out_of_range_settings() -> None:
    with pytest.raises(ConfigError):
        enhance(np.zeros(160, np.float32), noise_suppression=5)
    with pytest.raises(ConfigError):
        enhance(np.zeros(160, np.float32), auto_gain_dbfs=40)
