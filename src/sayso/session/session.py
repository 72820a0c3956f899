"""A full-duplex live session: the user talks, the assistant answers, either may interrupt.

One `Session` per conversation, all on one event loop. It shares the assistant's engines (loaded
once) and its bounded inference pool with every other session; only the VAD is per session (Silero
keeps recurrent state per stream; a fresh instance costs ~15 ms and a few MB). Input is pushed
without blocking (`push_audio`), output is read from `events()`; a consumer that stops reading
only loses its own oldest events (see `EventQueue`).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

import numpy as np

from sayso.app.announcer import Announcement, RingEnded
from sayso.audio.echo_cancel import streaming_canceller
from sayso.config import SessionConfig, WakeConfig
from sayso.errors import BadInput, ConfigError
from sayso.events import ErrorEvent, Event, RingStopped, Transcript, now
from sayso.runtime.pool import Priority
from sayso.runtime.stage import run_blocking
from sayso.session.audio_input import AudioInput
from sayso.session.barge_in import BargeInPolicy
from sayso.session.event_queue import EventQueue
from sayso.session.listener import Listener
from sayso.session.prepared import Preparations
from sayso.session.recognition import Heard, session_jobs
from sayso.session.replies import Replies
from sayso.session.response import Response
from sayso.session.speculative import SpeculationStats
from sayso.session.timeline import TurnTimeline
from sayso.session.turns import Turns
from sayso.session.utterance import LiveUtterance
from sayso.session.wake_hook import WakeHook
from sayso.vad.base import fork_vad

if TYPE_CHECKING:
    from sayso.app.assistant import Assistant

log = logging.getLogger(__name__)

MAX_TIMELINES = 100
"""Turn timelines kept per session (oldest dropped)."""
HISTORY_KEEP_S = 2.0
"""Input kept beyond the longest utterance (prefix padding, slack), seconds."""

ANNOUNCE_POLL_S = 0.2
"""How often a waiting announcement looks whether the user stopped talking, seconds."""
ANNOUNCE_WAIT_MAX_S = 30.0
"""Longest an announcement waits for the user and the reply before it, seconds; then it cuts
in (the reply ends as cancelled): a timer that ended is said late rather than never."""


class Session:
    """One live conversation over a loaded `Assistant`."""

    def __init__(self, assistant: Assistant, config: SessionConfig | None = None) -> None:
        """`config` defaults to the assistant's `session:` and `vad:` settings."""
        self.assistant = assistant
        self.config = config or assistant.settings.live_session()
        self.session_id = uuid.uuid4().hex[:12]
        self.history: list[tuple[str, str]] = []
        """("user" | "assistant", text); the assistant's entries hold only what was played."""
        self.timelines: collections.deque[TurnTimeline] = collections.deque(maxlen=MAX_TIMELINES)
        """Timing of recent turns (answered ones), oldest first."""
        self._out = EventQueue()
        self._input = AudioInput(keep_s=self.config.max_utterance_s + HISTORY_KEEP_S)
        self._listener: Listener | None = None
        self._barge: BargeInPolicy | None = None
        self._replies = Replies(assistant, self.session_id, self.emit, self.history, self.timelines)
        self._turns: Turns | None = None
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._prepared = Preparations(None, self.session_id)
        self._closed = False
        self._unsubscribe: Callable[[], None] | None = None
        self._typed = 0
        """Typed turns being understood (their reply has not started yet)."""
        self._waiting_rings: set[str] = set()
        """Rings with an announcement waiting here: a repeat does not queue behind another."""

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Prepare the per-session VAD and start listening."""
        a = self.assistant
        if a.vad is None or a.asr is None or a.recognizer is None:
            raise ConfigError("a live session needs the speech engines: Assistant(...).load()")
        shared_vad = a.vad
        if hasattr(shared_vad, "fork"):
            vad = fork_vad(shared_vad)  # a copy of its state: no model load, no pool wait
        else:  # a plug-in engine is loaded again; at TURN, or a session queued behind speech
            # requests would miss its first words
            vad = await run_blocking(lambda: fork_vad(shared_vad), a.executor.at(Priority.TURN))
        jobs = session_jobs(a, self.session_id)
        self._prepared = Preparations(a.reply_preparer(self.session_id), self.session_id)
        self._listener = Listener(self, self._input, vad, jobs, self.config)
        self._barge = BargeInPolicy(self, self._listener)
        self._replies.listener = self._listener
        self._turns = Turns(self._replies, self._barge, self._prepared)
        if self.config.wake.enabled:
            await self.load_wake(self.config.wake)
            self._set_wake(self.config.wake)
        self._set_aec(self.config.echo_cancellation)
        self._tasks = [
            asyncio.create_task(self._listen(), name=f"session-{self.session_id}-listen"),
            asyncio.create_task(self._turns.run(), name=f"session-{self.session_id}-turns"),
        ]
        self._unsubscribe = a.announcer.subscribe(self.announce)
        if a.announcer.running:
            for text in a.take_notices():  # what came due while no session listened
                self.announce(Announcement(text))

    async def close(self) -> None:
        """Stop the reply, stop listening and end `events()`."""
        if self._closed:
            return
        self._closed = True
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.cancel_response("session_closed")
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._listener is not None:
            self._listener.speculator.discard()
            self._set_aec(False)  # release the native echo canceller now, not at exit
        self._out.close()

    def update(self, config: SessionConfig) -> None:
        """Replace the settings; they apply from the next input frame."""
        mode_changed = config.turn_detection != self.config.turn_detection
        wake_changed = config.wake != self.config.wake
        if self._listener is not None:
            self._set_aec(config.echo_cancellation)  # may fail (extra missing): nothing changed
        self.config = config
        if self._listener is not None:
            self._listener.update(config)
            if wake_changed:
                self._set_wake(config.wake)
            if mode_changed:
                self._listener.clear()

    async def load_wake(self, config: WakeConfig) -> None:
        """Load the wake-word engine `config` names in the pool (before `update` turns it on)."""
        a = self.assistant
        await run_blocking(lambda: a.wake_engine(config), a.executor.at(Priority.TURN))

    def _set_wake(self, config: WakeConfig) -> None:
        assert self._listener is not None
        engine = self.assistant.wake_engine(config) if config.enabled else None
        self._listener.wake = WakeHook(self, engine, config) if engine is not None else None

    def _set_aec(self, on: bool) -> None:
        assert self._listener is not None
        self._listener.aec = streaming_canceller(on, self._listener.aec)

    @property
    def wake(self) -> WakeHook | None:
        """The wake word and follow-up gate, when on."""
        return self._listener.wake if self._listener is not None else None

    # ---- input ---------------------------------------------------------------------------

    def push_audio(self, samples: np.ndarray, captured_at: float | None = None) -> None:
        """Queue 16 kHz mono float32 input (any length); never blocks.

        `captured_at`: the monotonic time (`events.now`) at which the last sample was captured,
        when the client knows it (a sound card's callback, the simulated call); default: now.
        The echo canceller lines the reply up against the input by these times, and a push's
        arrival is late by however long the event loop was busy: on a loaded machine that
        jitter (a few ms per push is enough, BENCHMARKS.md "Round 8, lead") keeps WebRTC AEC3
        from ever converging.
        """
        if self._closed:
            return
        t = now()
        self._input.push(samples, t if captured_at is None else min(captured_at, t))
        self._wake.set()

    def commit(self) -> None:
        """End the user's turn now (push-to-talk release; manual mode)."""
        if self._listener is None or self._listener.commit() is None:
            self.emit(ErrorEvent(code="input_empty", message="no speech to commit"))

    def clear(self) -> None:
        """Drop buffered input and the utterance in progress."""
        if self._listener is not None:
            dropped = self._listener.current
            self._listener.clear()
            if dropped is not None:
                self._replies.resume(dropped)  # it will never be decided
        else:
            self._input.clear()

    async def respond_to_text(self, text: str) -> str:
        """Answer a typed user turn; returns the response id once the reply has started."""
        text = text.strip()
        if not text:
            raise BadInput("empty text turn", code="text_empty")
        turn_id = uuid.uuid4().hex[:12]
        t = now()
        timeline = TurnTimeline(turn_id=turn_id, source="text", last_voiced=t, endpoint=t)
        timeline.transcript = t
        self.history.append(("user", text))
        # No language: read in any configured one. Typed: read as written, never "corrected".
        typed = Transcript(turn_id=turn_id, text=text, language="", typed=True)
        self._typed += 1
        try:
            understood = await self.assistant.understand(typed, priority=Priority.TURN)
            return self._replies.start(understood, timeline)
        finally:
            self._typed -= 1

    def announce(self, said: Announcement | RingEnded) -> None:
        """Say `said` unprompted (a timer ended) once the user is not talking and no reply plays."""
        if isinstance(said, RingEnded):
            if not self._closed:
                self.emit(RingStopped(ring=said.key))
            return
        ring = said.ring
        if self._closed or (ring is not None and ring.key in self._waiting_rings):
            return
        if ring is not None:
            self._waiting_rings.add(ring.key)
        self._tasks = [t for t in self._tasks if not t.done()]
        name = f"session-{self.session_id}-announce"
        self._tasks.append(asyncio.create_task(self._announce(said), name=name))

    async def _announce(self, said: Announcement) -> None:
        waited = 0.0
        try:
            while waited < ANNOUNCE_WAIT_MAX_S and self._busy():
                await asyncio.sleep(ANNOUNCE_POLL_S)
                waited += ANNOUNCE_POLL_S
        finally:
            if said.ring is not None:
                self._waiting_rings.discard(said.ring.key)
        if not self._closed and said.wanted:  # a "stop" while it waited: not said at all
            self._replies.announce(said.text, said.language, said.ring)

    def stop_ringing(self) -> int:
        """Stop every timer and alarm that rings and was said (a client's stop button); how many."""
        actions = self.assistant.actions
        return len(actions.ringing.stop(actions.ringing.heard())) if actions is not None else 0

    def _busy(self) -> bool:
        talking = self._listener is not None and self._listener.current is not None
        answering = (self._turns is not None and self._turns.busy) or self._typed > 0
        return talking or answering or self._replies.active() is not None

    # ---- output --------------------------------------------------------------------------

    def events(self) -> AsyncIterator[Event]:
        """Every output event in order (one consumer)."""
        return self._out.__aiter__()

    def emit(self, event: Event) -> None:
        """Queue an output event (never blocks)."""
        self._out.put(event)

    @property
    def speculation(self) -> SpeculationStats:
        """How speculative recognition fared so far."""
        return self._listener.speculator.stats if self._listener else SpeculationStats()

    @property
    def echo_frames(self) -> int:
        """Voiced input frames ignored so far as the assistant's own voice (echo gating)."""
        return self._listener.echo_frames if self._listener else 0

    @property
    def bursts_over_reply(self) -> int:
        """Utterances begun while a reply was active, so far: each was a barge-in candidate."""
        return self._listener.bursts_over_reply if self._listener else 0

    # ---- replies (`session/replies.py`) -------------------------------------------------

    def active_response(self) -> Response | None:
        """The reply being generated or played, if any."""
        return self._replies.active()

    def cancel_response(self, reason: str = "client") -> None:
        """Stop the current reply (no-op when none is active)."""
        self._replies.cancel(reason)

    def mark_played(self, seconds: float) -> None:
        """The client has played `seconds` of the current reply's audio."""
        self._replies.mark_played(seconds)

    def barge_in(self, utterance: LiveUtterance) -> None:
        """The user interrupts: report the speech, cancel the reply it talks over."""
        self._replies.barge_in(utterance)

    def pause(self, utterance: LiveUtterance) -> None:
        """Speech started over the reply: the client pauses it while barge-in decides."""
        self._replies.pause(utterance)

    def resume(self, utterance: LiveUtterance) -> None:
        """The speech that paused the reply does not interrupt it: play on."""
        self._replies.resume(utterance)

    def finish_response(self, response: Response, reason: str, t: float) -> None:
        """Report a reply as done: completed (`reason` "") or cancelled for `reason`."""
        self._replies.finish(response, reason, t)

    # ---- listener callbacks ----------------------------------------------------------------

    def on_voiced(self, utterance: LiveUtterance) -> None:
        """Per voiced frame: barge-in and partial-transcript policy."""
        assert self._barge is not None
        self._barge.on_voiced(utterance)

    def on_endpoint(
        self, utterance: LiveUtterance, heard: asyncio.Future[Heard], speculation: str
    ) -> None:
        """An utterance ended: queue it for its transcript (turns are answered in order)."""
        assert self._turns is not None
        self._turns.ended(utterance, heard, speculation)

    def heard_over(self, utterance: LiveUtterance, heard: Heard) -> None:
        """A speculation of speech over the reply finished: barge in unless it is feedback."""
        assert self._barge is not None
        self._barge.heard(utterance, heard.transcript.text)

    def preparing(self, utterance: LiveUtterance) -> Callable[[Heard], object] | None:
        """What prepares a speculation's reply in its own pool job (`app/prepare.py`), or None.

        Not for speech over a reply (it may be a backchannel; barge-in decides first).
        """
        if not self.config.prepare_replies or utterance.over is not None:
            return None
        return self._prepared.start(utterance, llm=self.config.prepare_llm)

    async def _listen(self) -> None:
        assert self._listener is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                self._listener.process()
            except Exception as exc:  # a broken frame must not end the session
                log.exception("session %s: input processing failed", self.session_id)
                message = f"{type(exc).__name__}: {exc}"
                self.emit(ErrorEvent(code="input_failed", message=message, server_fault=True))
            await asyncio.sleep(0)
