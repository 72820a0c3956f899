"""Spoken-language-understanding metrics: intent accuracy, slot P/R/F1, SLU-F1, command acceptance.

Slots are compared as (slot name, normalised value) pairs; values pass through `normalize_text`
(non-strings are first rendered as text, dicts and lists as sorted JSON).

SLU-F1 follows the SLURP paper (Bastianelli et al., EMNLP 2020) and its reference scorer. For a
distance δ, each utterance is scored as:

* each predicted slot whose name matches a still-unmatched gold slot is paired with the gold slot of
  that name at the lowest distance; the pair adds TP += 1, FP += δ, FN += δ;
* a predicted slot with no gold slot of its name adds FP += 1; each unpaired gold slot adds FN += 1.

Two distances are used: word-level δ_w = word error rate of the predicted value against the gold
value (like the reference scorer it is not clipped, so insertions can make it exceed 1), and
character-level δ_c = Levenshtein(gold, predicted) / max(len(gold), len(predicted)). Counts are
summed over the corpus; Word-F1 and Char-F1 are the F1 of each sum, and SLU-F1 is the F1 of the
two sums added together (TP_w + TP_c, FP_w + FP_c, FN_w + FN_c). F1 = 2·TP / (2·TP + FP + FN).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sayso.evaluation.metrics.wer import align_counts, normalize_text

Slots = Mapping[str, Any]


@dataclasses.dataclass(frozen=True)
class PRF:
    """True/false positive and false negative counts (fractional for SLU-F1) with P, R, F1.

    With nothing to find and nothing predicted, every score is 1.
    """

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        """Precision: tp / (tp + fp)."""
        denominator = self.tp + self.fp
        return self.tp / denominator if denominator else float(self.fn == 0)

    @property
    def recall(self) -> float:
        """Recall: tp / (tp + fn)."""
        denominator = self.tp + self.fn
        return self.tp / denominator if denominator else float(self.fp == 0)

    @property
    def f1(self) -> float:
        """2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 1.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


ZERO_PRF = PRF(0.0, 0.0, 0.0)


def value_text(value: Any, language: str = "en") -> str:
    """The normalised text of a slot value."""
    if isinstance(value, Mapping | list | tuple):
        value = json.dumps(value, sort_keys=True, default=str)
    return normalize_text(str(value), language)


def _pairs(slots: Slots, language: str) -> list[tuple[str, str]]:
    return [(name, value_text(value, language)) for name, value in slots.items()]


def slot_counts(gold: Slots, pred: Slots, language: str = "en") -> PRF:
    """Exact-match counts of (name, normalised value) pairs for one utterance."""
    gold_pairs, pred_pairs = Counter(_pairs(gold, language)), Counter(_pairs(pred, language))
    tp = sum((gold_pairs & pred_pairs).values())
    return PRF(tp, sum(pred_pairs.values()) - tp, sum(gold_pairs.values()) - tp)


def word_distance(gold: str, pred: str) -> float:
    """Word error rate of `pred` against `gold` (both normalised)."""
    return align_counts(gold, pred, "word").rate


def char_distance(gold: str, pred: str) -> float:
    """Character Levenshtein distance over the longer length (0 for two empty strings)."""
    longest = max(len(gold), len(pred))
    return align_counts(gold, pred, "char").errors / longest if longest else 0.0


def span_distance_counts(
    gold: Slots, pred: Slots, distance: Callable[[str, str], float], language: str = "en"
) -> PRF:
    """SLURP's distance-softened span counts for one utterance (see the module docstring)."""
    remaining = _pairs(gold, language)
    tp = fp = fn = 0.0
    for name, value in _pairs(pred, language):
        candidates = [i for i, (gold_name, _) in enumerate(remaining) if gold_name == name]
        if not candidates:
            fp += 1
            continue
        best = min(candidates, key=lambda i: distance(remaining[i][1], value))
        delta = distance(remaining.pop(best)[1], value)
        tp, fp, fn = tp + 1, fp + delta, fn + delta
    return PRF(tp, fp, fn + len(remaining))


@dataclasses.dataclass(frozen=True)
class SluF1:
    """SLURP's distance-softened slot scores."""

    word: PRF
    """Counts with the word-level distance (Word-F1 = word.f1)."""
    char: PRF
    """Counts with the character-level distance (Char-F1 = char.f1)."""

    @property
    def slu(self) -> PRF:
        """Summed word and char counts; SLU-F1 = slu.f1."""
        return self.word + self.char


def slu_f1(golds: Sequence[Slots], preds: Sequence[Slots], language: str = "en") -> SluF1:
    """SLU-F1 over a corpus of aligned gold and predicted slot sets."""
    _check_aligned(golds, preds)
    word, char = ZERO_PRF, ZERO_PRF
    for gold, pred in zip(golds, preds, strict=True):
        word += span_distance_counts(gold, pred, word_distance, language)
        char += span_distance_counts(gold, pred, char_distance, language)
    return SluF1(word, char)


def slot_prf(golds: Sequence[Slots], preds: Sequence[Slots], language: str = "en") -> PRF:
    """Micro-averaged exact slot counts over a corpus."""
    _check_aligned(golds, preds)
    return sum((slot_counts(g, p, language) for g, p in zip(golds, preds, strict=True)), ZERO_PRF)


def intent_accuracy(golds: Sequence[str | None], preds: Sequence[str | None]) -> float:
    """Fraction of utterances whose predicted intent equals the gold one (None equals None)."""
    _check_aligned(golds, preds)
    return sum(g == p for g, p in zip(golds, preds, strict=True)) / len(golds) if golds else 0.0


def command_accepted(
    gold_intent: str | None,
    gold_slots: Slots,
    pred_intent: str | None,
    pred_slots: Slots,
    language: str = "en",
) -> bool:
    """The command would run as meant: right intent, every slot right, and no extra slot.

    A gold value that is a list against a single predicted value lists the values any of which
    is right, as Home Assistant's tests state it (`name: ["pizza ", "pizza"]`: the timer's name
    with or without the space the template leaves); a predicted list must equal it.
    """
    if gold_intent != pred_intent or set(gold_slots) != set(pred_slots):
        return False
    return all(_same(gold_slots[name], pred_slots[name], language) for name in gold_slots)


def _same(gold: Any, pred: Any, language: str) -> bool:
    if isinstance(gold, list) and not isinstance(pred, list):
        return value_text(pred, language) in {value_text(g, language) for g in gold}
    return value_text(gold, language) == value_text(pred, language)


def _check_aligned(golds: Sequence[Any], preds: Sequence[Any]) -> None:
    if len(golds) != len(preds):
        raise ValueError(f"{len(golds)} gold items but {len(preds)} predictions")
