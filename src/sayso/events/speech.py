"""Events at the ASR → understanding boundary: transcripts with N-best and word timings."""

from __future__ import annotations

import dataclasses

from sayso.events.base import Event


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
    """N-best list, best first (kept for later fusion and grammar matching)."""
    words: tuple[WordTiming, ...] = ()
    """Word timings of the best hypothesis."""
    audio_duration_s: float = 0.0
    """Length of the recognised audio, in seconds."""
    no_speech_prob: float = 0.0
    """Model's probability that the segment holds no speech."""
    bias_phrases: tuple[str, ...] = ()
    """Vocabulary the recogniser was biased towards for this turn."""
    grammar_checked: bool = False
    """The recogniser checked the closest grammar sentences against the audio and none fitted
    (`sayso.understanding.grammar.rescore`; kept for evaluation and debugging)."""
