"""A failed action is answered in the turn's language, saying what went wrong.

Before, every failure in another language but English said Home Assistant's "handle_error" ("Es
ist ein unerwarteter Fehler aufgetreten") unless it was an unknown area, floor or device: a bare
"Stopp" with nothing playing told a German speaker the machine had broken.
"""

from __future__ import annotations

import dataclasses
import string

import pytest

from sayso.actions import ActionHandler, FixedClock, HomeSpec, Store
from sayso.events import IntentRecognized
from sayso.understanding import failures
from sayso.understanding.response_book import ResponseBook

from .conftest import make_intent


@pytest.fixture
def localized(store: Store, home: HomeSpec, clock: FixedClock) -> ActionHandler:
    book = ResponseBook("en")
    return ActionHandler(store, home, clock, book.for_action, book.failure)


def said(handler: ActionHandler, language: str, intent_name: str, /, **slots: object) -> str:
    intent: IntentRecognized = dataclasses.replace(
        make_intent(intent_name, **slots), language=language
    )
    result = handler.handle(intent)
    assert not result.success, result
    return result.speech


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Es läuft gerade nichts."),
        ("fr", "Rien n'est en cours de lecture."),
        ("es", "No se está reproduciendo nada."),
        ("zh-CN", "现在没有在播放。"),
        ("en", "Nothing is playing."),
    ],
)
def test_pause_with_nothing_playing_says_so(
    localized: ActionHandler, language: str, expected: str
) -> None:
    assert said(localized, language, "HassMediaPause") == expected


def test_each_failure_says_what_went_wrong_in_german(localized: ActionHandler) -> None:
    assert said(localized, "de", "HassCancelTimer") == "Es läuft kein Timer."
    assert said(localized, "de", "HassUnpauseTimer") == "Kein Timer ist pausiert."
    assert said(localized, "de", "HassStartTimer") == "Wie lange soll der Timer laufen?"
    assert said(localized, "de", "SaysoCancelAlarm") == "Es ist kein Wecker gestellt."
    out_of_range = said(localized, "de", "HassClimateSetTemperature", temperature=90)
    assert out_of_range == "Das geht nur zwischen 7 und 30, nicht 90."


def test_numbers_are_written_the_languages_way(localized: ActionHandler) -> None:
    speech = said(localized, "fr", "HassClimateSetTemperature", temperature=40.5)
    assert speech == "Ce doit être entre 7 et 30, pas 40,5."


def test_home_assistants_templates_answer_what_they_can(localized: ActionHandler) -> None:
    # A named timer that is not there: HA's own "timer_not_found".
    spoken = said(localized, "es", "HassCancelTimer", name="pasta")
    assert spoken == "Lo siento, no se pudo encontrar ese temporizador"
    # A device name the home does not have: HA's "no_entity", with the name as said.
    assert said(localized, "de", "HassTurnOn", name="Toaster") == "Toaster existiert nicht"


def test_a_language_without_sentences_still_answers_in_its_own(localized: ActionHandler) -> None:
    italian = ResponseBook("it").renderer()
    assert said(localized, "it", "HassCancelTimer") == italian.error_text("timer_not_found")
    # What HA's templates have no key for: its "unexpected error", never the English sentence.
    assert said(localized, "it", "HassMediaPause") == italian.error_text("handle_error")


def test_every_language_has_every_sentence_with_the_same_fields() -> None:
    def fields(template: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    reference = failures.SENTENCES["de"]
    for language, table in failures.SENTENCES.items():
        assert table.keys() == reference.keys(), language
        for key, template in table.items():
            assert fields(template) == fields(reference[key]), (language, key)


def test_a_missing_value_gives_no_sentence() -> None:
    assert failures.sentence("de", "which_timer", {}) is None
    assert failures.sentence("de", "which_timer", {"count": 2}) == (
        "Es gibt 2 Timer. Welchen meinst du?"
    )
