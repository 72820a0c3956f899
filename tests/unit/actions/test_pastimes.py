"""Sums, a coin, a die, a number: what a speaker answers with no home, network or LLM (33, 35)."""

from __future__ import annotations

import pytest

from sayso.actions import ActionHandler
from sayso.actions.pastimes import reads_numbers, spoken_number

from .conftest import Intent


@pytest.mark.parametrize(
    ("a", "op", "b", "said"),
    [
        ("5", "add", "7", "5 plus 7 is 12."),
        ("twelve", "multiply", "seven", "12 times 7 is 84."),
        ("15", "percent", "80", "15 percent of 80 is 12."),
        ("10", "divide", "4", "10 divided by 4 is 2.5."),
        ("a hundred", "subtract", "37", "100 minus 37 is 63."),
        ("minus four", "add", "1,000", "-4 plus 1000 is 996."),
        ("1", "divide", "3", "1 divided by 3 is 0.3333."),
    ],
)
def test_a_sum_is_said_with_its_result(
    handler: ActionHandler, intent: Intent, a: str, op: str, b: str, said: str
) -> None:
    result = handler.handle(intent("SaysoCalculate", a=a, b=b, op=op))
    assert result.success and result.speech == said


def test_what_is_no_number_or_no_sum_fails_with_one_sentence(
    handler: ActionHandler, intent: Intent
) -> None:
    zero = handler.handle(intent("SaysoCalculate", a="10", b="zero", op="divide"))
    assert not zero.success and zero.speech == "You can't divide by zero."
    word = handler.handle(intent("SaysoCalculate", a="the capital of France", b="2", op="add"))
    assert not word.success and word.error_code == "invalid_value"


def test_a_coin_and_a_die_give_one_of_their_sides(handler: ActionHandler, intent: Intent) -> None:
    sides = {handler.handle(intent("SaysoFlipCoin")).speech for _ in range(40)}
    assert sides == {"It's heads.", "It's tails."}  # both, in 40 flips (fails 1 in 2^39)
    rolls = {handler.handle(intent("SaysoRollDie")).data["rolled"] for _ in range(60)}
    assert rolls <= set(range(1, 7)) and len(rolls) > 1


def test_whole_numbers_are_said_without_a_point() -> None:
    said = (spoken_number(12.0), spoken_number(2.5), spoken_number(-0.125))
    assert said == ("12", "2.5", "-0.125")



@pytest.mark.parametrize(
    ("slots", "said"),
    [
        ({"a": "2", "b": "10", "op": "power"}, "2 to the power of 10 is 1024."),
        ({"a": "144", "op": "square_root"}, "The square root of 144 is 12."),
        ({"a": "2", "op": "square_root"}, "The square root of 2 is 1.4142."),
        ({"a": "twelve", "op": "square"}, "12 squared is 144."),
        ({"a": "3", "op": "cube"}, "3 cubed is 27."),
    ],
)
def test_powers_and_roots_are_said_with_their_result(
    handler: ActionHandler, intent: Intent, slots: dict[str, str], said: str
) -> None:
    result = handler.handle(intent("SaysoCalculate", **slots))
    assert result.success and result.speech == said


def test_what_cannot_be_said_fails_with_one_sentence(
    handler: ActionHandler, intent: Intent
) -> None:
    root = handler.handle(intent("SaysoCalculate", a="-4", op="square_root"))
    assert not root.success and root.speech == "Negative numbers have no real square root."
    huge = handler.handle(intent("SaysoCalculate", a="9", b="99", op="power"))
    assert not huge.success and huge.speech == "That number is too large to say."


def test_a_number_is_picked_between_the_two_said(handler: ActionHandler, intent: Intent) -> None:
    picked = {
        handler.handle(intent("SaysoPickNumber", a="ten", b="1")).data["picked"] for _ in range(60)
    }
    assert picked <= set(range(1, 11)) and len(picked) > 3
    assert not reads_numbers(intent("SaysoPickNumber", a="a card", b="a hat"))
