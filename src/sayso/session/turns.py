"""A session's finished utterances, answered one at a time in the order they were spoken.

The listener hands over each utterance at its endpoint with a future of its transcript (often
already done: the speculation). One task waits for each in turn, takes the reply prepared from the
same speculation, and answers it — or drops it: speech held back over a reply that turns out to be
feedback ("mm-hm") or a short burst never becomes a turn.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from sayso.errors import SaysoError
from sayso.events import ActionResult, ErrorEvent, IntentRecognized, SpeechStopped, now
from sayso.session.barge_in import BargeInPolicy
from sayso.session.prepared import Preparations
from sayso.session.recognition import Heard, is_stop
from sayso.session.replies import Replies
from sayso.session.utterance import LiveUtterance

log = logging.getLogger(__name__)

STOP_INTENT = "HassMediaPause"
"""A stop word said while something rings reports as the bare "stop" the grammar reads."""


class Turns:
    """One session's queue of finished utterances and the loop that answers them."""

    def __init__(self, replies: Replies, barge: BargeInPolicy, prepared: Preparations) -> None:
        """`replies` is the session's: its events, id and history are the turns' too."""
        self.replies = replies
        self.emit = replies.emit
        self.barge = barge
        self.prepared = prepared
        self._queue: asyncio.Queue[tuple[LiveUtterance, asyncio.Future[Heard]]] = asyncio.Queue()
        self._open = 0
        """Utterances ended and not yet answered or dropped."""

    @property
    def busy(self) -> bool:
        """True while an ended utterance waits for its recognition or its reply to start."""
        return self._open > 0

    def ended(
        self, utterance: LiveUtterance, heard: asyncio.Future[Heard], speculation: str
    ) -> None:
        """An utterance ended: queue it for its transcript."""
        utterance.timeline.speculation = speculation
        if not utterance.deferred:
            self.emit(SpeechStopped(turn_id=utterance.turn_id, end_s=utterance.end_s))
        self._open += 1
        self._queue.put_nowait((utterance, heard))

    async def run(self) -> None:
        """Answer the queued utterances in order, until cancelled."""
        while True:
            utterance, future = await self._queue.get()
            try:
                heard = await self._heard(utterance, future)
                if heard is None:
                    self.replies.resume(utterance)  # undecided: a paused reply plays on
                    continue
                await self.prepared.take(utterance, heard)
                self._answer(utterance, heard)
            finally:
                self._open -= 1

    async def _heard(self, utterance: LiveUtterance, future: asyncio.Future[Heard]) -> Heard | None:
        """The utterance's recognition, or None when it failed (reported) or was cancelled."""
        try:
            return await future
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # the session is closing
            return None  # the recognition itself was cancelled (input cleared)
        except Exception as exc:
            log.error("session %s: recognition failed: %r", self.replies.session_id, exc)
            self.emit(
                ErrorEvent(
                    turn_id=utterance.turn_id,
                    code="asr_failed",
                    message=f"recognition failed: {type(exc).__name__}",
                    server_fault=not isinstance(exc, SaysoError),
                )
            )
            return None

    def _stopped(self, utterance: LiveUtterance, text: str) -> ActionResult | None:
        """What a turn that is only a stop word ("Stop.", "Be quiet.") did, or None for others.

        It stops what rings and was said (the grammar reads "stop it", "be quiet" as nothing);
        over a reply it also was the interruption. Either way nothing more is said. Not while
        sayso asked something: the words answer that.
        """
        if not is_stop(text, self.barge.config.stop_words):
            return None
        assistant, session = self.replies.assistant, self.replies.session_id
        if assistant.confirm is not None and assistant.confirm.pending(session) is not None:
            return None
        actions = assistant.actions
        if actions is not None and actions.ringing.heard():
            stop = IntentRecognized(intent=STOP_INTENT, text=text, turn_id=utterance.turn_id)
            return actions.stop_ringing(stop)  # the rings only: no music paused
        return ActionResult(intent="", success=True, speech="") if utterance.barged else None

    def _answer(self, utterance: LiveUtterance, heard: Heard) -> None:
        timeline = utterance.timeline
        timeline.transcript = now()
        transcript = heard.transcript
        if utterance.deferred:
            if not self.barge.interrupts(utterance, transcript.text):
                timeline.status = "ignored"  # a backchannel or a short burst over the reply
                self.replies.resume(utterance)
                return
            self.replies.barge_in(utterance)
            self.emit(SpeechStopped(turn_id=utterance.turn_id, end_s=utterance.end_s))
        stopped = self._stopped(utterance, transcript.text)
        if stopped is not None:  # the interruption, or the ring's stop, was the whole request
            timeline.status = "stopped"
            self.emit(dataclasses.replace(transcript, turn_id=utterance.turn_id))
            self.replies.history.append(("user", transcript.text))
            if stopped.changes:
                self.emit(dataclasses.replace(stopped, turn_id=utterance.turn_id))
            return
        understood = heard.understood
        if not transcript.text and not isinstance(understood, IntentRecognized):
            timeline.status = "empty"
            return
        # The free decode heard nothing, yet the grammar's own reading of the audio (the only
        # domain's sole decode) found a command: a quiet "seven". A file turn answers it, so a
        # live one does too, and says what was read.
        transcript = dataclasses.replace(
            transcript, turn_id=utterance.turn_id, t_source=timeline.last_voiced,
            text=transcript.text or understood.text,
        )
        understood = dataclasses.replace(
            understood, turn_id=utterance.turn_id, t_source=transcript.t_created
        )
        self.emit(transcript)
        self.replies.history.append(("user", transcript.text))
        self.replies.start(understood, timeline)
