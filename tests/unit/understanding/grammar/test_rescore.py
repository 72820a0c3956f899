"""Acoustic grammar rescoring: the decision rule on a fixed N-best list and fixed scores.

The scorer here is a table of log-probabilities standing in for Whisper's forced decoding, so the
accept/reject rule is checked exactly; the real scorer runs on real audio in
tests/e2e/understanding/test_grammar_aware_turns.py; the paths around it in test_understand.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from sayso.events import Transcript
from sayso.events.speech import Hypothesis, TextScorer
from sayso.understanding.grammar.rescore import (
    CONTRADICTED_PER_TOKEN,
    comparable,
    contradicts,
    rescore,
)


def table(scores: dict[str, float]) -> TextScorer:
    """Scores by text; a text not in the table scores as its comparable form."""

    def score(texts: Sequence[str]) -> list[float]:
        return [scores[t] if t in scores else scores[comparable(t)] for t in texts]

    return score


def heard(text: str, scores: dict[str, float]) -> Transcript:
    return Transcript(
        text=text, hypotheses=(Hypothesis(text, -3.0, -0.5),), acoustic=table(scores)
    )


def check(result: Transcript, proposals: list[str], margin: float, per_word: float = 0.0) -> Any:
    return rescore(result.acoustic, result.hypotheses, proposals, margin, per_word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pause TV!", "Pause tv."),
        ("  what's   the TIME? ", "What's the time."),
        ("...", ""),
        ("6.", "Six."),
        ("Set 25 minutes", "Set 25 minutes."),
    ],
)
def test_comparable_form_ignores_case_and_punctuation(text: str, expected: str) -> None:
    assert comparable(text) == expected


def test_a_lone_digit_is_written_in_the_language_of_the_sentence() -> None:
    # An English "five" in a German sentence scored the proposal as words Whisper never writes.
    german = comparable("Verkürze den Timer um 5 Minuten.", "de")
    assert german == "Verkürze den timer um fünf minuten."
    assert comparable("Réveille-moi dans 5 minutes", "fr") == "Réveille moi dans cinq minutes."
    assert comparable("Um 5 Minuten.", "en") == "Um five minuten."


def test_a_proposal_within_the_margin_is_accepted() -> None:
    result = heard("Boss TV.", {"Pause tv.": -6.0, "Boss tv.": -4.0})
    verdict = check(result, ["pause tv"], margin=3.0)
    assert verdict is not None and verdict.accepted and verdict.proposal == "Pause tv."


def test_a_proposal_far_below_what_was_heard_is_rejected() -> None:
    result = heard("Tell me a joke.", {"Tell me the date.": -19.0, "Tell me a joke.": -5.0})
    verdict = check(result, ["tell me the date"], margin=3.0)
    assert verdict is not None and not verdict.accepted


def test_the_best_of_several_proposals_is_chosen() -> None:
    scores = {"Eight.": -2.0, "Hey.": -1.5, "Eighty.": -9.0, "Ate.": -4.0}
    verdict = check(heard("Hey.", scores), ["eighty", "eight", "ate"], margin=1.0)
    assert verdict is not None and verdict.proposal == "Eight." and verdict.accepted


def test_what_was_heard_counts_as_written_when_that_scores_better() -> None:
    # Whisper base on Cathy's "My name's Ferguson.": lower-cased, the name cost 12 nats.
    scores = {"My name is Ferguson.": -0.6, "My name is ferguson.": -13.5, "Six.": -13.9}
    verdict = check(heard("My name is Ferguson.", scores), ["six"], margin=2.4)
    assert verdict is not None and verdict.reference == -0.6 and not verdict.accepted


def test_nothing_to_compare_gives_no_verdict() -> None:
    result = heard("Boss TV.", {})
    assert check(result, [], margin=3.0) is None
    no_scorer = Transcript(text="Boss TV.", hypotheses=(Hypothesis("Boss TV.", -3.0, -0.5),))
    assert check(no_scorer, ["pause tv"], margin=3.0) is None


def test_the_margin_grows_with_the_sentence_length() -> None:
    scores = {"Order two large pizzas with ham.": -9.8, "Order two large pieces with hem.": -6.4}
    result = heard("Order two large pieces with hem.", scores)
    proposal = ["order two large pizzas with ham"]
    fixed = check(result, proposal, margin=2.0)
    scaled = check(result, proposal, margin=2.0, per_word=0.4)
    assert fixed is not None and not fixed.accepted
    assert scaled is not None and scaled.accepted and scaled.margin == pytest.approx(4.4)


def test_a_correction_the_audio_clearly_denies_is_contradicted() -> None:
    # 4 words, 3.6 nats each: a correction may trail what was heard by up to 14.4 nats.
    said = {"Make the kitchen warmer.": -4.0}
    denied = heard("Make the kitchen warmer.", {**said, "Make the kitchen orange.": -19.2})
    doubtful = heard("Make the kitchen warmer.", {**said, "Make the kitchen orange.": -17.0})
    assert contradicts(denied.acoustic, denied.hypotheses, "make the kitchen orange")
    assert not contradicts(doubtful.acoustic, doubtful.hypotheses, "make the kitchen orange")


def test_without_audio_or_when_the_correction_was_heard_nothing_is_contradicted() -> None:
    typed = Transcript(text="Boss TV.", hypotheses=(Hypothesis("Boss TV.", -3.0, -0.5),))
    assert not contradicts(typed.acoustic, typed.hypotheses, "pause tv")
    same = heard("Pause TV!", {})  # the scorer is never asked: nothing to compare
    assert not contradicts(same.acoustic, same.hypotheses, "pause tv")
    denied = heard("Make the kitchen warmer.", {"Make the kitchen warmer.": -4.0,
                                                 "Make the kitchen orange.": -30.0})
    # No threshold measured for French: every correction is kept.
    assert not contradicts(denied.acoustic, denied.hypotheses, "make the kitchen orange", "fr")
    assert contradicts(denied.acoustic, denied.hypotheses, "make the kitchen orange", "en-US")
    # German's is per token: a scorer that cannot count tokens contradicts nothing.
    assert not contradicts(denied.acoustic, denied.hypotheses, "make the kitchen orange", "de")


class LetterTokens:
    """A tokenizer of one token per letter (a stand-in for Whisper's)."""

    eot = 0

    def encode(self, text: str) -> list[int]:
        return [ord(c) for c in text if c.isalpha()]


class CountingScorer:
    """A score table that also counts tokens, as a recogniser with a tokenizer does."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def __call__(self, texts: Sequence[str]) -> list[float]:
        return [self.scores[t] for t in texts]

    def token_space(self) -> LetterTokens:
        return LetterTokens()

    def model_identity(self) -> str:
        return "letters"

    def decode_constrained(self, constraint: Any, *, beam: int, reference: str = "",
                           keep: int = 0) -> Any:
        raise NotImplementedError


def test_a_german_correction_is_measured_per_token() -> None:
    # "Wie kalt ist das eingang." is 20 letter tokens, each allowed the German threshold.
    allowed = 20 * CONTRADICTED_PER_TOKEN["de"]
    heard_text = "Wie alt ist das Uni mehr vom?"
    said = {heard_text: -5.0, "Wie alt ist das uni mehr vom.": -9.0}
    far = CountingScorer({**said, "Wie kalt ist das eingang.": -5.0 - allowed - 1.0})
    near = CountingScorer({**said, "Wie kalt ist das eingang.": -5.0 - allowed + 1.0})
    hypotheses = (Hypothesis(heard_text, -5.0, -0.5),)
    assert contradicts(far, hypotheses, "wie kalt ist das eingang", "de")
    assert not contradicts(near, hypotheses, "wie kalt ist das eingang", "de-DE")
