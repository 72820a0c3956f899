"""The VAD engine protocol."""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol, runtime_checkable

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


def fork_vad(engine: VadEngine) -> VadEngine:
    """A fresh stream of a loaded VAD engine: its own state, ready to use.

    An engine's state (Silero's recurrent state, the energy VAD's noise floor) belongs to one
    stream; two streams through one engine corrupt each other's probabilities (two file turns at
    once on a server shifted each other's speech boundaries). Engines with `fork()` share their
    loaded model with the fork; others are built again from their class and config and loaded.
    """
    fork = getattr(engine, "fork", None)
    if callable(fork):
        forked: VadEngine = fork()
        return forked
    config = getattr(engine, "config", None)
    cls: Any = type(engine)
    fresh: VadEngine = cls(config) if config is not None else cls()
    fresh.load()
    fresh.reset()
    return fresh
