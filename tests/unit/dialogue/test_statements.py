"""Requests that name an action but ask for nothing: negations and reports (pure logic)."""

import pytest

from sayso.dialogue.statements import asks_nothing, is_negated, is_report


@pytest.mark.parametrize("text", [
    "please don't turn off the hallway light", "do not add milk to the list",
    "never switch on the heating", "don't you ever text Bob", "you shouldn't set an alarm",
])
def test_negated(text: str) -> None:
    assert is_negated(text)


@pytest.mark.parametrize("text", [
    "I don't need the fan anymore, turn it off", "no, turn it off", "stop the timer",
    "turn off the kitchen light", "why won't you be quiet",
])
def test_not_negated(text: str) -> None:
    assert not is_negated(text)


@pytest.mark.parametrize("text", [
    "I turned off the kitchen light earlier", "i already added milk to the shopping list",
    "bob sent me a message this morning", "the alarm woke me up at 6 this morning",
    "my timer went off while I was in the shower", "I set an alarm yesterday",
    "we already put eggs on the list",
])
def test_reports(text: str) -> None:
    assert is_report(text)


@pytest.mark.parametrize("text", [
    "set an alarm for 7", "can you set a timer for 10 minutes", "put eggs on my shopping list",
    "I need the lights turned off", "I want the heating turned up to 21 degrees",
    "turned off the light", "turn on the left lamp", "let dad know the car is fixed",
])
def test_not_reports(text: str) -> None:
    assert not is_report(text)


def test_asks_nothing_is_either() -> None:
    assert asks_nothing("don't turn on the tv") and asks_nothing("I turned on the tv")
    assert not asks_nothing("turn on the tv")
