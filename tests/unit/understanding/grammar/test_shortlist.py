"""What grammar rescoring proposes: loose readings of near misses and small closed answer sets."""

from __future__ import annotations

from sayso.config import IntentsConfig
from sayso.events import Transcript
from sayso.events.speech import Hypothesis
from sayso.understanding.grammar.shortlist import (
    CLOSED_PROPOSALS,
    MAX_PROPOSALS,
    GrammarShortlist,
    closed_sentences,
)
from sayso.understanding.hassil.recognizer import HassilRecognizer
from tests.conftest import DIGITS_INTENTS, PIZZA_INTENTS


def result(*texts: str) -> Transcript:
    hyps = tuple(Hypothesis(t, -2.0 - i, -0.5) for i, t in enumerate(texts))
    return Transcript(text=texts[0], hypotheses=hyps)


def digits(builtin: bool = True) -> HassilRecognizer:
    r = HassilRecognizer(IntentsConfig(custom=(str(DIGITS_INTENTS),), builtin=builtin))
    r.load()
    return r


def test_a_near_miss_gets_the_grammar_sentence_proposed(recognizer: HassilRecognizer) -> None:
    proposals = GrammarShortlist(recognizer)(result("turn on the kitten light"))
    assert "turn on the kitchen light" in proposals


def test_closed_answer_sets_are_proposed_for_short_utterances() -> None:
    only_digits = GrammarShortlist(digits(builtin=False))
    assert set(only_digits(result("Hey."))) == {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
    }  # fmt: skip
    shortlist = GrammarShortlist(digits())  # with every built-in intent: the nearest few
    proposals = shortlist(result("Hey."))
    assert "eight" in proposals and len(proposals) <= CLOSED_PROPOSALS + MAX_PROPOSALS
    long_miss = shortlist(result("I really could not say what the number was"))
    assert "eight" not in long_miss


def test_closed_sets_leave_out_wildcards_and_number_ranges() -> None:
    r = digits()
    intents, lists = r.grammar()  # type: ignore[misc]
    sentences = closed_sentences(intents, lists)
    assert "seven" in sentences
    assert "what time is it" in sentences  # a small fixed question
    assert not any(s.startswith("broadcast") for s in sentences)  # {message} is free text
    assert not any("{" in s for s in sentences)  # "set a timer for {minutes}" is open


def test_a_big_custom_template_is_not_a_closed_set() -> None:
    # OrderPizza expands to millions of sentences: it must be bounded, not sampled.
    r = HassilRecognizer(IntentsConfig(custom=(str(PIZZA_INTENTS),), builtin=False))
    r.load()
    intents, lists = r.grammar()  # type: ignore[misc]
    sentences = closed_sentences(intents, lists)
    assert "where is my pizza" in sentences
    assert not any(s.startswith("order") for s in sentences)


def test_a_hum_gets_no_closed_answers() -> None:
    shortlist = GrammarShortlist(digits(builtin=False))
    assert shortlist(result("MMMM.")) == () and shortlist(result("M-M-H-M")) == ()
