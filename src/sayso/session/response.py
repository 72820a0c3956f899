"""One reply of a session: Intent → Action → Reply → TTS, with its playback schedule.

The reply runs through a fresh `Pipeline` of the assistant's text stages (cheap objects around the
shared engines). Output is forwarded to the session as it comes; audio chunks are also scheduled
in a `Playback`, and the reply counts as finished only once its audio has (by the schedule)
finished playing, so a barge-in during the last sentence still cuts it short correctly.

`pause` (the user started talking over the reply; the client stops playing it) holds the reply's
further audio back — the pipeline then waits on its bounded channels, so synthesis stops using the
shared pool while the barge-in checks run — and freezes the playback schedule; `resume` lets both
go on where they stopped.

`cancel` puts a `Cancel` into the pipeline's control lane (it overtakes queued text and audio and
interrupts synthesis between chunks) and stops forwarding at once: nothing of the reply reaches
the client after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
from collections.abc import AsyncIterator, Callable, Sequence

from sayso.events import (
    ActionResult,
    AudioChunk,
    Cancel,
    EndOfStream,
    Event,
    ReplyText,
    Transcript,
    now,
)
from sayso.runtime.runner import Pipeline
from sayso.runtime.stage import Stage
from sayso.session.playback import Playback
from sayso.session.timeline import TurnTimeline
from sayso.understanding.understand import Understood

PLAYBACK_POLL_S: float = 0.05
"""How often a finished reply re-checks whether its audio has played out, seconds."""
WIND_DOWN_S: float = 1.0
"""How long a cancelled pipeline may take to pass its Cancel through before it is torn down."""

Emit = Callable[[Event], None]


class Status(enum.Enum):
    """Lifecycle of a reply."""

    GENERATING = "generating"
    PLAYING = "playing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Response:
    """A reply in progress."""

    def __init__(
        self, response_id: str, turn_id: str, stages: Sequence[Stage], emit: Emit
    ) -> None:
        self.response_id = response_id
        self.turn_id = turn_id
        self.status = Status.GENERATING
        self.playback = Playback()
        self.first_audio_t: float | None = None
        """Wall time the first non-empty audio chunk was emitted."""
        self.reason = ""
        self.reply_text = ""
        """The reply's text as generated (what would be said in full)."""
        self.timeline: TurnTimeline | None = None
        """The turn this reply answers (set by the session)."""
        self._pipeline = Pipeline(stages)
        self._unpaused = asyncio.Event()
        self._unpaused.set()
        self._emit = emit
        self.task: asyncio.Task[None] | None = None

    def start(self, first: Understood | ReplyText) -> asyncio.Task[None]:
        """Run the reply to `first` (a turn, or a sentence to say) in a task of its own."""
        self.task = asyncio.create_task(self.run(first), name=f"response-{self.response_id}")
        return self.task

    @property
    def active(self) -> bool:
        """True until completed or cancelled."""
        return self.status in (Status.GENERATING, Status.PLAYING)

    @property
    def paused(self) -> bool:
        """True while the client has been told to hold its playback (`pause`)."""
        return not self._unpaused.is_set()

    def pause(self, t: float) -> bool:
        """Hold the reply at wall time `t`; False when it is not active or already paused."""
        if not self.active or self.paused:
            return False
        self._unpaused.clear()
        self.playback.pause(t)
        return True

    def resume(self, t: float) -> bool:
        """Play on from where it was paused; False when it was not paused."""
        if not self.paused:
            return False
        self.playback.resume(t)
        self._unpaused.set()
        return True

    def is_playing(self, t: float, tail_s: float = 0.0) -> bool:
        """True while its audio (or, within `tail_s`, its echo) may be heard."""
        return self.active and self.playback.is_playing(t, tail_s)

    async def run(self, first: Understood | ReplyText) -> None:
        """Generate the reply, forwarding its events, then wait for playback to finish."""
        events = self._pipeline.run(_source(first))
        try:
            async for event in events:
                if self.paused:
                    await self._unpaused.wait()  # `cancel` wakes it too
                if not self.active:
                    break
                self._forward(event)
        finally:
            await _close(events)
        if self.status is Status.GENERATING:
            self.status = Status.PLAYING
            await self._play_out()

    def _forward(self, event: Event) -> None:
        if isinstance(event, Transcript | EndOfStream | Cancel):
            return  # the session reported the transcript already; the rest is plumbing
        if isinstance(event, ActionResult):
            self._check_prepared(event)
        if isinstance(event, ReplyText):
            self.reply_text = f"{self.reply_text} {event.text}".strip()
        if isinstance(event, AudioChunk):
            t = now()
            if len(event.samples) and self.first_audio_t is None:
                self.first_audio_t = t
            self.playback.add(
                event.samples, event.sample_rate, event.text, event.sentence_index, t
            )
        self._emit(event)

    def _check_prepared(self, result: ActionResult) -> None:
        """Mark the prepared reply stale when the committed action says something else.

        The TTS stage then synthesises the new reply; the cached sentence is simply unused.
        """
        timeline = self.timeline
        prepared = timeline.prepared_reply if timeline is not None else None
        if timeline is not None and prepared is not None and not prepared.plan.holds(result):
            timeline.prepared = "stale"

    async def _play_out(self) -> None:
        while self.status is Status.PLAYING and (self.paused or self.playback.is_playing(now())):
            if self.paused:
                await self._unpaused.wait()
                continue
            remaining = self.playback.duration_s - self.playback.position(now())
            await asyncio.sleep(min(max(remaining, 0.0), PLAYBACK_POLL_S) or PLAYBACK_POLL_S)
        if self.status is Status.PLAYING:
            self.status = Status.COMPLETED

    def heard(self, t: float) -> str:
        """What the user heard of the reply by wall time `t` (all of it once completed)."""
        if self.status is Status.COMPLETED:
            return self.playback.full_text() or self.reply_text
        return self.playback.played_text(t)

    def cancel(self, reason: str, t: float) -> str:
        """Stop the reply now; returns the text played by `t`."""
        if not self.active:
            return self.heard(t)
        self.status, self.reason = Status.CANCELLED, reason
        self.playback.stop(t)
        self._unpaused.set()  # a reply held by a pause ends now
        self._pipeline.inbox.put_control(Cancel(turn_id=self.turn_id, reason=reason))
        if self.task is not None and not self.task.done():
            # The Cancel normally ends the pipeline at once; a stage stuck elsewhere is torn down.
            asyncio.get_running_loop().call_later(WIND_DOWN_S, self.task.cancel)
        return self.heard(t)


async def _source(first: Event) -> AsyncIterator[Event]:
    yield first
    yield EndOfStream(turn_id=first.turn_id)


async def _close(events: AsyncIterator[Event]) -> None:
    """Tear the pipeline's stage tasks down (its generator's `finally` cancels them)."""
    aclose = getattr(events, "aclose", None)
    if aclose is not None:
        with contextlib.suppress(Exception):
            await aclose()
