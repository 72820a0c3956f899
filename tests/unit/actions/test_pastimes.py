"""Sums, a coin and a die: what a speaker answers with no home, network or LLM (round 33)."""

from __future__ import annotations

import pytest

from sayso.actions import ActionHandler
from sayso.actions.pastimes import spoken_number

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

