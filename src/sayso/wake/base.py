"""The wake-word engine protocol: shared models, one stream of state per audio source."""

from __future__ import annotations

import dataclasses
from typing import Protocol, runtime_checkable

import numpy as np


@dataclasses.dataclass(frozen=True)
class WakeCapabilities:
    """What a wake-word engine offers."""

    step_samples: int
    """Samples at 16 kHz between two scores (the engine buffers input up to this)."""
    warmup_samples: int
    """Samples a fresh stream needs before its first score (its context window fills)."""


@dataclasses.dataclass(frozen=True)
class WakeModelInfo:
    """One phrase an engine listens for."""

    name: str
    """Model name ("hey_jarvis"), used in configuration and in Wyoming `detect`."""
    phrase: str
    """What to say ("hey jarvis")."""
    languages: tuple[str, ...] = ("en",)
    """Languages the model was trained for."""


@runtime_checkable
class WakeStream(Protocol):
    """Per-source state: feed 16 kHz mono float32 audio, get the model's scores."""

    def process(self, samples: np.ndarray) -> list[float]:
        """Scores (0..1) of every step `samples` completed, oldest first (often none or one)."""
        ...

    def reset(self) -> None:
        """Forget the audio heard so far (after a detection, or a new stream)."""


@runtime_checkable
class WakeEngine(Protocol):
    """Loads a wake-word model once; every session or connection opens its own stream."""

    capabilities: WakeCapabilities
    model: WakeModelInfo

    def load(self) -> None:
        """Load the model (explicit; construction never loads)."""

    def stream(self) -> WakeStream:
        """A fresh stream over the loaded model (cheap: models are shared)."""
        ...
