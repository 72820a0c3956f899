"""Peak and loudness normalisation levels, and the gain cap on silence and noise floors."""

from __future__ import annotations

import numpy as np
import pytest

from sayso.audio.normalize import (
    MAX_GAIN_DB,
    PEAK_CEILING_DBFS,
    loudness_dbfs,
    loudness_normalize,
    normalize,
    peak_dbfs,
    peak_normalize,
)
from sayso.constants import SAMPLE_RATE
from sayso.errors import ConfigError


def sine(amp: float, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(round(SAMPLE_RATE * seconds)) / SAMPLE_RATE
    return (amp * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def test_peak_normalises_to_target() -> None:
    out = peak_normalize(sine(0.1), -3.0)
    assert peak_dbfs(out) == pytest.approx(-3.0, abs=0.01)
    assert peak_dbfs(peak_normalize(sine(0.9), -6.0)) == pytest.approx(-6.0, abs=0.01)


def test_full_scale_sine_measures_minus_3_dbfs_rms() -> None:
    assert loudness_dbfs(sine(1.0)) == pytest.approx(-3.01, abs=0.02)


def test_loudness_ignores_silence_around_the_sound() -> None:
    padded = np.concatenate([np.zeros(SAMPLE_RATE * 3, np.float32), sine(0.1)])
    assert loudness_dbfs(padded) == pytest.approx(loudness_dbfs(sine(0.1)), abs=0.1)


def test_loudness_normalises_to_target() -> None:
    out = loudness_normalize(sine(0.01), -20.0)
    assert loudness_dbfs(out) == pytest.approx(-20.0, abs=0.05)


def test_loudness_never_pushes_peak_over_the_ceiling() -> None:
    out = loudness_normalize(sine(0.1), -1.0)
    assert peak_dbfs(out) == pytest.approx(PEAK_CEILING_DBFS, abs=0.01)


def test_gain_is_capped() -> None:
    quiet = sine(10 ** (-50 / 20))  # peak -50 dBFS: real but faint
    assert peak_dbfs(peak_normalize(quiet, -3.0)) == pytest.approx(-50 + MAX_GAIN_DB, abs=0.01)


def test_silence_and_noise_floor_are_not_amplified() -> None:
    floor = np.random.default_rng(0).uniform(-1e-4, 1e-4, SAMPLE_RATE).astype(np.float32)
    for mode in ("peak", "loudness"):
        assert np.array_equal(normalize(floor, mode, -3.0), floor)
        assert not np.any(normalize(np.zeros(100, np.float32), mode, -3.0))


def test_unknown_mode_is_a_config_error() -> None:
    assert np.array_equal(normalize(sine(0.1), "none", -3.0), sine(0.1))
    with pytest.raises(ConfigError):
        normalize(sine(0.1), "louder", -3.0)
