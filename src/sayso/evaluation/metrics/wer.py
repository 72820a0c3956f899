"""Word and character error rates after text normalisation.

Both texts are normalised first (`normalize_text`): for English, Whisper's
`EnglishTextNormalizer` (lower case, punctuation removed, spelled-out numbers to digits,
"Mr." → "mister", British → American spelling, fillers such as "uh" dropped); for other languages
Whisper's `BasicTextNormalizer` (lower case, punctuation and symbols removed). Errors are counted on
a minimum-edit alignment (`jiwer`).

Rates: corpus-level = sum of errors / sum of reference units; per-utterance rates are also kept so
the mean of per-utterance rates can be reported, but the corpus rate is the headline number. An
empty reference counts as one unit, so every rate stays finite (an empty reference with an empty
hypothesis scores 0, with any hypothesis words scores their count).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import cache
from typing import Literal

import jiwer
from whisper_normalizer.basic import BasicTextNormalizer
from whisper_normalizer.english import EnglishTextNormalizer

Unit = Literal["word", "char"]


@cache
def _english() -> EnglishTextNormalizer:
    # Built once: its constructor compiles a large spelling table.
    return EnglishTextNormalizer()


@cache
def _basic() -> BasicTextNormalizer:
    return BasicTextNormalizer()


def normalize_text(text: str, language: str = "en") -> str:
    """Normalise `text` for scoring (see the module docstring); whitespace is collapsed."""
    normaliser = _english() if language.lower().startswith("en") else _basic()
    return " ".join(normaliser(text).split())


@dataclasses.dataclass(frozen=True)
class ErrorCounts:
    """Alignment counts of one hypothesis against its reference (or a sum of them)."""

    substitutions: int
    deletions: int
    insertions: int
    hits: int
    """Reference units matched exactly."""

    @property
    def ref_len(self) -> int:
        """Number of reference units (words or characters)."""
        return self.substitutions + self.deletions + self.hits

    @property
    def errors(self) -> int:
        """Substitutions + deletions + insertions."""
        return self.substitutions + self.deletions + self.insertions

    @property
    def rate(self) -> float:
        """Errors / reference length (an empty reference counts as length 1)."""
        return self.errors / max(self.ref_len, 1)

    def __add__(self, other: ErrorCounts) -> ErrorCounts:
        return ErrorCounts(
            self.substitutions + other.substitutions,
            self.deletions + other.deletions,
            self.insertions + other.insertions,
            self.hits + other.hits,
        )


ZERO_COUNTS = ErrorCounts(0, 0, 0, 0)


def align_counts(ref: str, hyp: str, unit: Unit = "word") -> ErrorCounts:
    """Count edits between already-normalised `ref` and `hyp`, in words or characters.

    Characters include the single spaces between words, as in jiwer's CER.
    """
    ref, hyp = " ".join(ref.split()), " ".join(hyp.split())
    if not ref:
        # jiwer refuses empty references; every hypothesis unit is then an insertion.
        return ErrorCounts(0, 0, len(hyp.split()) if unit == "word" else len(hyp), 0)
    out = jiwer.process_words(ref, hyp) if unit == "word" else jiwer.process_characters(ref, hyp)
    return ErrorCounts(out.substitutions, out.deletions, out.insertions, out.hits)


def word_errors(ref: str, hyp: str, *, normalize: bool = True, language: str = "en") -> ErrorCounts:
    """Word alignment counts of `hyp` against `ref`, after normalisation unless told not to."""
    if normalize:
        ref, hyp = normalize_text(ref, language), normalize_text(hyp, language)
    return align_counts(ref, hyp, "word")


def char_errors(ref: str, hyp: str, *, normalize: bool = True, language: str = "en") -> ErrorCounts:
    """Character alignment counts of `hyp` against `ref`, after normalisation unless told not to."""
    if normalize:
        ref, hyp = normalize_text(ref, language), normalize_text(hyp, language)
    return align_counts(ref, hyp, "char")


def wer(ref: str, hyp: str, *, language: str = "en") -> float:
    """Word error rate of one normalised pair."""
    return word_errors(ref, hyp, language=language).rate


def cer(ref: str, hyp: str, *, language: str = "en") -> float:
    """Character error rate of one normalised pair."""
    return char_errors(ref, hyp, language=language).rate


@dataclasses.dataclass(frozen=True)
class CorpusErrorRate:
    """Error rate over a set of utterances, both corpus-level and per utterance."""

    total: ErrorCounts
    """Sum of the per-utterance counts."""
    per_utterance: tuple[ErrorCounts, ...]

    @property
    def rate(self) -> float:
        """Corpus rate: sum of errors / sum of reference units."""
        return self.total.rate

    @property
    def mean_rate(self) -> float:
        """Unweighted mean of the per-utterance rates (0 for no utterances)."""
        if not self.per_utterance:
            return 0.0
        return sum(c.rate for c in self.per_utterance) / len(self.per_utterance)


def corpus_error_rate(
    refs: Sequence[str], hyps: Sequence[str], *, unit: Unit = "word", language: str = "en"
) -> CorpusErrorRate:
    """Normalise each pair and sum its alignment counts; `refs` and `hyps` must align."""
    if len(refs) != len(hyps):
        raise ValueError(f"{len(refs)} references but {len(hyps)} hypotheses")
    counts = tuple(
        align_counts(normalize_text(r, language), normalize_text(h, language), unit)
        for r, h in zip(refs, hyps, strict=True)
    )
    return CorpusErrorRate(sum(counts, ZERO_COUNTS), counts)


def corpus_wer(
    refs: Sequence[str], hyps: Sequence[str], *, language: str = "en"
) -> CorpusErrorRate:
    """Corpus word error rate (see `corpus_error_rate`)."""
    return corpus_error_rate(refs, hyps, unit="word", language=language)


def corpus_cer(
    refs: Sequence[str], hyps: Sequence[str], *, language: str = "en"
) -> CorpusErrorRate:
    """Corpus character error rate (see `corpus_error_rate`)."""
    return corpus_error_rate(refs, hyps, unit="char", language=language)
