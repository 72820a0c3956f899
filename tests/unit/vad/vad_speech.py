"""Helpers for the VAD tests: silence and the voiced span of a clip."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sayso.constants import SAMPLE_RATE

Speak = Callable[[str], np.ndarray]
"""The `speak` fixture: text in, 16 kHz mono float32 speech out."""


def voiced_span(samples: np.ndarray, below_peak_db: float = 35.0) -> tuple[float, float]:
    """First and last 10 ms block within `below_peak_db` of the loudest block, in seconds."""
    block = SAMPLE_RATE // 100
    n = len(samples) // block
    rms = np.sqrt(np.mean(samples[: n * block].reshape(n, block) ** 2, axis=1)) + 1e-12
    level = 20 * np.log10(rms)
    loud = np.flatnonzero(level > level.max() - below_peak_db)
    return loud[0] * block / SAMPLE_RATE, (loud[-1] + 1) * block / SAMPLE_RATE


def silence(seconds: float) -> np.ndarray:
    """Digital silence of `seconds`."""
    return np.zeros(round(seconds * SAMPLE_RATE), dtype=np.float32)
