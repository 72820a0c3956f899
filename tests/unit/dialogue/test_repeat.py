"""`dialogue.repeat`: which whole turns ask for the last reply, and how a reply is kept."""

from __future__ import annotations

import pytest

from sayso.dialogue import repeat
from sayso.dialogue.memory import ConversationMemory


@pytest.mark.parametrize(
    ("text", "language", "asked_in"),
    [
        ("What did you say?", "en", "en"),
        ("Sorry, could you repeat that please?", "en", "en"),
        ("say that again", "en", "en"),
        ("I didn't catch that.", "en", "en"),
        ("Pardon?", "en", "en"),
        ("Wie bitte?", "de", "de"),
        ("Kannst du das bitte wiederholen?", "de", "de"),
        ("Tu peux répéter ?", "fr", "fr"),
        ("Qu'est-ce que tu as dit ?", "fr", "fr"),
        ("¿Qué dijiste?", "es", "es"),
        ("¿Puedes repetirlo, por favor?", "es", "es"),
        ("再说一遍", "zh-cn", "zh-cn"),
        ("Wie bitte?", "en", "de"),  # nothing read it: a German request in an English assistant
    ],
)  # fmt: skip
def test_a_request_for_the_last_reply(text: str, language: str, asked_in: str) -> None:
    assert repeat.asked(text, language) == asked_in


@pytest.mark.parametrize(
    "text",
    ["What?", "Sorry?", "comment", "¿Cómo?", "什么", "repeat the alarm every day",
     "say hello to mom", "what did you do", "turn it off again", ""],
)  # fmt: skip
def test_words_that_are_not_a_request_for_the_last_reply(text: str) -> None:
    assert repeat.asked(text, "en") is None


def test_the_pieces_of_one_reply_are_kept_together_and_a_new_turn_replaces_them() -> None:
    mem = ConversationMemory()
    mem.said("t1", "The capital of France is Paris.", "en")
    mem.said("t1", "It is on the Seine.", "")
    assert (mem.last_reply, mem.last_reply_language) == (
        "The capital of France is Paris. It is on the Seine.", "en"
    )
    mem.said("t2", "   ", "de")  # an empty piece (the end of a stream) keeps what was said
    assert mem.last_reply.startswith("The capital")
    mem.said("t2", "Licht eingeschaltet", "de")
    assert (mem.last_reply, mem.last_reply_language) == ("Licht eingeschaltet", "de")


def test_nothing_said_yet_is_answered_in_the_language_asked() -> None:
    assert repeat.nothing_yet("de") == "Ich habe noch nichts gesagt."
    assert repeat.nothing_yet("pt") == "I haven't said anything yet."
