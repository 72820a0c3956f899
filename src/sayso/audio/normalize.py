"""Level normalisation: peak or loudness (RMS) to a dBFS target, with a cap on gain.

Levels are in dBFS: 0 dBFS is a sample value of ±1.0. For RMS levels the reference is a full-scale
square wave, so a full-scale sine measures -3.01 dBFS.

Gain is never more than `MAX_GAIN_DB`, and input whose peak is below `SILENCE_DBFS` is returned
unchanged: amplifying a silent recording only turns its noise floor into loud hiss that the VAD and
the recogniser would then mistake for sound.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from sayso.constants import SAMPLE_RATE, SILENCE_DBFS
from sayso.errors import ConfigError

MAX_GAIN_DB: float = 30.0
"""Largest gain either normalisation applies, in dB (×31.6 in amplitude)."""

PEAK_CEILING_DBFS: float = -1.0
"""Loudness normalisation never pushes the peak above this level, in dBFS (no clipping)."""

LOUDNESS_BLOCK_MS: int = 50
"""Block length over which RMS is measured for loudness gating, in ms."""

LOUDNESS_GATE_DBFS: float = SILENCE_DBFS
"""Blocks quieter than this (dBFS RMS) are left out of the loudness measure, so pauses and leading
silence do not make speech look quieter than it is."""

NormalizeMode = Literal["peak", "loudness", "none"]


def db_to_gain(db: float) -> float:
    """Convert decibels to an amplitude factor."""
    return float(10.0 ** (db / 20.0))


def peak_dbfs(samples: np.ndarray) -> float:
    """Peak level in dBFS (-inf for all-zero or empty input)."""
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    return 20.0 * float(np.log10(peak)) if peak > 0 else float("-inf")


def loudness_dbfs(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> float:
    """Gated RMS level in dBFS.

    Definition: the signal is cut into `LOUDNESS_BLOCK_MS` blocks; blocks whose RMS is below
    `LOUDNESS_GATE_DBFS` are dropped; the result is 10·log10 of the mean power (mean of x²) of the
    remaining blocks. Returns -inf when every block is below the gate.
    """
    block = max(1, sample_rate * LOUDNESS_BLOCK_MS // 1000)
    n_blocks = max(1, len(samples) // block)
    usable = np.asarray(samples[: n_blocks * block], dtype=np.float64)
    if usable.size == 0:
        return float("-inf")
    power = np.mean(usable.reshape(n_blocks, -1) ** 2, axis=1)
    gate = 10.0 ** (LOUDNESS_GATE_DBFS / 10.0)
    kept = power[power >= gate]
    return 10.0 * float(np.log10(np.mean(kept))) if kept.size else float("-inf")


def peak_normalize(
    samples: np.ndarray, target_dbfs: float = -3.0, *, max_gain_db: float = MAX_GAIN_DB
) -> np.ndarray:
    """Scale so the peak sits at `target_dbfs` (gain capped at `max_gain_db`; silence unchanged)."""
    level = peak_dbfs(samples)
    if level < SILENCE_DBFS:
        return np.asarray(samples, dtype=np.float32)
    return _apply(samples, min(target_dbfs - level, max_gain_db))


def loudness_normalize(
    samples: np.ndarray,
    target_dbfs: float = -20.0,
    *,
    max_gain_db: float = MAX_GAIN_DB,
    sample_rate: int = SAMPLE_RATE,
) -> np.ndarray:
    """Scale so the gated RMS level (see `loudness_dbfs`) sits at `target_dbfs`.

    The gain is also limited so the peak stays at or below `PEAK_CEILING_DBFS`; a target that would
    clip is therefore not reached (the result is quieter, never distorted).
    """
    level = loudness_dbfs(samples, sample_rate)
    peak = peak_dbfs(samples)
    if peak < SILENCE_DBFS or level == float("-inf"):
        return np.asarray(samples, dtype=np.float32)
    gain_db = min(target_dbfs - level, max_gain_db, PEAK_CEILING_DBFS - peak)
    return _apply(samples, gain_db)


def normalize(samples: np.ndarray, mode: NormalizeMode | str, target_dbfs: float) -> np.ndarray:
    """Apply the normalisation named by `AudioConfig.normalize` ("peak", "loudness" or "none")."""
    if mode == "peak":
        return peak_normalize(samples, target_dbfs)
    if mode == "loudness":
        return loudness_normalize(samples, target_dbfs)
    if mode == "none":
        return np.asarray(samples, dtype=np.float32)
    raise ConfigError(f"unknown normalisation {mode!r} (use peak, loudness or none)")


def _apply(samples: np.ndarray, gain_db: float) -> np.ndarray:
    scaled = np.asarray(samples, dtype=np.float32) * np.float32(db_to_gain(gain_db))
    return np.clip(scaled, -1.0, 1.0)
