"""`actions/calendar_days.py`: days counted to holidays, days and clock times (round 35).

The clock is frozen on Monday 10 March 2025, 22:00 in London (`conftest.START`).
"""

from __future__ import annotations

import pytest

from sayso.actions import ActionHandler
from sayso.actions.calendar_days import names_a_day
from sayso.actions.timeparse import ordinal

from .conftest import Intent


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("christmas", "There are 290 days until Christmas."),
        ("Christmas Eve", "There are 289 days until Christmas Eve."),
        ("new year's", "There are 297 days until New Year's Day."),
        ("friday", "There are 4 days until Friday."),
        ("tomorrow", "That's tomorrow."),
        ("tuesday", "Tuesday is tomorrow."),
        ("11 pm", "11 PM is in 1 hour."),
        ("midnight", "12 AM is in 2 hours."),
        ("the 12th", "There are 2 days until the 12th."),
    ],
)
def test_days_are_counted_to_the_next_such_day(
    handler: ActionHandler, intent: Intent, day: str, said: str
) -> None:
    result = handler.handle(intent("SaysoDaysUntil", day=day))
    assert result.success and result.speech == said
    assert not result.changes


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("christmas", "Christmas is on Thursday, December 25th."),
        ("easter", "Easter is on Sunday, April 20th."),
        ("thanksgiving", "Thanksgiving is on Thursday, November 27th."),  # 4th Thursday
        ("mother's day", "Mother's Day is on Sunday, May 11th."),  # the US's, 2nd Sunday of May
        ("valentine's day", "Valentine's Day is on Saturday, February 14th, 2026."),  # next one
        ("next friday", "Next Friday is March 14th."),
        ("july 4th", "July 4th is a Friday."),
    ],
)
def test_a_day_s_date_is_said(handler: ActionHandler, intent: Intent, day: str, said: str) -> None:
    result = handler.handle(intent("SaysoDateOf", day=day))
    assert result.success and result.speech == said


@pytest.mark.parametrize("day", ["sunset", "my alarm", "the next full moon", "it", ""])
def test_words_that_name_no_day_are_left_to_the_brain(intent: Intent, day: str) -> None:
    assert not names_a_day(intent("SaysoDateOf", day=day))
    assert not names_a_day(intent("SaysoDaysUntil", day=day))


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"
    ]  # fmt: skip
