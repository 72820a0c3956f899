"""Alarms that repeat ("every weekday"): the words split off the time, and the next ring set when
one rings or was missed (a real store, a frozen clock on a Monday evening in London)."""

from __future__ import annotations

import datetime as dt

import pytest

from sayso.actions import ActionHandler, FixedClock, Store
from sayso.actions.alarms import Alarms
from sayso.actions.repeating import WORKDAYS, earliest_half, next_after, said, split_repeat
from sayso.actions.timers import due, on_startup

from .conftest import START, ZONE, Intent


@pytest.mark.parametrize(
    ("text", "language", "rest", "days"),
    [
        ("7 am every weekday", "en", "7 am", WORKDAYS),
        ("every monday and friday at 7", "en", "at 7", (0, 4)),
        ("8 pm on sundays", "en", "8 pm", (6,)),
        ("on monday at 7", "en", "on monday at 7", ()),  # one Monday
        ("montags und freitags um 7", "de", "um 7", (0, 4)),
        ("7 Uhr werktags", "de", "7 uhr", WORKDAYS),
        ("à 7 heures tous les jours", "fr", "à 7 heures", (0, 1, 2, 3, 4, 5, 6)),
        ("las 7 cada martes", "es", "las 7", (1,)),
    ],
)
def test_the_repeat_is_split_off_the_time(
    text: str, language: str, rest: str, days: tuple[int, ...]
) -> None:
    assert split_repeat(text, language) == (rest, days)


def test_a_repeat_is_said_back() -> None:
    assert said(WORKDAYS, "en") == "every weekday"
    assert said((0, 4), "en") == "every Monday and Friday"
    assert said((2,), "de") == "jeden Mittwoch"


def test_the_next_ring_keeps_the_wall_clock_across_a_clock_change() -> None:
    friday = dt.datetime(2025, 3, 28, 7, 0, tzinfo=ZONE)  # British Summer Time starts on the 30th
    after = next_after(friday.astimezone(dt.UTC), WORKDAYS, friday + dt.timedelta(seconds=1))
    assert after == dt.datetime(2025, 3, 31, 7, 0, tzinfo=ZONE)  # Monday, 7:00 local


def test_a_weekday_alarm_rings_and_is_set_again_until_cancelled(
    handler: ActionHandler, store: Store, clock: FixedClock, intent: Intent
) -> None:
    result = handler.handle(intent("SaysoSetAlarm", alarm_time="7 am every weekday"))
    assert result.success and result.speech == "Alarm set for 7 AM tomorrow and then every weekday."
    for day in (11, 12, 13, 14):  # Tuesday to Friday, each morning at 7
        clock.advance((dt.datetime(2025, 3, day, 7, 0, tzinfo=ZONE) - clock.now()).total_seconds())
        assert len(due(store, clock.now())) == 1
    [then] = Alarms(store).pending()
    assert then.due_at == dt.datetime(2025, 3, 17, 7, 0, tzinfo=ZONE)  # Monday, not Saturday
    assert then.repeat == WORKDAYS
    handler.handle(intent("SaysoCancelAlarm"))
    clock.advance(7 * 24 * 3600)
    assert due(store, clock.now()) == [] and Alarms(store).pending() == []


def test_a_missed_weekly_alarm_is_reported_once_and_set_for_its_next_day(
    store: Store, clock: FixedClock
) -> None:
    with store.transaction():
        Alarms(store).add(START + dt.timedelta(hours=1), START, "bins", "en", (1,))  # Tue 23:00
    clock.advance(3 * 24 * 3600)  # down until Thursday evening
    [missed] = on_startup(store, clock.now())
    assert missed.missed and missed.label == "bins"
    [then] = Alarms(store).pending()
    assert then.due_at == dt.datetime(2025, 3, 18, 23, 0, tzinfo=ZONE) and then.label == "bins"


def test_a_bare_hour_on_a_repeats_first_day_is_its_morning_while_that_is_ahead() -> None:
    # "Every Monday at 8" said on Sunday at 9 AM: the next bare 8 was Sunday's 8 PM, moved to
    # Monday 8 PM; Monday's 8 AM comes first (the test failed on Sundays before round 38).
    sunday = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
    monday_evening = dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)
    assert earliest_half(monday_evening, sunday).hour == 8
    # Said on Monday at 9 AM: this morning's 8 is past, the evening stands.
    monday = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    assert earliest_half(monday_evening, monday) == monday_evening
    morning = monday_evening.replace(hour=7)
    assert earliest_half(morning, sunday) == morning
