"""Synthetic, speech-like test signals for the evaluation tests (no committed audio needed)."""

from __future__ import annotations

import numpy as np

RATE = 16_000


def speech_like(seconds: float = 2.0, seed: int = 1, level: float = 0.1) -> np.ndarray:
    """Harmonic "voice" (120 Hz fundamental) with 4 Hz syllable bursts and pauses."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = 120.0 * (1 + 0.05 * np.sin(2 * np.pi * 0.5 * t))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    voiced = sum(np.sin(k * phase) / k for k in range(1, 15))
    syllables = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 2
    pauses = (np.sin(2 * np.pi * 0.7 * t) > -0.6).astype(float)
    breath = 0.02 * rng.standard_normal(t.size)
    out = voiced * syllables * pauses + breath * pauses
    return (level * out / np.max(np.abs(out))).astype(np.float32)


def babble_like(seconds: float = 3.0, seed: int = 2) -> np.ndarray:
    """Low-passed noise with slow level changes, roughly like crowd noise."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(int(seconds * RATE))
    pinkish = np.convolve(white, np.ones(8) / 8, mode="same")
    envelope = 1 + 0.5 * np.sin(2 * np.pi * 1.3 * np.arange(white.size) / RATE)
    return (0.05 * pinkish * envelope).astype(np.float32)


def tone(freq: float, seconds: float = 0.5, rate: int = RATE, level: float = 0.3) -> np.ndarray:
    """A pure sine."""
    t = np.arange(int(seconds * rate)) / rate
    return (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)
