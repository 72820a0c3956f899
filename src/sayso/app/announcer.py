"""What comes due while sayso runs is said: a timer ends, an alarm rings, a timer's command runs.

One `Announcer` per assistant, run by whatever keeps live sessions (the server, `sayso talk`),
drives the actions' `Scheduler`. A due item becomes one sentence. A timer that carries a command
("turn off the light in 5 minutes", `IntentRecognized.then`) runs it now — the intent as it was
read and, where it needed a "yes", confirmed when the timer was set, not its words read again —
and says the action's reply. Any other item says `DueItem.speech` ("Your pizza timer is done.").
A command found more than `LATE_S` after its time (the machine slept, the process stalled) is
reported, not run. The sentence goes to every live session (each speaks it as a reply of its
own, `Session.announce`); with none connected it waits in the assistant's notices, and the next
session says it.

A timer or alarm rings: its sentence is said again every `home.ring_every_s` until a request
stops it ("stop", "stop the timer": `actions/ringing.py`), a client sends `sayso.ring.stop`, or
it has rung for `home.ring_for_s`. A timer's command that ran, and anything reported late, is
said once.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from sayso.events.understanding import intent_from_dict
from sayso.runtime.pool import Priority
from sayso.runtime.stage import run_blocking

if TYPE_CHECKING:
    from sayso.actions.ringing import Ring
    from sayso.actions.timers import DueItem
    from sayso.app.assistant import Assistant

log = logging.getLogger(__name__)

DUE_POLL_S: Final[float] = 1.0
"""Longest sleep between looks at the store, seconds. A timer is said within a second of its
end whichever process set it (a `sayso turn`, another session), with no hook into the action
path; the look is one indexed read, off the event loop."""
RETRY_S: Final[float] = 5.0
"""Wait after a failed look at the store (locked by another process, say), seconds."""
RING_POLL_S: Final[float] = 0.25
"""How often a ringing item looks whether it was stopped, seconds."""
LATE_S: Final[float] = 60.0
"""A timer's command found due longer ago than this, seconds, is reported and not run: "unlock
the door in 2 minutes" must not happen hours later because the machine slept."""


@dataclasses.dataclass(frozen=True)
class Announcement:
    """A sentence to say unprompted, in `language` ("": the default voice)."""

    text: str
    language: str = ""
    ring: Ring | None = None
    """The ring it belongs to: said again until stopped."""
    repeat: bool = False
    """A ring said again; the first time is always said."""

    @property
    def wanted(self) -> bool:
        """False for a repeat whose ring was stopped (queued behind the user's "stop")."""
        return not self.repeat or (self.ring is not None and self.ring.ringing)


@dataclasses.dataclass(frozen=True)
class RingEnded:
    """A ring stopped (asked to, by a client, its time ran out): nothing more of it is said."""

    key: str


Listener = Callable[[Announcement | RingEnded], None]
"""Told each announcement, and each ring's end (in its own loop)."""


class Announcer:
    """Says due timers and alarms to the live sessions, running timers' commands first.

    Several servers may share an assistant (tests do), each with its own thread and event loop:
    each `start`s this, one of them drives the scheduler at a time (another takes over when it
    stops), and every session is told in its own loop.
    """

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._listeners: list[tuple[asyncio.AbstractEventLoop, Listener]] = []
        self._driving = threading.Lock()
        self._runners = 0

    @property
    def running(self) -> bool:
        """True while someone keeps live sessions and what comes due is said."""
        return self._runners > 0

    def start(self) -> asyncio.Task[None]:
        """Run in the calling loop until the task is cancelled (`running` at once)."""
        self._runners += 1
        task = asyncio.create_task(self._run(), name="announce-due")
        task.add_done_callback(lambda _: self._stopped())
        return task

    def _stopped(self) -> None:
        self._runners -= 1

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Tell `listener` (in the calling loop) every announcement; returns the unsubscribe."""
        entry = (asyncio.get_running_loop(), listener)
        self._listeners.append(entry)
        return lambda: self._listeners.remove(entry) if entry in self._listeners else None

    async def _run(self) -> None:
        from sayso.actions.announcing import AnnouncingLock
        from sayso.actions.scheduler import Scheduler  # the actions load with the assistant

        actions = self.assistant.actions
        if actions is None:
            return
        ringers: dict[asyncio.Task[None], Ring] = {}  # this loop's rings

        async def due(item: DueItem) -> None:
            await self._due(item, ringers)

        scheduler = Scheduler(
            actions.store,
            actions.clock,
            due,
            max_sleep_s=DUE_POLL_S,
            report_missed=False,  # the assistant's startup notices report those
            dropped=self._dropped,
        )
        announcing = AnnouncingLock(actions.store.path)  # one-shot commands leave due items alone
        try:
            while True:
                pause = DUE_POLL_S  # another loop drives it: take over if it stops
                if self._driving.acquire(blocking=False):
                    try:
                        announcing.hold()
                        await scheduler.run()
                    except Exception as exc:  # a locked or failing store: look again later
                        log.warning("looking for due timers failed (%s); trying again", exc)
                        pause = RETRY_S
                    finally:
                        announcing.release()
                        self._driving.release()
                await asyncio.sleep(pause)
        finally:  # nothing this loop rang rings once it cannot say it
            for task, ring in list(ringers.items()):
                ring.stop()
                task.cancel()
            await asyncio.gather(*ringers, return_exceptions=True)

    async def _due(self, item: DueItem, ringers: dict[asyncio.Task[None], Ring]) -> None:
        try:
            text, language = await self._said(item)
        except Exception:  # a failing command must not stop every later timer
            log.exception("the command of timer %s failed", item.id)
            text, language = self._sentence(item)
        said = Announcement(text, language, self._ring(item))
        self._tell(said)
        if said.ring is not None:
            task = asyncio.create_task(self._ring_on(said), name=f"ring-{said.ring.key}")
            ringers[task] = said.ring
            task.add_done_callback(lambda done: ringers.pop(done, None))

    def _ring(self, item: DueItem) -> Ring | None:
        """The ring of a plain timer or alarm that came due now; None for what is said once."""
        actions = self.assistant.actions
        plain = item.command is None and item.command_intent is None
        if actions is None or not plain or item.missed or self._ring_for_s <= 0:
            return None
        return actions.ringing.start(f"{item.kind}:{item.id}", item.label)

    async def _ring_on(self, said: Announcement) -> None:
        """Say `said` again every `home.ring_every_s` while it rings, for `home.ring_for_s`."""
        ring = said.ring
        assert ring is not None
        again = dataclasses.replace(said, repeat=True)
        loop = asyncio.get_running_loop()
        until = loop.time() + self._ring_for_s
        next_at = loop.time() + self._ring_every_s
        try:
            while ring.ringing and loop.time() < until:
                # Short sleeps: a stop (in any thread) is told to every session within one.
                await asyncio.sleep(min(RING_POLL_S, self._ring_every_s))
                if ring.ringing and loop.time() >= next_at and loop.time() < until:
                    self._tell(again, notice=False)  # a session connecting later hears the next
                    next_at += self._ring_every_s
        finally:
            ring.stop()
            self._tell(RingEnded(ring.key), notice=False)  # pages drop its stop button

    @property
    def _ring_every_s(self) -> float:
        return self.assistant.settings.home.ring_every_s

    @property
    def _ring_for_s(self) -> float:
        return self.assistant.settings.home.ring_for_s

    def _dropped(self, items: list[DueItem]) -> None:
        """Items marked fired but not handled (the announcer stopped): reported at next start."""
        for item in items:
            self.assistant.add_notice(self._sentence(item)[0])

    def _tell(self, said: Announcement | RingEnded, *, notice: bool = True) -> None:
        told = 0
        for loop, listener in list(self._listeners):
            with contextlib.suppress(RuntimeError):  # that loop has closed
                loop.call_soon_threadsafe(listener, said)
                told += 1
        if not told and notice and isinstance(said, Announcement):
            self.assistant.add_notice(said.text)

    async def _said(self, item: DueItem) -> tuple[str, str]:
        handler = self.assistant.actions
        if item.kind != "timer" or item.command_intent is None or handler is None:
            return self._sentence(item)
        late = (handler.clock.now() - item.due_at).total_seconds()
        if item.missed or late > LATE_S:
            return self._sentence(item)
        intent = intent_from_dict(item.command_intent)
        # Asked about, and any "yes" given, when the timer was set (`policy.intent_question`):
        # nobody need be there to answer now, and what runs is what was confirmed.
        result = await run_blocking(
            lambda: handler.handle(intent), self.assistant.executor.at(Priority.TURN)
        )
        return result.speech, intent.language

    def _sentence(self, item: DueItem) -> tuple[str, str]:
        """The item's own sentence, in the language it was asked for in (else the assistant's)."""
        language = item.language or self.assistant.settings.intents.language
        return item.speech(self._zone(), language), language

    def _zone(self) -> dt.tzinfo:
        actions = self.assistant.actions
        now = actions.clock.now() if actions is not None else dt.datetime.now(dt.UTC)
        return now.tzinfo or dt.UTC
