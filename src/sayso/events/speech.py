"""Events at the ASR → understanding boundary: transcripts with N-best and word timings."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, runtime_checkable

from sayso.events.base import Event

TextScorer = Callable[[Sequence[str]], list[float]]
"""Log-probability of each text given the audio a transcript was recognised from."""


class TokenConstraint(Protocol):
    """Which recogniser tokens may come next: a grammar compiled for one tokenizer.

    States are small integers. The recogniser's decoder knows no grammar; it only asks this.
    """

    def initial(self) -> int:
        """The state before the first token."""
        ...

    def allowed(self, state: int) -> Mapping[int, int]:
        """Tokens allowed in `state`, each with the state it leads to."""
        ...

    def free(self, state: int) -> int | None:
        """The state any other text token leads to (inside a free slot), or None."""
        ...

    def accepts(self, state: int) -> bool:
        """Whether the end token is allowed in `state`."""
        ...

    def free_cost(self, state: int) -> int:
        """Free tokens the move to `free(state)` takes (1, more where it ends a grammar reading).

        Meaningful only where `free(state)` is not None.
        """
        ...

    def absorbed(self, state: int) -> Mapping[int, int]:
        """Allowed tokens that only a free slot's reading explains, with the free tokens it took.

        The end token too; empty where the grammar's own words explain every allowed token.
        """
        ...


class TokenSpace(Protocol):
    """The recogniser's tokenizer, as a grammar compiler needs it."""

    eot: int
    """End token id; ids from here up are special tokens, never text."""

    def encode(self, text: str) -> list[int]:
        """Token ids of `text`."""
        ...


@dataclasses.dataclass(frozen=True)
class ConstrainedText:
    """One sentence the constrained decoder found."""

    text: str
    """The decoded text, stripped."""
    logprob: float
    """Summed token log-probability, end token included."""
    tokens: int
    """Tokens decoded, end token included."""


@dataclasses.dataclass(frozen=True)
class ConstrainedDecode:
    """The constrained decoder's answer, with the free transcript scored the same way."""

    found: tuple[ConstrainedText, ...]
    """Sentences the constraint allows, best first (empty: none reached an end)."""
    reference: float | None
    """Summed log-probability of the reference text (the free transcript), end token included."""
    reference_tokens: int = 0
    """Tokens of the reference, end token included."""
    elapsed_ms: float = 0.0
    """Time the search took."""


@dataclasses.dataclass(frozen=True)
class SentenceEnd:
    """What the recogniser expects right after the words heard, given the audio."""

    ends: float
    """P(".", "?", "!" or the end of the text): the sentence is over."""
    pauses: float
    """P("," or "..."): the sentence goes on after a pause."""


@runtime_checkable
class SentenceEndScorer(Protocol):
    """A recogniser that can say how likely its sentence ends after a given text."""

    def sentence_end(self, text: str) -> SentenceEnd | None:
        """What follows `text` (its final punctuation ignored); None if `text` is empty."""
        ...


@runtime_checkable
class ConstrainedDecoder(Protocol):
    """A recogniser that can decode its audio again, restricted to a `TokenConstraint`."""

    def token_space(self) -> TokenSpace:
        """The tokenizer to compile constraints for (one object per model, for caching)."""
        ...

    def model_identity(self) -> str:
        """Which model decodes (its calibration is looked up by this)."""
        ...

    def decode_constrained(
        self, constraint: TokenConstraint, *, beam: int, reference: str = "", keep: int = 0
    ) -> ConstrainedDecode:
        """The best sentences the constraint allows; `reference` is scored alongside.

        `keep`: sentences returned (0: `beam`).
        """
        ...


@runtime_checkable
class PriorScorer(Protocol):
    """A recogniser that can say how likely a text is with no speech: its own language prior."""

    def prior(self, texts: Sequence[str]) -> list[float]:
        """Log-probability of each text over silence (text tokens only)."""
        ...


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
    voiced_ms: float | None = None
    """Voiced audio in the recognised utterance by the VAD, ms (None: not measured, e.g. typed
    text). The understanding step reads an utterance with less than a live turn needs to start
    as no speech (`understanding.heard.NO_SPEECH_BELOW_MS`)."""
    bias_phrases: tuple[str, ...] = ()
    """Vocabulary the recogniser was biased towards for this turn."""
    typed: bool = False
    """Typed by the user (a text turn), not recognised from speech: read as written. Grammar-aware
    correction reads a mishearing as the command it most likely was; a typed sentence was not
    misheard, and its nearest grammar sentence is more often another command than the one meant
    (BENCHMARKS.md, "Languages on text, round 4")."""
    acoustic: TextScorer | None = dataclasses.field(
        default=None, compare=False, repr=False, metadata={"wire": False}
    )
    """Scores other texts against this utterance's audio, when the recogniser can (Whisper keeps
    its encoder output for it). Used by the understanding step to check grammar sentences; it
    never leaves the process and is dropped with the event."""
