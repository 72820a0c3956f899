"""The joke deck: every joke once before any again, never the same twice in a row."""

from __future__ import annotations

import itertools

from sayso.actions.jokes import JOKES, _Deck


def test_every_joke_is_dealt_before_any_comes_again() -> None:
    deck = _Deck(JOKES["en"])
    n = len(JOKES["en"])
    dealt = [deck.deal() for _ in range(5 * n)]
    for start in range(0, 5 * n, n):
        assert sorted(dealt[start : start + n]) == sorted(JOKES["en"])
    assert all(a != b for a, b in itertools.pairwise(dealt))


def test_each_language_has_jokes_that_end_as_sentences() -> None:
    for jokes in JOKES.values():
        assert len(jokes) >= 5
        assert len(set(jokes)) == len(jokes)
        assert all(j.rstrip()[-1] in ".!?" for j in jokes)
