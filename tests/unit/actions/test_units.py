"""`actions/units.py`: units converted; words that are not units are left to the brain (35)."""

from __future__ import annotations

import dataclasses
from importlib.resources import files

import pytest
import yaml

from sayso.actions import ActionHandler
from sayso.actions.units import _unit, converts, rounded

from .conftest import Intent

KINDS = {"length", "mass", "volume", "time", "speed", "temperature"}


@pytest.mark.parametrize(
    ("quantity", "to", "said"),
    [
        ("a cup", "ounces", "1 cup is 8 fluid ounces."),  # an ounce of a volume is a fluid ounce
        ("5 miles", "kilometers", "5 miles is 8.05 kilometers."),
        ("20 degrees celsius", "fahrenheit", "20 degrees Celsius is 68 degrees Fahrenheit."),
        ("70 degrees", "celsius", "70 degrees Fahrenheit is 21.1 degrees Celsius."),
        ("a pound", "grams", "1 pound is 454 grams."),
        ("a tablespoon", "teaspoons", "1 tablespoon is 3 teaspoons."),
        ("a gallon", "cups", "1 gallon is 16 cups."),
        ("100 km/h", "mph", "100 kilometers per hour is 62.1 miles per hour."),
        ("a day", "seconds", "1 day is 86400 seconds."),
        ("half a cup", "milliliters", "0.5 cups is 118 milliliters."),
        ("one mile", "feet", "1 mile is 5280 feet."),
        ("0 celsius", "kelvin", "0 degrees Celsius is 273 kelvin."),
    ],
)
def test_a_conversion_is_said_with_both_units(
    handler: ActionHandler, intent: Intent, quantity: str, to: str, said: str
) -> None:
    result = handler.handle(intent("SaysoConvert", quantity=quantity, to=to))
    assert result.success and result.speech == said
    assert not result.changes


@pytest.mark.parametrize(
    ("language", "quantity", "to", "result"),
    [
        ("de", "ein Pfund", "Gramm", "500"),  # das Pfund is 500 g
        ("de", "5 Meilen", "Kilometer", "8.05"),
        ("de", "3 Tassen", "Milliliter", "750"),  # eine Tasse is 250 ml
        ("fr", "une livre", "grammes", "500"),
        ("fr", "20 degrés celsius", "fahrenheit", "68"),
        ("es", "una libra", "gramos", "454"),
        ("es", "2,5 litros", "tazas", "10"),
    ],
)
def test_units_are_read_in_other_languages(
    handler: ActionHandler, intent: Intent, language: str, quantity: str, to: str, result: str
) -> None:
    asked = dataclasses.replace(intent("SaysoConvert", quantity=quantity, to=to), language=language)
    outcome = handler.handle(asked)
    assert outcome.success and outcome.data["result"] == result


@pytest.mark.parametrize(
    ("quantity", "to"),
    [("the weather", "London"), ("5", "kilometers"), ("5 miles", "kilograms"),
     ("a cup", "cups"), ("70 degrees", "degrees"), ("", "")],
)  # fmt: skip
def test_words_that_are_not_a_conversion_are_not_one(
    handler: ActionHandler, intent: Intent, quantity: str, to: str
) -> None:
    asked = intent("SaysoConvert", quantity=quantity, to=to)
    assert not converts(asked)
    result = handler.handle(asked)
    assert not result.success and result.speech == "Sorry, I can't convert those units."


def test_results_are_said_to_three_figures() -> None:
    assert (rounded(8.04672), rounded(453.59237), rounded(0.0295735), rounded(2.0)) == (
        "8.05", "454", "0.0296", "2"
    )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_every_unit_the_grammar_lists_is_one_the_table_reads(language: str) -> None:
    path = files("sayso.data.intents") / language / "units.yaml"
    values = yaml.safe_load(path.read_text(encoding="utf-8"))["lists"]["sayso_unit_to"]["values"]
    assert len(values) > 40
    for value in values:  # `_unit` raises for a name the table does not read
        assert _unit(value, language)[0].kind in KINDS, value
