"""`actions/calendar_days.py`: days counted to holidays, days and clock times (round 35).

The clock is frozen on Monday 10 March 2025, 22:00 in London (`conftest.START`).
"""

from __future__ import annotations

import dataclasses

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


@pytest.mark.parametrize(
    ("language", "day", "days", "date_said"),
    [
        ("de", "Weihnachten", 289, "24. Dezember"),  # German countdowns count to Heiligabend
        ("de", "der Valentinstag", 341, "14. Februar 2026"),
        ("de", "Pfingsten", 90, "8. Juni"),  # Easter (20 April 2025) + 49 days
        ("de", "Freitag", 4, "14. März"),
        ("fr", "Noël", 290, "25 décembre"),
        ("fr", "le jour de l'an", 297, "1er janvier 2026"),
        ("es", "Nochevieja", 296, "31 de diciembre"),
        ("es", "el viernes", 4, "14 de marzo"),
    ],
)
def test_holidays_and_weekdays_in_other_languages(
    handler: ActionHandler, intent: Intent, language: str, day: str, days: int, date_said: str
) -> None:
    asked = dataclasses.replace(intent("SaysoDaysUntil", day=day), language=language)
    result = handler.handle(asked)
    assert result.success and result.data["days"] == days
    assert result.data["date_said"] == date_said
    assert names_a_day(dataclasses.replace(intent("SaysoDateOf", day=day), language=language))


def test_other_languages_name_no_dates_but_holidays_and_weekdays(intent: Intent) -> None:
    sunset = dataclasses.replace(intent("SaysoDateOf", day="der Sonnenuntergang"), language="de")
    assert not names_a_day(sunset)
