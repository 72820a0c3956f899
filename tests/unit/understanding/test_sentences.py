"""Table-driven recognition tests from tests/fixtures/intents/sentences_en.yaml."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from sayso.config import IntentsConfig
from sayso.understanding.base import EntityName, HomeVocabulary
from sayso.understanding.hassil.recognizer import HassilRecognizer
from tests.conftest import DIGITS_INTENTS

from .understanding_home import INTENT_FIXTURES

CASES: list[dict[str, Any]] = yaml.safe_load(
    (INTENT_FIXTURES / "sentences_en.yaml").read_text(encoding="utf-8")
)["sentences"]


@pytest.mark.parametrize("case", CASES, ids=[c["sentence"] for c in CASES])
def test_sentence(recognizer: HassilRecognizer, case: dict[str, Any]) -> None:
    result = recognizer.recognize(case["sentence"])
    if case["intent"] is None:
        assert result is None, result
        return
    assert result is not None
    assert result.intent == case["intent"]
    assert result.slot_dict() == case["slots"]
    assert result.source == case.get("source", "hassil")
    assert result.response_key == case.get("response", "default")
    assert result.confidence == 1.0
    assert result.text == case["sentence"]


def test_fixture_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert sum(c["intent"] is None for c in CASES) >= 2


def test_whole_numbers_are_int_and_halves_float(recognizer: HassilRecognizer) -> None:
    brightness = recognizer.recognize("set the kitchen light brightness to 50%")
    assert brightness is not None
    assert type(brightness.slot("brightness")) is int
    temperature = recognizer.recognize("set the thermostat to 21.5")
    assert temperature is not None
    assert temperature.slot("temperature") == 21.5


def test_slot_text_keeps_spoken_words(recognizer: HassilRecognizer) -> None:
    result = recognizer.recognize("turn on the reading lamp")
    assert result is not None
    assert [(s.name, s.value, s.text) for s in result.slots] == [
        ("name", "light.living_room_lamp", "reading lamp")
    ]


def test_requires_context_domain_filters_names(recognizer: HassilRecognizer) -> None:
    # HassLightSet color blocks require domain light: the fan has no color.
    assert recognizer.recognize("set the bedroom fan to red") is None


def test_here_area_fills_area(recognizer: HassilRecognizer) -> None:
    recognizer.set_here("Bedroom")
    try:
        result = recognizer.recognize("turn on the lights")
    finally:
        recognizer.set_here(None)
    assert result is not None
    assert result.slot_dict() == {"area": "Bedroom", "domain": "light"}


def test_empty_text_is_no_match(recognizer: HassilRecognizer) -> None:
    assert recognizer.recognize("   ") is None


def test_vocabulary_lists_home_and_custom_values(recognizer: HassilRecognizer) -> None:
    words = recognizer.vocabulary()
    for expected in ("Kitchen Light", "reading lamp", "Office", "Upstairs", "Shopping", "Mom"):
        assert expected in words
    assert "pineapple" in words and "gluten free" in words


def test_a_single_domain_biases_towards_its_own_words_only() -> None:
    alone = HassilRecognizer(IntentsConfig(custom=(str(DIGITS_INTENTS),), builtin=False))
    alone.load()
    kitchen = EntityName("light.kitchen", "Kitchen Light", "Kitchen")
    alone.set_home(HomeVocabulary(entities=(kitchen,), areas=("Kitchen",)))
    digits = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    assert alone.vocabulary() == digits
