"""The speaking half of a session: at most one reply at a time, how it starts, ends and is reported.

A new reply cancels the one before it ("new_turn"). However a reply ends — played out, cancelled
by the client, interrupted by the user, failed — it is reported once (`ResponseDone`), and only
what the user heard goes into the conversation history.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from sayso.constants import MS_PER_SECOND
from sayso.events import (
    BargeIn,
    ErrorEvent,
    Event,
    PlaybackPaused,
    PlaybackResumed,
    ReplyText,
    ResponseDone,
    ResponseStarted,
    now,
)
from sayso.runtime.pool import Priority
from sayso.session.listener import Listener
from sayso.session.response import Response, Status
from sayso.session.timeline import TurnTimeline
from sayso.session.utterance import LiveUtterance
from sayso.session.wake_hook import asked_something
from sayso.understanding.understand import Understood

if TYPE_CHECKING:
    from sayso.actions.ringing import Ring
    from sayso.app.assistant import Assistant

log = logging.getLogger(__name__)

PAUSE_MAX_S: float = 5.0
"""A pause nothing decided within this long is lifted, seconds: a safety net only. Every burst
that paused a reply ends in a barge-in, its speculation or its endpoint, each of which decides;
this catches a decision lost on the way (a recognition cancelled by `clear`, a failure)."""


class Replies:
    """One session's replies: starts them, cancels them, reports how they ended."""

    def __init__(
        self,
        assistant: Assistant,
        session_id: str,
        emit: Callable[[Event], None],
        history: list[tuple[str, str]],
        timelines: collections.deque[TurnTimeline],
    ) -> None:
        """`history` and `timelines` are the session's own; replies append to them."""
        self.assistant = assistant
        self.session_id = session_id
        self.emit = emit
        self.history = history
        self.timelines = timelines
        self.listener: Listener | None = None
        """The session's listener once it listens: a barge-in is announced through it, and its
        wake hook (when on) hears when replies start and end."""
        self._response: Response | None = None

    def active(self) -> Response | None:
        """The reply being generated or played, if any."""
        r = self._response
        return r if r is not None and r.active else None

    def cancel(self, reason: str) -> None:
        """Stop the current reply (no-op when none is active)."""
        response = self.active()
        if response is not None:
            self.finish(response, reason, now())

    def mark_played(self, seconds: float) -> None:
        """The client has played `seconds` of the current reply's audio."""
        if self._response is not None:
            self._response.playback.mark_played(seconds, now())

    def pause(self, utterance: LiveUtterance) -> None:
        """The user started talking over the reply: tell the client to pause it (once)."""
        response = utterance.over
        if utterance.paused or response is None or not response.pause(now()):
            return
        utterance.paused = True
        self.emit(
            PlaybackPaused(
                turn_id=response.turn_id,
                response_id=response.response_id,
                voiced_ms=utterance.voiced_ms,
            )
        )
        asyncio.get_running_loop().call_later(PAUSE_MAX_S, self.resume, utterance)

    def resume(self, utterance: LiveUtterance) -> None:
        """The speech that paused the reply does not interrupt it: play on (no-op otherwise)."""
        if not utterance.paused or utterance.barged:
            return
        utterance.paused = False
        response = utterance.over
        if response is None or not response.paused:
            return
        t = now()
        paused_at = response.playback.paused_since
        response.resume(t)
        self.emit(
            PlaybackResumed(
                turn_id=response.turn_id,
                response_id=response.response_id,
                paused_ms=(t - paused_at) * MS_PER_SECOND if paused_at is not None else 0.0,
            )
        )

    def barge_in(self, utterance: LiveUtterance) -> None:
        """The user interrupts: report the speech, cancel the reply it talks over."""
        utterance.barged = True
        assert self.listener is not None
        self.listener.announce(utterance)
        response = utterance.over
        if response is None or not response.active:
            return
        self.emit(
            BargeIn(
                turn_id=response.turn_id,
                response_id=response.response_id,
                voiced_ms=utterance.voiced_ms,
            )
        )
        self.finish(response, "barge_in", now())

    def start(self, understood: Understood, timeline: TurnTimeline) -> str:
        """Start the reply to an understood turn (ending the current one); its response id."""
        current = self.active()
        if current is not None:
            self.finish(current, "new_turn", now())
        response_id = f"resp_{uuid.uuid4().hex[:12]}"
        stages = self.assistant.reply_stages(self.session_id, priority=Priority.TURN)
        response = Response(response_id, understood.turn_id, stages, self.emit)
        response.timeline, timeline.response_id = timeline, response_id
        self.timelines.append(timeline)
        self._begin(response, understood)
        return response_id

    def announce(self, text: str, language: str = "", ring: Ring | None = None) -> str:
        """Say `text` unprompted (a timer ended) as a reply of its own; its response id.

        Not a turn: no timeline, nothing understood or acted on here (`app/announcer.py` did).
        """
        current = self.active()
        if current is not None:
            self.finish(current, "announcement", now())
        turn_id = uuid.uuid4().hex[:12]
        response_id = f"resp_{uuid.uuid4().hex[:12]}"
        stages = self.assistant.speech_stages(self.session_id, priority=Priority.TURN)
        response = Response(response_id, turn_id, stages, self.emit)
        said = ReplyText(turn_id=turn_id, text=text, language=language)
        if self.assistant.memory is not None:  # "what did you say?" repeats it
            self.assistant.memory.session(self.session_id).said(turn_id, text, language)
        if ring is not None:
            ring.announced = True  # heard (or being heard): a "stop" may mean it now
        self._begin(response, said, announcement=True, ring=ring.key if ring else "")
        return response_id

    def _begin(
        self,
        response: Response,
        first: Understood | ReplyText,
        *,
        announcement: bool = False,
        ring: str = "",
    ) -> None:
        self._response = response
        self.emit(
            ResponseStarted(
                turn_id=response.turn_id,
                response_id=response.response_id,
                announcement=announcement,
                ring=ring,
            )
        )
        wake = self.listener.wake if self.listener is not None else None
        if wake is not None:
            wake.reply_started()
        task = response.start(first)
        task.add_done_callback(lambda done: self._ended(response, done))

    def finish(self, response: Response, reason: str, t: float) -> None:
        """Report a reply as done: completed (`reason` "") or cancelled for `reason`."""
        status = "completed" if response.status is Status.COMPLETED else "cancelled"
        played = response.heard(t) if status == "completed" else response.cancel(reason, t)
        self.emit(
            ResponseDone(
                turn_id=response.turn_id,
                response_id=response.response_id,
                status=status,
                reason="" if status == "completed" else reason,
                played_text=played,
            )
        )
        if played:
            self.history.append(("assistant", played))
        self._tell_wake(response, status == "completed")
        if response.timeline is not None:
            tl = response.timeline
            tl.first_audio, tl.done = response.first_audio_t, t
            tl.status, tl.reason = status, response.reason
        if self._response is response:
            self._response = None

    def _tell_wake(self, response: Response, completed: bool) -> None:
        # A reply that asked something keeps listening for the answer (no new wake word needed).
        listener = self.listener
        if listener is None or listener.wake is None:
            return
        listener.wake.reply_ended(
            listener.input_time(),
            question=completed
            and asked_something(self.assistant.confirm, self.session_id, response.reply_text),
            speaking=listener.current is not None,
        )

    def _ended(self, response: Response, task: asyncio.Task[None]) -> None:
        error = None if task.cancelled() else task.exception()
        if error is not None:
            log.error("reply %s failed: %r", response.response_id, error)
            self.emit(
                ErrorEvent(
                    turn_id=response.turn_id,
                    code="response_failed",
                    message=f"reply failed: {type(error).__name__}",
                    server_fault=True,
                )
            )
        if response.status is Status.COMPLETED:
            self.finish(response, "", now())
        elif response.active:
            self.finish(response, "error" if error else "cancelled", now())
