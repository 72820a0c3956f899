"""Events at the ASR → understanding boundary: transcripts with N-best and word timings."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from sayso.events.base import Event

TextScorer = Callable[[Sequence[str]], list[float]]
"""Log-probability of each text given the audio a transcript was recognised from."""


@dataclasses.dataclass(frozen=True)
class WordTiming:
    """One recognised word with its position in the utterance."""

    word: str
    """The word as recognised (may carry leading space/punctuation from the model)."""
    start_s: float
    """Start time in seconds from the start of the segment."""
    end_s: float
    """End time in seconds from the start of the segment."""
    probability: float
    """Model probability of the word, 0..1."""


@dataclasses.dataclass(frozen=True)
class Hypothesis:
    """One entry of the recogniser's N-best list."""

    text: str
    """Hypothesis text."""
    score: float
    """Log probability (sum over tokens); higher is better."""
    avg_logprob: float = 0.0
    """Mean token log probability, comparable across lengths."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class PartialTranscript(Event):
    """An interim transcript of speech still in progress; may change."""

    text: str
    """Best text so far."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Transcript(Event):
    """The final transcript of one utterance."""

    text: str
    """Best hypothesis text, stripped."""
    language: str = "en"
    """Language code of the text."""
    hypotheses: tuple[Hypothesis, ...] = ()
    """N-best list, best first (read by the understanding step)."""
    words: tuple[WordTiming, ...] = ()
    """Word timings of the best hypothesis."""
    audio_duration_s: float = 0.0
    """Length of the recognised audio, in seconds."""
    no_speech_prob: float = 0.0
    """Model's probability that the segment holds no speech."""
    bias_phrases: tuple[str, ...] = ()
    """Vocabulary the recogniser was biased towards for this turn."""
    acoustic: TextScorer | None = dataclasses.field(
        default=None, compare=False, repr=False, metadata={"wire": False}
    )
    """Scores other texts against this utterance's audio, when the recogniser can (Whisper keeps
    its encoder output for it). Used by the understanding step to check grammar sentences; it
    never leaves the process and is dropped with the event."""
