"""Alarms: spoken times, persistence across restarts, and missed alarms reported once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from sayso.actions import ActionHandler, FixedClock, HomeSpec, Store
from sayso.actions.timeparse import parse_alarm_time
from sayso.actions.timers import due, on_startup
from sayso.errors import BadInput

from .conftest import START, ZONE, Intent


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seven thirty tomorrow morning", at(11, 7, 30)),
        ("6 am", at(11, 6)),
        ("six a.m.", at(11, 6)),
        ("in 10 minutes", at(10, 22, 10)),
        ("in ten minutes", at(10, 22, 10)),
        ("in an hour", at(10, 23)),
        ("half past seven", at(11, 7, 30)),
        ("quarter to eight", at(11, 7, 45)),
        ("10:30 tonight", at(10, 22, 30)),
        ("seven thirty in the evening", at(11, 19, 30)),
        ("noon", at(11, 12)),
        ("friday at 7:15 am", at(14, 7, 15)),
        ("monday at nine", at(17, 9)),
        ("twenty three fifteen", at(10, 23, 15)),
        # Round 33: "and a half" was dropped, "from now" not read, a lone "one"/"two" no hour.
        ("in an hour and a half", at(10, 23, 30)),
        ("in one and a half hours", at(10, 23, 30)),
        ("an hour from now", at(10, 23)),
        ("10 minutes from now", at(10, 22, 10)),
        ("one pm", at(11, 13)),
        ("two o clock", at(11, 2)),
        ("one a.m.", at(11, 1)),
        # Round 34: "twenty one" was "20 1" (the 1st of January at 8 PM); "the 5th" was the 1st
        # of May; an answer ends with a full stop.
        ("twenty one", at(11, 21)),  # 9 PM: said at 10 PM, tomorrow's
        ("Seven.", at(11, 7)),
        ("7 on the 12th", at(12, 7)),
        ("7 am on wednesday the 12th", at(12, 7)),
        ("at 8 on the 10th", dt.datetime(2025, 4, 10, 8, tzinfo=ZONE)),  # the 10th's 8 is gone
    ],
)
def test_spoken_alarm_times(text: str, expected: dt.datetime) -> None:
    assert parse_alarm_time(text, START) == expected


@pytest.mark.parametrize(
    "text", ["whenever", "25:00", "today at 6 am", "3.5", "twenty 100", "10 3", "one. 3.5"]
)
def test_unusable_alarm_times(text: str) -> None:
    with pytest.raises(BadInput):
        parse_alarm_time(text, START)


def test_set_list_cancel_alarm(handler: ActionHandler, intent: Intent) -> None:
    result = handler.handle(intent("SaysoSetAlarm", alarm_time="seven thirty tomorrow morning"))
    assert result.success and result.speech == "Alarm set for 7:30 AM tomorrow."
    assert dt.datetime.fromisoformat(result.data["due_at"]) == at(11, 7, 30)
    handler.handle(intent("SaysoSetAlarm", alarm_time="friday at 9"))
    listed = handler.handle(intent("SaysoListAlarms"))
    assert listed.speech == "You have 2 alarms: 7:30 AM tomorrow and 9 AM on Friday."
    assert handler.handle(intent("SaysoCancelAlarm")).error_code == "ambiguous"
    cancelled = handler.handle(intent("SaysoCancelAlarm", alarm_time="friday at nine"))
    assert cancelled.speech == "Cancelled the alarm for 9 AM on Friday."
    bad = handler.handle(intent("SaysoSetAlarm", alarm_time="sometime"))
    assert not bad.success and bad.error_code == "invalid_value"


def test_alarm_survives_restart_and_fires(
    db_path: Path, store: Store, home: HomeSpec, clock: FixedClock, intent: Intent
) -> None:
    ActionHandler(store, home, clock).handle(intent("SaysoSetAlarm", alarm_time="6 am"))
    store.close()
    clock.set(at(11, 5, 59))
    reopened = Store(db_path)
    assert on_startup(reopened, clock.now()) == []  # not yet due: nothing missed
    clock.advance(60)
    fired = due(reopened, clock.now())
    assert [(f.kind, f.missed) for f in fired] == [("alarm", False)]
    assert fired[0].language == "en"  # the language it was asked for in
    reopened.close()


def test_an_alarm_rings_in_the_language_it_was_asked_for_in(
    handler: ActionHandler, clock: FixedClock, store: Store, intent: Intent
) -> None:
    asked = dataclasses.replace(intent("SaysoSetAlarm", alarm_time="6 am"), language="es")
    assert handler.handle(asked).success
    clock.set(at(11, 6))
    [ringing] = due(store, clock.now())
    assert ringing.language == "es"
    assert ringing.speech(ZONE, "en") == "Son las 6:00. Tu alarma está sonando."


def test_alarm_missed_while_down_is_reported_once(
    db_path: Path, store: Store, home: HomeSpec, clock: FixedClock, intent: Intent
) -> None:
    ActionHandler(store, home, clock).handle(intent("SaysoSetAlarm", alarm_time="6 am"))
    store.close()
    clock.set(at(11, 9))  # the process was down at 6:00
    reopened = Store(db_path)
    missed = on_startup(reopened, clock.now())
    assert [(m.kind, m.missed, m.due_at) for m in missed] == [("alarm", True, at(11, 6))]
    assert due(reopened, clock.now()) == []  # a missed alarm does not ring late
    reopened.close()
    again = Store(db_path)
    assert on_startup(again, clock.now()) == []
    status = again.row("SELECT status, reported FROM alarms")
    assert tuple(status) == ("missed", 1)
    again.close()


def test_due_item_announcements() -> None:
    from sayso.actions.timers import DueItem

    assert DueItem("alarm", 1, None, at(11, 6), missed=True).speech(ZONE) == (
        "You missed your 6 AM alarm."
    )
    assert DueItem("timer", 2, "pizza", at(11, 6)).speech(ZONE) == "Your pizza timer is done."


def test_english_says_the_twelve_hour_clock() -> None:
    from sayso.actions.timeparse import english_clock

    said = [english_clock(dt.time(h, m)) for h, m in ((0, 0), (0, 30), (7, 5), (12, 0), (17, 0))]
    assert said == ["12 AM", "12:30 AM", "7:05 AM", "12 PM", "5 PM"]


def test_minutes_to_an_hour_are_before_it(handler: ActionHandler, intent: Intent) -> None:
    # "ten to five" was set for 5:10: only "quarter to" was read as before the hour.
    for said, minute in (("ten to five pm", (16, 50)), ("twenty minutes to 8 pm", (19, 40)),
                         ("quarter to seven pm", (18, 45)), ("10 past 6 pm", (18, 10))):
        result = handler.handle(intent("SaysoSetAlarm", alarm_time=said))
        due = dt.datetime.fromisoformat(result.data["due_at"]).astimezone(ZONE)
        assert (due.hour, due.minute) == minute, said


@pytest.mark.parametrize("hour", [10, 17, 20])
def test_a_moved_reminder_keeps_its_half_of_the_day_at_any_hour(
    store: Store, home: HomeSpec, hour: int, intent: Intent
) -> None:
    # Round 34: "move my reminder to 6" after a 5 PM reminder is 6 PM, whenever it is said.
    now = dt.datetime(2025, 3, 10, hour, 30, tzinfo=ZONE)
    handler = ActionHandler(store, home, FixedClock(now))
    set_ = handler.handle(intent("SaysoSetAlarm", alarm_time="5 pm", label="call mom"))
    assert set_.success
    moved = handler.handle(intent("SaysoMoveAlarm", alarm_time="6"))
    assert moved.success and moved.speech.startswith("Moved your reminder to 6 PM"), moved.speech
    due = dt.datetime.fromisoformat(moved.data["due_at"])
    assert due.hour == 18 and dt.timedelta(0) < due - now < dt.timedelta(days=1, hours=1)
