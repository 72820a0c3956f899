"""What comes due while sayso runs is said: a timer ends, an alarm rings, a timer's command runs.

One `Announcer` per process (the server's, `sayso talk`'s) drives the actions' `Scheduler`. A
due item becomes one sentence. A timer that carries a command ("turn off the light in 5
minutes", `IntentRecognized.then`) runs it now: its words are read again against the home as it
is, acted on as a typed request would be, and the action's reply is what is said. Any other item
says `DueItem.speech` ("Your pizza timer is done."). The sentence goes to every live session
(each speaks it as a reply of its own, `Session.announce`); with none connected it waits in the
assistant's notices for the next turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from sayso.events import IntentRecognized, Transcript
from sayso.runtime.pool import Priority
from sayso.runtime.stage import run_blocking

if TYPE_CHECKING:
    from sayso.actions.timers import DueItem
    from sayso.app.assistant import Assistant

log = logging.getLogger(__name__)

DUE_POLL_S: Final[float] = 1.0
"""Longest sleep between looks at the store, seconds. A timer is said within a second of its
end whichever process set it (a `sayso turn`, another session), with no hook into the action
path; the look is one indexed query."""

Listener = Callable[[str, str], None]
"""Told each sentence to say and its language ("" : the default voice)."""


class Announcer:
    """Says due timers and alarms to the live sessions, running timers' commands first.

    One per assistant. Several servers may share an assistant (tests do), each with its own
    thread and event loop: each `run`s this, one of them drives the scheduler at a time (another
    takes over when it stops), and every session is told in its own loop.
    """

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._listeners: list[tuple[asyncio.AbstractEventLoop, Listener]] = []
        self._driving = threading.Lock()

    @property
    def running(self) -> bool:
        """True while a scheduler looks for what is due (someone keeps live sessions)."""
        return self._driving.locked()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Tell `listener` (in the calling loop) every announcement; returns the unsubscribe."""
        entry = (asyncio.get_running_loop(), listener)
        self._listeners.append(entry)
        return lambda: self._listeners.remove(entry) if entry in self._listeners else None

    async def run(self) -> None:
        """Announce until cancelled. What came due while sayso was off is a startup notice."""
        from sayso.actions.scheduler import Scheduler  # the actions load with the assistant

        actions = self.assistant.actions
        if actions is None:
            return
        scheduler = Scheduler(
            actions.store, actions.clock, self._due, max_sleep_s=DUE_POLL_S, report_missed=False
        )
        while True:
            if self._driving.acquire(blocking=False):
                try:
                    await scheduler.run()
                except Exception:  # a locked or failing store: look again, never stop for good
                    log.exception("looking for due timers failed")
                finally:
                    self._driving.release()
            await asyncio.sleep(DUE_POLL_S)  # another loop drives it: take over if it stops

    async def _due(self, item: DueItem) -> None:
        try:
            text, language = await self._said(item)
        except Exception:  # a failing command must not stop every later timer
            log.exception("the command of timer %s failed", item.id)
            text, language = item.speech(self._zone()), ""
        told = 0
        for loop, listener in list(self._listeners):
            with contextlib.suppress(RuntimeError):  # that loop has closed
                loop.call_soon_threadsafe(listener, text, language)
                told += 1
        if not told:
            self.assistant.notices.append(text)

    async def _said(self, item: DueItem) -> tuple[str, str]:
        if item.kind != "timer" or not item.command or item.missed:
            return item.speech(self._zone()), ""
        language = item.language or ""
        typed = Transcript(
            turn_id=uuid.uuid4().hex[:12], text=item.command, language=language, typed=True
        )
        understood = await self.assistant.understand(typed, priority=Priority.TURN)
        if not isinstance(understood, IntentRecognized) or understood.then is not None:
            # The home changed since (the device is gone): say so rather than guess.
            return item.speech(self._zone()), ""
        handler = self.assistant.actions
        assert handler is not None  # run() returned at once without one
        # The command was asked about, and any "yes" given, when the timer was set
        # (`policy.intent_question`): nobody need be there to answer now.
        result = await run_blocking(
            lambda: handler.handle(understood), self.assistant.executor.at(Priority.TURN)
        )
        return result.speech, understood.language

    def _zone(self) -> dt.tzinfo:
        actions = self.assistant.actions
        now = actions.clock.now() if actions is not None else dt.datetime.now(dt.UTC)
        return now.tzinfo or dt.UTC
