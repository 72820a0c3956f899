"""HassRespond ("hello", "who made you") is answered, as sayso, in the turn's language.

Before, "hello" parsed as HassRespond and was answered "Sorry, I can't do that in this home yet.";
Home Assistant's own templates would have said "Your data is sent to your Home Assistant server."
"""

from __future__ import annotations

import dataclasses

import pytest

from sayso.actions import ActionHandler, FixedClock, HomeSpec, Store
from sayso.actions.handlers_lists import RESPONDS
from sayso.dialogue.fragments import changes_state
from sayso.understanding.hassil.loading import load_intents_dict
from sayso.understanding.response_book import ResponseBook

from .conftest import dump, make_intent

LANGUAGES = ("en", "de", "fr", "es", "zh-CN")


@pytest.fixture
def answering(store: Store, home: HomeSpec, clock: FixedClock) -> ActionHandler:
    book = ResponseBook("en")
    return ActionHandler(store, home, clock, book.for_action, book.failure)


def answer(handler: ActionHandler, key: str, language: str = "en") -> str:
    intent = dataclasses.replace(make_intent("HassRespond"), response_key=key, language=language)
    result = handler.handle(intent)
    assert result.success and not result.changes
    return result.speech


def test_hello_is_answered_and_changes_nothing(answering: ActionHandler, store: Store) -> None:
    before = dump(store)
    assert answer(answering, "hello") == "Hello! What can I do for you?"
    assert dump(store) == before
    assert not changes_state("HassRespond")  # one word ("hello") is not a fragment to ask about


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_answer_is_sayso_s_own_in_each_language(
    answering: ActionHandler, language: str
) -> None:
    keys = {
        str(data["response"])
        for data in load_intents_dict(language)["intents"]["HassRespond"]["data"]
    }
    assert keys <= set(RESPONDS)  # a new key of Home Assistant's would need an answer here
    for key in keys:
        said = answer(answering, key, language)
        assert said and "Home Assistant" not in said, (language, key, said)


def test_the_english_file_says_what_the_handler_says() -> None:
    book = ResponseBook("en").renderer()
    for key, text in RESPONDS.items():
        assert book.render("HassRespond", key, {}, {}) == text
