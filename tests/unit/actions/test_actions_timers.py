"""Timers: start, pause, adjust, cancel, and fire through `due()` with a frozen clock."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

from sayso.actions import ActionHandler, DueItem, FixedClock, Scheduler, Store, SystemClock
from sayso.actions.home import HomeSpec
from sayso.actions.timers import Timers, due, next_due
from sayso.events.understanding import intent_from_dict
from sayso.understanding.response_book import ResponseBook

from .conftest import Intent, make_intent


def test_start_timer_and_fire(
    handler: ActionHandler, store: Store, clock: FixedClock, intent: Intent
) -> None:
    result = handler.handle(intent("HassStartTimer", minutes=5))
    assert result.success and result.speech == "Timer set for 5 minutes."
    assert [c.attribute for c in result.changes] == ["created"]
    clock.advance(299)
    assert due(store, clock.now()) == []
    clock.advance(1)
    fired = due(store, clock.now())
    assert [(f.kind, f.id) for f in fired] == [("timer", result.data["timer_id"])]
    assert due(store, clock.now()) == []  # reported once
    assert Timers(store).live() == []


def test_named_timer_status_pause_resume(
    handler: ActionHandler, store: Store, clock: FixedClock, intent: Intent
) -> None:
    handler.handle(intent("HassStartTimer", name="pizza", minutes=10))
    assert handler.handle(intent("HassStartTimer", hours=1, minutes=30)).speech == (
        "Timer set for 1 hour and 30 minutes."
    )
    clock.advance(60)
    assert handler.handle(intent("HassPauseTimer")).error_code == "ambiguous"
    paused = handler.handle(intent("HassPauseTimer", name="pizza"))
    assert paused.speech == "Paused the pizza timer."
    clock.advance(600)  # a paused timer does not run down
    assert due(store, clock.now()) == []
    status = handler.handle(intent("HassTimerStatus", name="pizza"))
    assert status.speech == "9 minutes left on the pizza timer (paused)."
    assert status.data["timers"][0]["is_active"] is False
    handler.handle(intent("HassUnpauseTimer", name="pizza"))
    assert Timers(store).names() == ["pizza"]  # what "pause the … timer" may name (live lists)
    lengths = [{"start_minutes": 10}, {"start_hours": 1, "start_minutes": 30}]
    assert Timers(store).lengths() == lengths  # "pause the 10 minute timer"
    clock.advance(9 * 60)
    assert [f.label for f in due(store, clock.now())] == ["pizza"]
    assert Timers(store).names() == []


def test_cancel_by_duration_and_adjust(
    handler: ActionHandler, store: Store, clock: FixedClock, intent: Intent
) -> None:
    handler.handle(intent("HassStartTimer", minutes=5))
    handler.handle(intent("HassStartTimer", minutes=20))
    added = handler.handle(intent("HassIncreaseTimer", start_minutes=5, minutes=2))
    assert added.speech == "Added 2 minutes to the 5 minute timer."
    assert added.data["remaining_s"] == 420
    cancel = handler.handle(intent("HassCancelTimer", start_minutes=20))
    assert cancel.success
    assert [t.duration_s for t in Timers(store).live()] == [300]
    assert handler.handle(intent("HassCancelAllTimers")).speech == "Cancelled 1 timer."
    assert handler.handle(intent("HassCancelTimer")).error_code == "no_timer"


def test_bad_timer_requests(handler: ActionHandler, intent: Intent) -> None:
    assert handler.handle(intent("HassStartTimer")).error_code == "invalid_value"
    assert handler.handle(intent("HassStartTimer", hours=48)).error_code == "invalid_value"
    assert handler.handle(intent("HassStartTimer", seconds="half")).speech == (
        "Timer set for 30 seconds."
    )


def test_current_time_and_date(handler: ActionHandler, intent: Intent) -> None:
    assert handler.handle(intent("HassGetCurrentTime")).speech == "It's 10 PM."
    assert handler.handle(intent("HassGetCurrentDate")).speech == "Today is Monday, 10 March 2025."


async def test_scheduler_fires_a_timer_on_time(store: Store, handler: ActionHandler) -> None:
    clock = SystemClock("Europe/London")
    Timers(store).start(0.2, clock.now(), "tea")
    fired: list[DueItem] = []
    done = asyncio.Event()

    def on_due(item: DueItem) -> None:
        fired.append(item)
        done.set()

    task = asyncio.create_task(Scheduler(store, clock, on_due).run())
    try:
        await asyncio.wait_for(done.wait(), timeout=5)
    finally:
        task.cancel()
    assert [f.label for f in fired] == ["tea"]
    assert next_due(store) is None


def test_cancelling_all_timers_answers_in_the_turns_language(
    store: Store, home: HomeSpec, clock: FixedClock
) -> None:
    # HA's templates count from `slots.canceled`; without it French fell back to English.
    book = ResponseBook("en")
    french = ActionHandler(store, home, clock, responder=book.for_action)
    cancel = dataclasses.replace(make_intent("HassCancelAllTimers"), language="fr")
    assert french.handle(cancel).speech == "Aucun minuteur en cours."
    french.handle(make_intent("HassStartTimer", minutes=5))
    assert french.handle(cancel).speech == "Minuteur supprimé."


def test_timer_status_answers_in_the_turns_language(
    store: Store, home: HomeSpec, clock: FixedClock
) -> None:
    # HA's status template reads `rounded_*_left`; without them it fell back to English.
    handler = ActionHandler(store, home, clock, responder=ResponseBook("en").for_action)
    handler.handle(make_intent("HassStartTimer", minutes=5))
    status = dataclasses.replace(make_intent("HassTimerStatus"), language="de")
    speech = handler.handle(status).speech
    assert "5 Minuten" in speech and "left" not in speech


def test_a_timer_keeps_its_command_until_it_is_due(
    handler: ActionHandler, store: Store, clock: FixedClock, intent: Intent
) -> None:
    command = dataclasses.replace(
        make_intent("HassTurnOff", name="light.kitchen"),
        text="turn off the kitchen light", language="en",
    )
    timer = dataclasses.replace(intent("HassStartTimer", minutes=5), then=command)
    result = handler.handle(timer)
    assert result.success
    assert Timers(store).live()[0].command == "turn off the kitchen light"
    clock.advance(300)
    [fired] = due(store, clock.now())
    assert (fired.command, fired.missed) == ("turn off the kitchen light", False)
    assert fired.command_intent is not None  # as read and confirmed, to run as it was
    again = intent_from_dict(fired.command_intent)
    assert (again.intent, again.slots, again.text, again.language) == (
        "HassTurnOff", command.slots, "turn off the kitchen light", "en"
    )
    # Said where nothing runs it (after a restart, `sayso timers`): never "is done".
    assert fired.speech(dt.UTC).startswith('"turn off the kitchen light" was due at')
