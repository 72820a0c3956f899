"""The ASR engine protocol."""

from __future__ import annotations

import dataclasses
import math
from typing import Protocol, runtime_checkable

import numpy as np

from sayso.errors import BadInput
from sayso.events.speech import Hypothesis, TextScorer, WordTiming

MAX_TEMPERATURE = 1.0
"""Highest sampling temperature accepted (OpenAI's transcription API allows 0..1)."""


@dataclasses.dataclass(frozen=True)
class AsrCapabilities:
    """What an ASR engine can do."""

    nbest: bool
    """Returns more than one hypothesis."""
    word_timings: bool
    """Returns word start/end times."""
    streaming: bool
    """Accepts audio incrementally (False: whole segments)."""
    biasing: bool
    """Accepts bias phrases / hotwords."""
    languages: tuple[str, ...] = ()
    """Supported language codes; empty means many."""


@dataclasses.dataclass(frozen=True)
class AsrRequest:
    """Per-call options (engine config holds the defaults)."""

    language: str | None = None
    """Override the configured language."""
    bias_phrases: tuple[str, ...] = ()
    """Words and phrases to favour in this utterance."""
    prompt: str | None = None
    """Decoder prompt for this utterance."""
    beam_size: int | None = None
    """Override beam width."""
    temperature: float = 0.0
    """Sampling temperature (0: deterministic beam search)."""
    partial: bool = False
    """An interim result while the user is still speaking: speed over accuracy, no extra passes
    (no word timings either)."""
    word_timings: bool = True
    """Align words to the audio when the engine's config asks for it; False skips that pass for
    a caller that never reads `AsrResult.words` (a live session's turns)."""
    lead_in_s: float = 0.0
    """Seconds of audio before the speech that the audio already has (a live segment's VAD
    pre-roll): an engine that puts silence before the speech adds only what this lacks."""

    def __post_init__(self) -> None:
        # NaN and infinity would reach the sampler (seen: temperature=inf accepted over REST).
        if not (math.isfinite(self.temperature) and 0.0 <= self.temperature <= MAX_TEMPERATURE):
            raise BadInput(f"temperature must be a number in 0..{MAX_TEMPERATURE:g}, got "
                           f"{self.temperature}", code="invalid_value")
        if not (math.isfinite(self.lead_in_s) and self.lead_in_s >= 0.0):
            raise BadInput(f"lead_in_s must be a number >= 0, got {self.lead_in_s}",
                           code="invalid_value")


@dataclasses.dataclass(frozen=True)
class AsrResult:
    """What the engine heard."""

    text: str
    """Best hypothesis."""
    language: str
    """Language of the text."""
    hypotheses: tuple[Hypothesis, ...]
    """N-best, best first."""
    words: tuple[WordTiming, ...]
    """Word timings of the best hypothesis."""
    duration_s: float
    """Audio length in seconds."""
    no_speech_prob: float = 0.0
    """Probability the audio holds no speech."""
    segments: tuple[tuple[float, float, str], ...] = ()
    """(start_s, end_s, text) per decoded segment, for subtitles."""
    acoustic: TextScorer | None = dataclasses.field(default=None, compare=False, repr=False)
    """Scores other texts against this same audio (engines that can; `asr/whisper/scorer.py`).
    Holds the encoder output, so it is cheap to call and is dropped with the result."""


@runtime_checkable
class AsrEngine(Protocol):
    """Turns 16 kHz mono float32 audio into text."""

    capabilities: AsrCapabilities

    def load(self) -> None:
        """Load the model (explicit; construction never loads)."""

    def transcribe(self, audio: np.ndarray, request: AsrRequest | None = None) -> AsrResult:
        """Recognise one utterance or file (blocking; call off the event loop)."""
        ...
