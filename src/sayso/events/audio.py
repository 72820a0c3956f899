"""Events at the audio boundaries: front end → VAD → ASR, and TTS → output."""

from __future__ import annotations

import dataclasses

import numpy as np

from sayso.constants import SAMPLE_RATE
from sayso.events.base import Event


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class AudioFrame(Event):
    """A short frame of normalised input audio (16 kHz mono float32)."""

    samples: np.ndarray
    """Float32 samples in [-1, 1]."""
    start_s: float
    """Position of the first sample in the input stream, in seconds."""
    sample_rate: int = SAMPLE_RATE
    """Sample rate in Hz."""

    @property
    def duration_s(self) -> float:
        """Frame length in seconds."""
        return len(self.samples) / self.sample_rate


@dataclasses.dataclass(frozen=True, kw_only=True)
class SpeechStarted(Event):
    """The VAD heard speech begin."""

    start_s: float
    """Stream position of the speech onset, in seconds."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class SpeechStopped(Event):
    """The VAD heard speech end (after the configured trailing silence)."""

    end_s: float
    """Stream position of the last voiced frame, in seconds."""


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class SpeechSegment(Event):
    """One utterance cut out by the VAD, padded, ready for recognition."""

    samples: np.ndarray
    """Float32 samples at `sample_rate`."""
    start_s: float
    """Stream position of the first sample, in seconds."""
    end_s: float
    """Stream position after the last sample, in seconds."""
    sample_rate: int = SAMPLE_RATE
    """Sample rate in Hz."""
    voiced_ms: float | None = None
    """Voiced audio in the utterance, ms, as the endpointer counted it (None: not counted)."""
    lead_in_s: float = 0.0
    """Audio before the speech onset that the segment begins with (its pre-roll), seconds."""


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class AudioChunk(Event):
    """A piece of synthesised reply audio."""

    samples: np.ndarray
    """Float32 samples in [-1, 1]."""
    sample_rate: int
    """Sample rate of the voice, in Hz (Piper medium voices: 22050)."""
    sentence_index: int = 0
    """Which reply sentence this audio speaks."""
    text: str = ""
    """The text this chunk speaks, so the dialogue can record what was actually played."""
    is_last: bool = False
    """True on the final chunk of the reply."""
