"""Which words name one device of a kind, per language (`actions/one_of_many.py`)."""

from __future__ import annotations

import pytest

from sayso.actions.one_of_many import names_one


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("turn off the lamp", "en"),
        ("Schalte die Lampe ein", "de"),
        ("Mach das Licht aus", "de"),
        ("Schalte den Schalter aus", "de"),  # "den" is never plural
        ("allume la lampe", "fr"),
        ("éteins l'interrupteur", "fr"),
        ("enciende la lámpara", "es"),
        ("apaga el ventilador", "es"),
    ],
)
def test_one_device_of_a_kind(text: str, language: str) -> None:
    assert names_one(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("turn off the lights", "en"),
        ("turn off every light", "en"),
        ("Schalte die Lampen ein", "de"),
        ("Schalte alle Lichter aus", "de"),
        ("Schalte die Schalter aus", "de"),  # "die Schalter": the plural is spelled the same
        ("Mach überall das Licht aus", "de"),
        ("éteins les lumières", "fr"),
        ("éteins toute la lumière", "fr"),
        ("apaga las luces", "es"),
        ("apaga toda la luz", "es"),
        ("关灯", "zh-CN"),  # no number on the noun: today's reading stands
        ("allume la lampe", "it"),  # a language with no table
    ],
)
def test_every_device_or_no_rule(text: str, language: str) -> None:
    assert not names_one(text, language)


def test_where_a_request_points_is_said_as_a_place() -> None:
    from sayso.actions.targets import where

    from .conftest import make_intent

    assert where(make_intent("HassTurnOff", area="Kitchen")) == " in the kitchen"
    assert where(make_intent("HassTurnOff", floor="First Floor")) == " on the first floor"
    assert where(make_intent("HassGetState", area="Outside")) == " outside"  # not "in the outside"
    assert where(make_intent("HassTurnOff")) == ""
