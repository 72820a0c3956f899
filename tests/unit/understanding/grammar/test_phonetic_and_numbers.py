"""Word similarity and number words: the two judgements grammar matching rests on."""

from __future__ import annotations

import pytest

from sayso.understanding.grammar.phonetic import phonetic_key, similarity
from sayso.understanding.numbers import parse_number_words


@pytest.mark.parametrize(
    ("heard", "meant", "unrelated"),
    [
        ("and", "add", "light"),
        ("andlock", "unlock", "kitchen"),
        ("madroom", "bedroom", "shopping"),
        ("sent", "set", "blinds"),
    ],
)
def test_misheard_words_are_closer_than_unrelated_ones(
    heard: str, meant: str, unrelated: str
) -> None:
    assert similarity(heard, meant) > 0.6
    assert similarity(heard, meant) > similarity(heard, unrelated) + 0.2


def test_same_word_is_fully_similar_and_keys_merge_voicing() -> None:
    assert similarity("door", "door") == 1.0
    assert phonetic_key("bedroom") == phonetic_key("petroom")


@pytest.mark.parametrize(
    ("words", "value"),
    [("21", 21), ("twenty one", 21), ("a hundred", 100), ("one hundred and five", 105)],
)
def test_number_words(words: str, value: int) -> None:
    assert parse_number_words(words.split()) == value


@pytest.mark.parametrize("words", ["a", "twenty twenty", "five minutes", "light"])
def test_non_numbers(words: str) -> None:
    assert parse_number_words(words.split()) is None
