"""``/v1/realtime``: a subset of OpenAI's Realtime protocol over a WebSocket (see REALTIME.md)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

import soxr
from fastapi import APIRouter, WebSocket

from sayso import codes
from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput, SaysoError
from sayso.events import Event, ReplyText, ResponseDone, SpeechStopped, Transcript
from sayso.server.metrics import TimelineTracker
from sayso.server.realtime_config import RealtimeSession
from sayso.server.realtime_events import Translator, error_event, server_event
from sayso.server.realtime_gate import TRY_AGAIN_LATER, Once, admit
from sayso.server.realtime_input import decode_pcm16, user_text
from sayso.server.realtime_schema import bounded_text, number, parse_event
from sayso.server.send_queue import SendQueue
from sayso.server.state import ServerState
from sayso.session.timeline import TurnTimeline

log = logging.getLogger(__name__)
router = APIRouter()

INTERNAL_ERROR = 1011
MAX_PLAYED_MS = 24 * 3600 * 1000
"""Largest playback position accepted, ms (a day: far beyond any reply)."""


@router.websocket("/v1/realtime")
async def realtime_endpoint(ws: WebSocket) -> None:
    """Admit the client (token, session slots), then run one session."""
    state: ServerState = ws.app.state.sayso
    release = await admit(ws, state)
    if release is None:
        return
    gauge = state.metrics.active_sessions.labels(protocol="realtime")
    gauge.inc()
    try:
        await RealtimeConnection(ws, state, release).run()
    finally:
        release()
        gauge.dec()


class RealtimeConnection:
    """One client: reads its events into a `Session`, streams the session's events back."""

    def __init__(self, ws: WebSocket, state: ServerState, release: Once) -> None:
        self.ws = ws
        self.state = state
        self.release = release
        self.outbox = SendQueue(ws.send_text, state.settings.send_queue_messages)
        self.wire = RealtimeSession(config=state.assistant.settings.live_session())
        self.translator = Translator()
        self.tracker = TimelineTracker(state.metrics, "realtime")
        self.session: Any = None
        self.resampler: soxr.ResampleStream | None = None
        self.buffered_s = 0.0  # uncommitted input audio (manual turn detection)
        self.pending_text: str | None = None
        self.audio_committed = False

    async def run(self) -> None:
        """Serve until the client leaves, its queue overflows or the session fails."""
        from sayso.session import Session

        try:
            self.session = Session(self.state.assistant, self.wire.config)
            await self.session.start()
        except SaysoError as exc:  # e.g. the server was loaded without speech engines
            self.release()
            self.state.metrics.error(exc.code)
            await self.ws.send_text(json.dumps(error_event(exc.code, exc.message,
                                                           type_="server_error")))
            await self.ws.close(INTERNAL_ERROR, "session could not start")
            return
        self.outbox.put(server_event("session.created", session=self.wire.describe()))
        workers = [asyncio.create_task(c) for c in
                   (self.outbox.run(), self._pump(), self._read(), self.outbox.overflowed.wait())]
        try:
            await asyncio.wait(workers, return_when=asyncio.FIRST_COMPLETED)
            if self.outbox.overflowed.is_set():
                log.warning("dropping a realtime client that stopped reading")
                self.state.metrics.error("send_queue_overflow")
        finally:
            # The client is gone (or dropped): its slot is free for a reconnect at once, while
            # the session winds down (cancelling a reply can take a moment).
            self.release()
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            await self.session.close()
            if self.outbox.overflowed.is_set():
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(
                        self.ws.close(TRY_AGAIN_LATER, "send queue overflow"), timeout=1.0)

    async def _pump(self) -> None:
        async for event in self.session.events():
            for out in self.translator.translate(event):
                self.outbox.put(out)
            self._observe(event)

    def _observe(self, event: Event) -> None:
        if isinstance(event, SpeechStopped):
            self.tracker.start(event.turn_id, event.t_created)
        if (stages := self.tracker.observe(event)) is not None:
            assert isinstance(event, ResponseDone)
            timeline = self._timeline(event.response_id)
            live = _milestones(timeline)
            self.state.metrics.observe_stages(live)
            latency = {k: round(v, 1) for k, v in {**stages, **live}.items()}
            # Why the turn ended when it did, cue by cue (`TurnEndPolicy.explain`; no words).
            decided = timeline.turn_end if timeline is not None else ""
            self.outbox.put(server_event("sayso.turn.latency", turn_id=event.turn_id,
                                         response_id=event.response_id, latency_ms=latency,
                                         **({"turn_end": decided} if decided else {})))
        if self.state.settings.log_content and isinstance(event, Transcript | ReplyText):
            log.info("%s: %r", event.kind, event.text)

    def _timeline(self, response_id: str) -> TurnTimeline | None:
        """The live session's record of the turn that `response_id` answered."""
        for timeline in reversed(self.session.timelines):
            if timeline.response_id == response_id:
                return timeline
        return None

    async def _read(self) -> None:
        limit = self.state.settings.max_ws_message_bytes
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                self._error(codes.BINARY_NOT_SUPPORTED, "binary frames are not supported; "
                            "send JSON events as text frames")
            elif len(text) > limit:
                self._error(codes.MESSAGE_TOO_LARGE, f"event is larger than {limit} bytes")
            else:
                await self._handle(text)

    def _error(self, code: str, message: str, client_event_id: str | None = None) -> None:
        self.state.metrics.error(code)
        self.outbox.put(error_event(code, message, client_event_id=client_event_id))

    async def _handle(self, text: str) -> None:
        try:
            event = parse_event(text)
        except BadInput as exc:
            self._error(exc.code, exc.message)
            return
        handler = _CLIENT_EVENTS.get(event["type"])
        event_id = event.get("event_id") if isinstance(event.get("event_id"), str) else None
        if handler is None:
            self._error(codes.UNKNOWN_EVENT, f"unknown or unsupported event type {event['type']!r}",
                        event_id)
            return
        try:
            await handler(self, event)
        except SaysoError as exc:
            self._error(exc.code, exc.message, event_id)
        except Exception as exc:
            log.exception("realtime %s failed", event["type"])
            self._error(codes.INTERNAL_ERROR, f"{type(exc).__name__}: {exc}", event_id)

    async def _session_update(self, event: dict[str, Any]) -> None:
        old_rate, old_config = self.wire.input_rate, self.wire.config
        self.wire.update(event.get("session", {}))
        try:  # a missing extra or unknown wake model: an error event, and nothing changes
            if self.wire.config.wake.enabled:
                await self.session.load_wake(self.wire.config.wake)
            self.session.update(self.wire.config)
        except SaysoError:
            self.wire.config, self.wire.input_rate = old_config, old_rate
            raise
        if self.wire.input_rate != old_rate:
            self.resampler = None
        self.outbox.put(server_event("session.updated", session=self.wire.describe()))

    async def _append(self, event: dict[str, Any]) -> None:
        samples = decode_pcm16(event.get("audio"))
        rate = self.wire.input_rate
        if rate != SAMPLE_RATE:
            if self.resampler is None:
                self.resampler = soxr.ResampleStream(rate, SAMPLE_RATE, 1, dtype="float32")
            samples = self.resampler.resample_chunk(samples)
        if self.wire.config.manual:
            self.buffered_s += len(samples) / SAMPLE_RATE
            if self.buffered_s > self.state.settings.max_audio_seconds:
                self.buffered_s = 0.0
                self.session.clear()
                raise BadInput("input audio buffer exceeded "
                               f"{self.state.settings.max_audio_seconds:g} s and was cleared",
                               code="input_audio_buffer_too_long")
        self.session.push_audio(samples)

    async def _commit(self, event: dict[str, Any]) -> None:
        if self.wire.config.manual and self.buffered_s <= 0.0:
            raise BadInput("the input audio buffer is empty",
                           code="input_audio_buffer_commit_empty")
        self.buffered_s = 0.0
        # A committed audio turn is answered automatically; a following response.create (what
        # OpenAI clients send in manual mode) is then acknowledged without a second reply.
        self.audio_committed = True
        self.session.commit()

    async def _clear(self, event: dict[str, Any]) -> None:
        self.buffered_s = 0.0
        self.resampler = None
        self.session.clear()
        self.outbox.put(server_event("input_audio_buffer.cleared"))

    async def _item_create(self, event: dict[str, Any]) -> None:
        text = user_text(event.get("item"))
        self.pending_text = bounded_text(text, "item.content text",
                                         self.state.settings.max_text_chars)
        _, out = self.translator.text_item(self.pending_text)
        for message in out:
            self.outbox.put(message)

    async def _response_create(self, event: dict[str, Any]) -> None:
        if self.pending_text is None and self.audio_committed:
            self.audio_committed = False
            return
        if self.pending_text is None:
            raise BadInput("nothing to respond to: send conversation.item.create with input_text "
                           "(audio turns are answered automatically)", code="no_pending_input")
        text, self.pending_text = self.pending_text, None
        await self.session.respond_to_text(text)

    async def _response_cancel(self, event: dict[str, Any]) -> None:
        if self.translator.response is None:
            raise BadInput("there is no response in progress to cancel",
                           code="response_cancel_not_active")
        self.session.cancel_response(reason="client")

    async def _ring_stop(self, event: dict[str, Any]) -> None:
        # Stops what rings even between its announcements, when there is no reply to cancel.
        stopped = self.session.stop_ringing()
        self.outbox.put(server_event("sayso.ring.stopped", rings=stopped))

    async def _played(self, event: dict[str, Any]) -> None:
        ms = number(event.get("audio_end_ms", event.get("played_ms")), "audio_end_ms", 0,
                    MAX_PLAYED_MS)
        self.session.mark_played(ms / 1000.0)
        if event["type"] == "conversation.item.truncate":
            self.outbox.put(server_event("conversation.item.truncated",
                                         item_id=event.get("item_id"), content_index=0,
                                         audio_end_ms=ms))


_CLIENT_EVENTS: dict[str, Any] = {
    "session.update": RealtimeConnection._session_update,
    "input_audio_buffer.append": RealtimeConnection._append,
    "input_audio_buffer.commit": RealtimeConnection._commit,
    "input_audio_buffer.clear": RealtimeConnection._clear,
    "conversation.item.create": RealtimeConnection._item_create,
    "conversation.item.truncate": RealtimeConnection._played,
    "response.create": RealtimeConnection._response_create,
    "response.cancel": RealtimeConnection._response_cancel,
    "sayso.playback": RealtimeConnection._played,
    "sayso.ring.stop": RealtimeConnection._ring_stop,
}


def _milestones(timeline: TurnTimeline | None) -> dict[str, float]:
    """A turn's own milestones (endpointing, ASR after endpoint, response gap), ms."""
    if timeline is None:
        return {}
    return {k.removesuffix("_ms"): v for k, v in timeline.to_dict().items()
            if k.endswith("_ms") and isinstance(v, int | float)}
