""""Snooze" while an alarm rings: it stops, and rings again with its label after the snooze (a real
store, a frozen clock, the announcer's own loop)."""

from __future__ import annotations

import asyncio
import dataclasses

from sayso.actions import ActionHandler, FixedClock, Store
from sayso.actions.alarms import Alarms
from sayso.actions.snooze import SNOOZE_MINUTES

from .conftest import make_intent
from .test_announcer import ringing, wait_for

SNOOZE = dataclasses.replace(make_intent("SaysoSnooze"), text="snooze")


async def test_a_snoozed_alarm_rings_again_with_its_label(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    with store.transaction():
        Alarms(store).add(clock.now(), clock.now(), "call mom", "en")
    with ringing(handler) as one:
        await wait_for(lambda: one.heard)
        [ring] = handler.ringing.active()
        ring.announced = True  # as a session saying it marks it
        result = handler.handle(SNOOZE)
        assert result.success and result.speech == f"Snoozed for {SNOOZE_MINUTES} minutes."
        assert not ring.ringing
        said = len(one.heard)
        await asyncio.sleep(0.5)
        assert len(one.heard) == said  # quiet during the snooze
        clock.advance(SNOOZE_MINUTES * 60)
        await wait_for(lambda: len(one.heard) > said)
        assert one.heard[-1][0].endswith("Reminder: call mom.")


def test_a_snooze_of_minutes_said_and_with_nothing_ringing(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    assert handler.handle(SNOOZE).error_code == "no_match"  # "Nothing is ringing."
    with store.transaction():
        alarm = Alarms(store).add(clock.now(), clock.now(), None, "en")
    handler.ringing.start(alarm.target).announced = True
    five = dataclasses.replace(SNOOZE, slots=make_intent("SaysoSnooze", minutes=5).slots)
    assert handler.plan(five).result.success and handler.ringing.active()  # a plan stops nothing
    result = handler.handle(five)
    assert result.speech == "Snoozed for 5 minutes." and not handler.ringing.active()
    [again] = [a for a in Alarms(store).pending() if a.id != alarm.id]
    assert (again.due_at - clock.now()).total_seconds() == 5 * 60


def test_snooze_while_a_timer_rings_only_stops_it(handler: ActionHandler) -> None:
    handler.ringing.start("timer:4", "tea").announced = True
    result = handler.handle(SNOOZE)
    assert result.success and result.speech == "" and not handler.ringing.active()
