"""Heard words left over after a grammar sentence ends (`trailing.unexplained_tail`)."""

from __future__ import annotations

import pytest

from sayso.understanding.grammar.trailing import unexplained_tail
from sayso.understanding.grammar.wayout import WayOut


@pytest.mark.parametrize(
    ("sentence", "heard", "tail"),
    [
        ("Add milk to my shopping list.", "and milk to my shopping list and eggs", 2),
        ("Put apples on my shopping list.", "Put apples on my shopping list and pairs.", 2),
        ("set a timer for 5 minutes", "Set a timer for five minutes and 30 seconds.", 3),
        ("turn off the lights", "turn off the lights in the kitchen", 3),
        ("with cream", "with cream and not sugar", 3),
        # A sound-alike or a misheard last word is a substitution, not words left over.
        ("with cream and no sugar", "with cream and not sugar", 0),
        ("Add milk to my shopping list.", "and milk to my shopping list", 0),
        ("set a timer for 5 minutes", "Set a timer for five minutes.", 0),
        ("order six pizzas with olives", "or the thick, steep and windling.", 0),
        # The sentence says more than was heard: nothing heard is left over.
        ("turn off the lights in the kitchen", "turn off the lights", 0),
        # A decoder loop says the sentence again: nothing more was said (CI, round 6).
        ("Turn on the kitchen light.",
         "turn on the kitchen light turn on the kitchen light turn on the kitchen", 0),
        ("set a timer for 5 minutes", "set a timer for five minutes minutes minutes", 0),
        ("turn on the light", "turn on the light on the table", 3),
        ("", "a b", 2),
        ("a b", "", 0),
    ],
)
def test_words_heard_after_the_sentence_ends(sentence: str, heard: str, tail: int) -> None:
    assert unexplained_tail(sentence, heard) == tail


def test_the_way_out_charges_each_word_left_over() -> None:
    rule = WayOut(offset=4.0, per_token=0.0, per_missing=0.0, per_tail=4.0)
    assert rule.score(-2.0, 0.0, 9, 8) == pytest.approx(2.0)
    assert rule.score(-2.0, 0.0, 9, 8, tail=2) == pytest.approx(-6.0)
