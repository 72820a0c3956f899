"""Energy VAD: frame RMS level against a slowly adapting noise floor; needs no model.

The pseudo-probability is a logistic function of how far the frame's RMS level (dBFS) is above the
current noise-floor estimate: ``p = 1 / (1 + exp(-(level - floor - SPEECH_MARGIN_DB) / SLOPE_DB))``,
so a frame `SPEECH_MARGIN_DB` above the floor gets 0.5. The floor follows quieter frames quickly and
louder ones slowly (time constant `FLOOR_RISE_S`), so steady noise becomes floor within seconds
while an utterance barely moves it. It is a fallback: noise bursts are speech to it.
"""

from __future__ import annotations

import math

import numpy as np

from sayso.config import VadConfig
from sayso.constants import FRAME_MS, FRAME_SAMPLES, MS_PER_SECOND
from sayso.vad.base import VadCapabilities

FLOOR_INIT_DBFS: float = -60.0
"""Noise floor assumed at the start of a stream, in dBFS."""
FLOOR_MIN_DBFS: float = -65.0
"""The floor never goes below this (dBFS), so digital silence does not make faint sounds speech."""
SPEECH_MARGIN_DB: float = 12.0
"""Level above the floor (dB) at which the probability is 0.5."""
SLOPE_DB: float = 3.0
"""Width of the logistic transition (dB)."""
FLOOR_FALL_S: float = 0.1
"""Time constant (s) of the floor following quieter frames."""
FLOOR_RISE_S: float = 10.0
"""Time constant (s) of the floor following louder frames."""
_LEVEL_EPS: float = 1e-10
"""Power added before the log so silence gives a finite level (-100 dBFS)."""


class EnergyVad:
    """RMS-threshold VAD returning a pseudo-probability per 512-sample frame."""

    capabilities = VadCapabilities(frame_samples=FRAME_SAMPLES, neural=False)

    def __init__(self, config: VadConfig | None = None) -> None:
        self.config = config or VadConfig()
        frame_s = FRAME_MS / MS_PER_SECOND
        self._fall = 1.0 - math.exp(-frame_s / FLOOR_FALL_S)
        self._rise = 1.0 - math.exp(-frame_s / FLOOR_RISE_S)
        self._floor = FLOOR_INIT_DBFS

    def load(self) -> None:
        """Nothing to load (kept for the protocol)."""

    def fork(self) -> EnergyVad:
        """A new stream with the same settings (nothing is shared but the config)."""
        return EnergyVad(self.config)

    def reset(self) -> None:
        """Forget the noise-floor estimate."""
        self._floor = FLOOR_INIT_DBFS

    @property
    def noise_floor_dbfs(self) -> float:
        """Current noise-floor estimate, in dBFS."""
        return self._floor

    def probability(self, frame: np.ndarray) -> float:
        """Return a pseudo speech probability 0..1 for one frame, then adapt the floor to it."""
        samples = np.asarray(frame, dtype=np.float64)
        power = float(np.mean(samples**2)) if len(samples) else 0.0
        level = 10.0 * math.log10(power + _LEVEL_EPS)
        excess = level - self._floor - SPEECH_MARGIN_DB
        prob = 1.0 / (1.0 + math.exp(-max(min(excess / SLOPE_DB, 50.0), -50.0)))
        rate = self._fall if level < self._floor else self._rise
        self._floor = max(FLOOR_MIN_DBFS, self._floor + rate * (level - self._floor))
        return prob
