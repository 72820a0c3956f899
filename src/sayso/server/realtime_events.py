"""sayso events → OpenAI Realtime server events (a subset, plus ``sayso.*`` extensions)."""

from __future__ import annotations

import base64
import uuid
from collections import deque
from typing import Any

import numpy as np
import soxr

from sayso.audio.io import pcm16_bytes
from sayso.events import (
    ActionResult,
    AudioChunk,
    BargeIn,
    ErrorEvent,
    Event,
    IntentRecognized,
    ListeningChanged,
    NoIntent,
    PartialTranscript,
    PlaybackPaused,
    PlaybackResumed,
    ReplyText,
    ResponseDone,
    ResponseStarted,
    RingStopped,
    SpeechStarted,
    SpeechStopped,
    Transcript,
    WakeDetected,
)

OUTPUT_RATE = 24_000
"""OpenAI Realtime pcm16 audio is 24 kHz mono."""
DELTA_SECONDS = 0.2
"""Audio per response.audio.delta: small enough to start playback early, big enough to be cheap."""
MS = 1000.0
KEEP_ITEMS = 32
"""Recent user items remembered, so each is committed exactly once."""

Out = dict[str, Any]


def event_id() -> str:
    """A fresh server event id."""
    return f"event_{uuid.uuid4().hex[:20]}"


def server_event(type_: str, **fields: Any) -> Out:
    """One server event with its id and type."""
    return {"event_id": event_id(), "type": type_, **fields}


def error_event(code: str, message: str, *, client_event_id: str | None = None,
                param: str | None = None, type_: str = "invalid_request_error") -> Out:
    """An ``error`` event; the session stays open."""
    return server_event("error", error={"type": type_, "code": code, "message": message,
                                        "param": param, "event_id": client_event_id})


class _Response:
    """Output state of one response."""

    def __init__(self, response_id: str, rate: int | None = None) -> None:
        self.id = response_id
        self.item_id = f"item_{response_id}"
        self.text: list[str] = []
        self.rate = rate
        self.resampler: soxr.ResampleStream | None = None
        self.audio_ms = 0.0

    def refs(self) -> Out:
        return {"response_id": self.id, "item_id": self.item_id, "output_index": 0,
                "content_index": 0}


class Translator:
    """Turns one session's event stream into Realtime server events; keeps the ids consistent."""

    def __init__(self) -> None:
        self.last_item: str | None = None
        self.partials: dict[str, str] = {}
        self.response: _Response | None = None
        self.items: deque[str] = deque(maxlen=KEEP_ITEMS)

    @staticmethod
    def item_id(turn_id: str) -> str:
        """The conversation item of a user turn."""
        return f"item_{turn_id}"

    def translate(self, event: Event) -> list[Out]:
        """Server events for one sayso event (possibly none)."""
        handler = _HANDLERS.get(type(event))
        return handler(self, event) if handler else []

    def _speech_started(self, e: SpeechStarted) -> list[Out]:
        return [server_event("input_audio_buffer.speech_started",
                             audio_start_ms=round(e.start_s * MS), item_id=self.item_id(e.turn_id))]

    def _speech_stopped(self, e: SpeechStopped) -> list[Out]:
        item = self.item_id(e.turn_id)
        stopped = server_event("input_audio_buffer.speech_stopped",
                               audio_end_ms=round(e.end_s * MS), item_id=item)
        return [stopped, *self.committed(e.turn_id)]

    def committed(self, turn_id: str) -> list[Out]:
        """A user audio turn became a conversation item."""
        item = self.item_id(turn_id)
        if item in self.items:
            return []
        self.items.append(item)
        previous, self.last_item = self.last_item, item
        return [
            server_event("input_audio_buffer.committed", previous_item_id=previous, item_id=item),
            server_event("conversation.item.created", previous_item_id=previous,
                         item=user_item(item, [{"type": "input_audio", "transcript": None}])),
        ]

    def text_item(self, text: str) -> tuple[str, list[Out]]:
        """A user text message became a conversation item."""
        item = f"item_{uuid.uuid4().hex[:12]}"
        previous, self.last_item = self.last_item, item
        created = server_event("conversation.item.created", previous_item_id=previous,
                               item=user_item(item, [{"type": "input_text", "text": text}]))
        return item, [created]

    def _partial(self, e: PartialTranscript) -> list[Out]:
        before = self.partials.get(e.turn_id, "")
        self.partials[e.turn_id] = e.text
        # OpenAI deltas append; a partial that rewrites earlier words still carries the full text.
        delta = e.text[len(before):] if e.text.startswith(before) else e.text
        return [server_event("conversation.item.input_audio_transcription.delta",
                             item_id=self.item_id(e.turn_id), content_index=0, delta=delta,
                             text=e.text)]

    def _transcript(self, e: Transcript) -> list[Out]:
        self.partials.pop(e.turn_id, None)
        done = server_event("conversation.item.input_audio_transcription.completed",
                            item_id=self.item_id(e.turn_id), content_index=0, transcript=e.text)
        return [*self.committed(e.turn_id), done]

    def _intent(self, e: IntentRecognized | NoIntent) -> list[Out]:
        if isinstance(e, NoIntent):
            return [server_event("sayso.intent", item_id=self.item_id(e.turn_id), intent=None,
                                 slots={}, text=e.text)]
        return [server_event("sayso.intent", item_id=self.item_id(e.turn_id), intent=e.intent,
                             slots={k: _plain(v) for k, v in e.slot_dict().items()},
                             text=e.text, source=e.source)]

    def _action(self, e: ActionResult) -> list[Out]:
        return [server_event("sayso.action", item_id=self.item_id(e.turn_id), intent=e.intent,
                             success=e.success, speech=e.speech, error_code=e.error_code,
                             changes=[_plain(c) for c in e.to_dict()["changes"]])]

    def _response_started(self, e: ResponseStarted) -> list[Out]:
        self.response = _Response(e.response_id)
        body = response_body(e.response_id, "in_progress")
        if e.announcement:  # no user turn precedes it: a timer or alarm came due
            body["sayso"] = {"announcement": True, **({"ring": e.ring} if e.ring else {})}
        return [server_event("response.created", response=body)]

    def _ring_stopped(self, e: RingStopped) -> list[Out]:
        return [server_event("sayso.ring.stopped", ring=e.ring)]

    def _reply_text(self, e: ReplyText) -> list[Out]:
        r = self.response
        if r is None or not e.text:
            return []
        r.text.append(e.text)
        return [server_event("response.audio_transcript.delta", **r.refs(), delta=e.text)]

    def _audio(self, e: AudioChunk) -> list[Out]:
        r = self.response
        if r is None or not len(e.samples):
            return []
        if r.resampler is None or r.rate != e.sample_rate:
            r.rate = e.sample_rate
            r.resampler = soxr.ResampleStream(e.sample_rate, OUTPUT_RATE, 1, dtype="float32")
        audio = r.resampler.resample_chunk(np.asarray(e.samples, np.float32))
        step = round(OUTPUT_RATE * DELTA_SECONDS)
        out = []
        for i in range(0, len(audio), step):
            piece = audio[i : i + step]
            r.audio_ms += len(piece) / OUTPUT_RATE * MS
            delta = base64.b64encode(pcm16_bytes(piece)).decode("ascii")
            out.append(server_event("response.audio.delta", **r.refs(), delta=delta))
        return out

    def _done(self, e: ResponseDone) -> list[Out]:
        r = self.response if self.response and self.response.id == e.response_id else None
        self.response = None
        if r is None:
            r = _Response(e.response_id)
        transcript = " ".join(r.text)
        out = []
        if r.resampler is not None and e.status == "completed":
            tail = r.resampler.resample_chunk(np.zeros(0, np.float32), last=True)
            if tail.size:
                delta = base64.b64encode(pcm16_bytes(tail)).decode("ascii")
                out.append(server_event("response.audio.delta", **r.refs(), delta=delta))
        out += [
            server_event("response.audio.done", **r.refs()),
            server_event("response.audio_transcript.done", **r.refs(), transcript=transcript),
        ]
        details = None
        if e.status == "cancelled":
            by_user = e.reason in ("barge_in", "wake_word")
            reason = "turn_detected" if by_user else "client_cancelled"
            details = {"type": "cancelled", "reason": reason}
        item = {"id": r.item_id, "object": "realtime.item", "type": "message", "role": "assistant",
                "status": "completed" if e.status == "completed" else "incomplete",
                "content": [{"type": "audio", "transcript": transcript}]}
        body = response_body(e.response_id, e.status, details, [item])
        body["sayso"] = {"played_text": e.played_text, "audio_ms": round(r.audio_ms)}
        out.append(server_event("response.done", response=body))
        return out

    def _barge_in(self, e: BargeIn) -> list[Out]:
        return [server_event("sayso.barge_in", response_id=e.response_id,
                             voiced_ms=round(e.voiced_ms))]

    def _paused(self, e: PlaybackPaused) -> list[Out]:
        return [server_event("sayso.response.pause", response_id=e.response_id,
                             voiced_ms=round(e.voiced_ms))]

    def _resumed(self, e: PlaybackResumed) -> list[Out]:
        return [server_event("sayso.response.resume", response_id=e.response_id,
                             paused_ms=round(e.paused_ms))]

    def _wake(self, e: WakeDetected) -> list[Out]:
        return [server_event("sayso.wake_word.detected", model=e.model,
                             score=round(e.score, 3), audio_end_ms=round(e.end_s * 1000))]

    def _listening(self, e: ListeningChanged) -> list[Out]:
        return [server_event("sayso.listening", listening=e.listening, reason=e.reason)]

    def _error(self, e: ErrorEvent) -> list[Out]:
        kind = "server_error" if e.server_fault else "invalid_request_error"
        return [error_event(e.code, e.message, type_=kind)]


def user_item(item_id: str, content: list[Out]) -> Out:
    """A user message item."""
    return {"id": item_id, "object": "realtime.item", "type": "message", "status": "completed",
            "role": "user", "content": content}


def response_body(response_id: str, status: str, details: Out | None = None,
                  output: list[Out] | None = None) -> Out:
    """The ``response`` object of response.created / response.done."""
    return {"id": response_id, "object": "realtime.response", "status": status,
            "status_details": details, "output": output or [], "usage": None}


def _plain(value: Any) -> Any:
    """JSON-safe copy (slot values may be numbers, dicts or dataclasses already flattened)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


_HANDLERS: dict[type[Event], Any] = {
    SpeechStarted: Translator._speech_started,
    SpeechStopped: Translator._speech_stopped,
    PartialTranscript: Translator._partial,
    Transcript: Translator._transcript,
    IntentRecognized: Translator._intent,
    NoIntent: Translator._intent,
    ActionResult: Translator._action,
    ResponseStarted: Translator._response_started,
    RingStopped: Translator._ring_stopped,
    ReplyText: Translator._reply_text,
    AudioChunk: Translator._audio,
    ResponseDone: Translator._done,
    BargeIn: Translator._barge_in,
    PlaybackPaused: Translator._paused,
    PlaybackResumed: Translator._resumed,
    WakeDetected: Translator._wake,
    ListeningChanged: Translator._listening,
    ErrorEvent: Translator._error,
}
