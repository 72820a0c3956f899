"""The VAD engine protocol."""

from __future__ import annotations

import dataclasses
from typing import Protocol, runtime_checkable

import numpy as np


@dataclasses.dataclass(frozen=True)
class VadCapabilities:
    """What a VAD engine can do."""

    frame_samples: int
    """Samples per frame the engine consumes at 16 kHz."""
    neural: bool
    """True for a learned model (robust to noise), False for energy thresholds."""


@runtime_checkable
class VadEngine(Protocol):
    """Gives a speech probability for each fixed-size frame of 16 kHz mono float32 audio."""

    capabilities: VadCapabilities

    def load(self) -> None:
        """Load the model (explicit; construction never loads)."""

    def reset(self) -> None:
        """Forget stream state before a new stream."""

    def probability(self, frame: np.ndarray) -> float:
        """Speech probability 0..1 for one frame of `capabilities.frame_samples` samples."""
        ...
