"""The TTS engine protocol."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

import numpy as np


@dataclasses.dataclass(frozen=True)
class TtsCapabilities:
    """What a TTS engine can do."""

    sample_rate: int
    """Output sample rate in Hz."""
    streaming: bool
    """Yields audio per sentence (or finer) before the whole text is synthesised."""
    voices: tuple[str, ...] = ()
    """Voice names the engine offers."""


@runtime_checkable
class TtsEngine(Protocol):
    """Turns text into float32 mono audio at `capabilities.sample_rate`."""

    capabilities: TtsCapabilities

    def load(self) -> None:
        """Load the voice (explicit; construction never loads)."""

    def synthesize(self, text: str, speed: float = 1.0) -> Iterator[np.ndarray]:
        """Yield audio chunks for `text` (blocking generator; iterate off the event loop)."""
        ...
