"""The announcer: one scheduler per assistant however many loops run it, each session told in
its own loop, and a take-over when the loop that drove it stops (a real store, a frozen clock)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager as ContextManager
from typing import Any

from sayso.actions import ActionHandler, FixedClock, Store
from sayso.actions.announcing import someone_announces
from sayso.actions.timers import Timers
from sayso.app import for_a_while
from sayso.app.announcer import LATE_S, Announcement, Announcer, RingEnded
from sayso.config import HomeConfig, IntentsConfig, Settings

from .conftest import make_intent, state_of


class Pool:
    """The assistant's priority pool, as the default executor."""

    def at(self, *_: Any) -> None:
        return None


class Keeper:
    """What the announcer reads of an assistant: the actions, the pool and the notices."""

    def __init__(self, handler: ActionHandler, language: str = "en") -> None:
        self.actions = handler
        self.executor = Pool()
        self.notices: list[str] = []
        self.settings = Settings(intents=IntentsConfig(language=language))

    def add_notice(self, text: str) -> None:
        self.notices.append(text)


class Loop:
    """An event loop in a thread of its own (as each server runs), with a subscribed listener."""

    def __init__(self, announcer: Announcer) -> None:
        self.heard: list[tuple[str, threading.Thread]] = []
        self.ended: list[str] = []
        self.announcer = announcer
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.task: Any = self.call(self._start(announcer))

    async def _start(self, announcer: Announcer) -> asyncio.Task[None]:
        announcer.subscribe(self._told)
        return announcer.start()

    def _told(self, said: Announcement | RingEnded) -> None:
        if isinstance(said, RingEnded):
            self.ended.append(said.key)
        else:
            self.heard.append((said.text, threading.current_thread()))

    def call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=5)

    def stop(self) -> None:
        """Cancel its announcer and wait until it has stopped."""
        self.call(self._stop())

    async def _stop(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)

    def close(self) -> None:
        if not self.task.done():
            self.stop()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()


def come_due(store: Store, clock: FixedClock, seconds: int, name: str | None = None) -> None:
    """A timer of `seconds` started now, and the clock moved to its end."""
    with store.transaction():
        Timers(store).start(seconds, clock.now(), name)
    clock.advance(seconds)


async def wait_for(check: Any, seconds: float = 10.0) -> None:
    for _ in range(round(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("not within the time")


async def test_every_loop_hears_each_timer_once_and_another_takes_over(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    announcer = Announcer(Keeper(handler))  # type: ignore[arg-type]
    first = Loop(announcer)
    await wait_for(lambda: someone_announces(store.path))  # the first drives the scheduler
    second = Loop(announcer)
    try:
        come_due(store, clock, 60, "tea")
        await wait_for(lambda: first.heard and second.heard)
        await asyncio.sleep(1.5)  # a second look finds nothing new
        tea = ["Your tea timer is done."]
        assert [t for t, _ in first.heard] == [t for t, _ in second.heard] == tea
        assert first.heard[0][1] is first.thread and second.heard[0][1] is second.thread
        first.stop()  # the loop that drove it stops: the other takes over
        come_due(store, clock, 30, "egg")
        await wait_for(lambda: len(second.heard) == 2)
        assert second.heard[-1][0] == "Your egg timer is done."
    finally:
        first.close()
        second.close()
    assert not announcer.running and not someone_announces(store.path)


@contextlib.contextmanager
def running(keeper: Keeper) -> Iterator[Loop]:
    """One loop running an announcer over `keeper`."""
    one = Loop(Announcer(keeper))  # type: ignore[arg-type]
    try:
        yield one
    finally:
        one.close()


def announced(handler: ActionHandler, language: str = "en") -> ContextManager[Loop]:
    """One loop running an announcer over `handler`, the kitchen light on."""
    handler.handle(make_intent("HassTurnOn", name="light.kitchen"))
    return running(Keeper(handler, language))


def kitchen_off_in(seconds: int) -> Any:
    command = dataclasses.replace(
        make_intent("HassTurnOff", name="light.kitchen"), text="turn off the kitchen light"
    )
    return dataclasses.replace(make_intent("HassStartTimer", seconds=seconds), then=command)


async def test_a_timers_command_runs_as_it_was_read_and_its_reply_is_said(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    assert handler.handle(kitchen_off_in(30)).success
    clock.advance(30)
    with announced(handler) as one:
        await wait_for(lambda: one.heard)
        assert one.heard[0][0].startswith("Turned off")
        assert state_of(store, "light.kitchen")[0] == "off"


async def test_a_command_found_late_is_reported_not_run(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    handler.handle(kitchen_off_in(30))
    clock.advance(30 + LATE_S + 1)  # the machine slept through it
    with announced(handler) as one:
        await wait_for(lambda: one.heard)
        assert one.heard[0][0].startswith('"turn off the kitchen light" was due at')
        assert state_of(store, "light.kitchen")[0] == "on"


async def test_a_timer_is_said_in_the_assistants_language(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    come_due(store, clock, 10, "Pizza")
    with announced(handler, "de") as one:
        await wait_for(lambda: one.heard)
        assert one.heard[0][0] == "Dein Timer Pizza ist abgelaufen."


def ringing(handler: ActionHandler, ring_for_s: float = 60.0) -> ContextManager[Loop]:
    """One loop running an announcer whose rings repeat every 0.2 s."""
    keeper = Keeper(handler)
    keeper.settings = dataclasses.replace(
        keeper.settings, home=HomeConfig(ring_every_s=0.2, ring_for_s=ring_for_s)
    )
    return running(keeper)


async def test_a_timer_rings_until_stop_is_said(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    come_due(store, clock, 10, "tea")
    with ringing(handler) as one:
        await wait_for(lambda: len(one.heard) >= 3)
        assert {t for t, _ in one.heard} == {"Your tea timer is done."}
        [ring] = handler.ringing.active()
        assert ring.key.startswith("timer:") and ring.label == "tea"
        ring.announced = True  # as a session saying it marks it
        stop = dataclasses.replace(make_intent("HassMediaPause"), text="Stop.")
        result = handler.handle(stop)
        assert result.success and result.speech == "" and not ring.ringing
        await wait_for(lambda: one.ended == [ring.key])  # told within a poll: pages drop it
        said = len(one.heard)
        await asyncio.sleep(0.7)
        assert len(one.heard) == said  # not said again


async def test_a_ring_nobody_stops_ends_and_the_announcer_stopping_ends_it_too(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    come_due(store, clock, 10)
    with ringing(handler, ring_for_s=0.5) as one:
        await wait_for(lambda: one.heard and not handler.ringing.active())
        await asyncio.sleep(0.5)
        assert 1 <= len(one.heard) <= 4  # said, then again every 0.2 s for 0.5 s (at most)
    come_due(store, clock, 5)
    with ringing(handler) as two:
        await wait_for(lambda: two.heard)
        assert handler.ringing.active()
    assert handler.ringing.active() == []  # nothing rings once nothing can say it


async def test_a_timers_command_is_said_once(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    handler.handle(make_intent("HassTurnOn", name="light.kitchen"))
    assert handler.handle(kitchen_off_in(30)).success
    clock.advance(30)
    with ringing(handler) as one:
        await wait_for(lambda: one.heard)
        await asyncio.sleep(0.7)
        assert len(one.heard) == 1 and handler.ringing.active() == []


async def test_a_loop_that_stops_ends_only_its_own_rings(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    with ringing(handler) as one:
        await wait_for(lambda: someone_announces(store.path))  # the first drives the scheduler
        other = Loop(one.announcer)
        come_due(store, clock, 10, "tea")
        await wait_for(lambda: one.heard and other.heard)
        other.close()  # a second server stops: the ring the first one rings goes on
        said = len(one.heard)
        await asyncio.sleep(0.6)
        assert len(one.heard) > said and handler.ringing.active()


def test_the_first_announcement_of_a_ring_is_always_said_a_repeat_only_while_it_rings() -> None:
    from sayso.actions.ringing import Ringing

    ring = Ringing().start("timer:1")
    first = Announcement("Your timer is done.", "en", ring)
    again = dataclasses.replace(first, repeat=True)
    assert first.wanted and again.wanted
    ring.stop()  # its time ran out, or a stop, while it waited behind a long reply
    assert first.wanted and not again.wanted


async def test_a_timer_and_an_alarm_are_said_in_the_language_they_were_asked_for_in(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    german = dataclasses.replace(make_intent("HassStartTimer", minutes=1), language="de")
    assert handler.handle(german).success
    # The other, started with no language (as before languages were kept): the default.
    come_due(store, clock, 60, "tea")
    with announced(handler, "en") as one:
        await wait_for(lambda: len(one.heard) == 2)
        assert sorted(t for t, _ in one.heard) == ["Dein Timer ist abgelaufen.",
                                                   "Your tea timer is done."]


async def test_a_device_on_for_a_while_is_turned_back_off(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    """"Turn on the kitchen light for 30 seconds": on now, and the timer runs the opposite."""
    on = dataclasses.replace(
        make_intent("HassTurnOn", name="light.kitchen"), text="turn on the kitchen light"
    )
    asked = make_intent("HassStartTimer", seconds=30, for_a_while=True)
    plan = for_a_while.planned(dataclasses.replace(asked, then=on))
    assert plan is not None
    now, timer = plan
    assert timer.then is not None and timer.then.text == "turn off the kitchen light"
    assert handler.handle(now).success and state_of(store, "light.kitchen")[0] == "on"
    assert handler.handle(timer).speech == "I'll turn it off in 30 seconds."
    clock.advance(30)
    with announced(handler) as one:
        await wait_for(lambda: one.heard)
        assert one.heard[0][0].startswith("Turned off")
        assert state_of(store, "light.kitchen")[0] == "off"


def test_a_lock_is_not_switched_for_a_while(handler: ActionHandler, store: Store) -> None:
    unlock = make_intent("HassTurnOff", name="lock.front_door")
    asked = dataclasses.replace(
        make_intent("HassStartTimer", seconds=600, for_a_while=True), then=unlock
    )
    assert for_a_while.planned(asked) is None
    refused = handler.handle(asked)
    assert not refused.success and refused.error_code == "not_supported"
    assert state_of(store, "lock.front_door")[0] == "locked"
    assert not Timers(store).live()
