"""Wyoming in the server's process, so Home Assistant can use sayso for STT, TTS and conversation.

describe → info, transcribe + audio → transcript, synthesize → audio, recognize → intent,
transcript → handled.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import numpy as np
from wyoming.asr import Transcribe
from wyoming.asr import Transcript as WyTranscript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event as WyEvent
from wyoming.handle import Handled, NotHandled
from wyoming.info import Describe
from wyoming.intent import Entity, Intent, NotRecognized, Recognize
from wyoming.server import AsyncEventHandler, AsyncServer
from wyoming.tts import Synthesize

from sayso.app.turn import TurnResult
from sayso.asr.base import AsrRequest
from sayso.audio.io import PCM16_SCALE, pcm16_bytes, resample
from sayso.constants import SAMPLE_RATE, SAMPLE_WIDTH_BYTES
from sayso.errors import SaysoError
from sayso.events import EndOfStream, Event, Transcript
from sayso.runtime.runner import Pipeline
from sayso.server.state import ServerState
from sayso.server.wyoming_info import build_info

log = logging.getLogger(__name__)

CHUNK_SAMPLES = 1024
"""Samples per outgoing audio-chunk (what wyoming-piper sends)."""


class SaysoHandler(AsyncEventHandler):
    """One Wyoming connection."""

    def __init__(self, state: ServerState, reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter) -> None:
        super().__init__(reader, writer)
        self.state = state
        self.language: str | None = None
        self.rate = SAMPLE_RATE
        self.pieces: list[np.ndarray] = []
        self.seconds = 0.0
        self.too_long = False
        state.metrics.active_sessions.labels(protocol="wyoming").inc()

    async def disconnect(self) -> None:
        """Count the connection out."""
        self.state.metrics.active_sessions.labels(protocol="wyoming").dec()

    async def handle_event(self, event: WyEvent) -> bool:
        """Answer one event; errors become an `error` event and the connection stays open."""
        try:
            await self._dispatch(event)
        except SaysoError as exc:
            await self._error(exc.code, exc.message)
        except Exception as exc:
            log.exception("wyoming %s failed", event.type)
            await self._error("internal_error", f"{type(exc).__name__}: {exc}")
        return True

    async def _dispatch(self, event: WyEvent) -> None:
        if Describe.is_type(event.type):
            await self.write_event(build_info(self.state.assistant).event())
        elif Transcribe.is_type(event.type):
            self.language = Transcribe.from_event(event).language
        elif AudioStart.is_type(event.type):
            self._reset(AudioStart.from_event(event).rate)
        elif AudioChunk.is_type(event.type):
            self._add(AudioChunk.from_event(event))
        elif AudioStop.is_type(event.type):
            await self._transcribe()
        elif Synthesize.is_type(event.type):
            await self._synthesize(Synthesize.from_event(event).text)
        elif Recognize.is_type(event.type):
            await self._recognize(Recognize.from_event(event).text)
        elif WyTranscript.is_type(event.type):
            await self._handle(WyTranscript.from_event(event).text)
        else:
            log.debug("ignoring wyoming event %s", event.type)

    async def _error(self, code: str, message: str) -> None:
        self.state.metrics.error(code)
        await self.write_event(Error(text=message, code=code).event())

    def _reset(self, rate: int) -> None:
        self.rate, self.pieces, self.seconds, self.too_long = rate, [], 0.0, False

    def _add(self, chunk: AudioChunk) -> None:
        if chunk.width != SAMPLE_WIDTH_BYTES:
            raise SaysoError(f"only 16-bit audio is supported (got width {chunk.width})",
                             code="audio_format_unsupported")
        self.rate = chunk.rate
        self.seconds += chunk.seconds
        if self.seconds > self.state.settings.max_audio_seconds:
            self.too_long, self.pieces = True, []
            return
        pcm = np.frombuffer(chunk.audio, dtype="<i2").astype(np.float32) / PCM16_SCALE
        if chunk.channels > 1:
            pcm = pcm[: len(pcm) // chunk.channels * chunk.channels]
            pcm = pcm.reshape(-1, chunk.channels).mean(axis=1)
        self.pieces.append(pcm)

    async def _transcribe(self) -> None:
        if self.too_long:
            limit = self.state.settings.max_audio_seconds
            raise SaysoError(f"audio is longer than {limit:g} s", code="audio_too_long")
        raw = np.concatenate(self.pieces) if self.pieces else np.zeros(0, np.float32)
        self.pieces = []
        request = AsrRequest(language=self.language)
        asr = self.state.assistant.asr
        result = await self.state.blocking(
            lambda: asr.transcribe(resample(raw, self.rate, SAMPLE_RATE), request)
        )
        await self.write_event(WyTranscript(text=result.text, language=result.language).event())

    async def _synthesize(self, text: str) -> None:
        tts = self.state.assistant.tts
        rate = tts.capabilities.sample_rate
        speed = self.state.assistant.settings.tts.speed
        chunks: Iterator[np.ndarray] = iter(tts.synthesize(text, speed))
        fmt: dict[str, Any] = {"rate": rate, "width": SAMPLE_WIDTH_BYTES, "channels": 1}
        await self.write_event(AudioStart(**fmt).event())
        while (samples := await self.state.blocking(lambda: next(chunks, None))) is not None:
            for i in range(0, len(samples), CHUNK_SAMPLES):
                piece = pcm16_bytes(samples[i : i + CHUNK_SAMPLES])
                await self.write_event(AudioChunk(audio=piece, **fmt).event())
        await self.write_event(AudioStop().event())

    async def _recognize(self, text: str) -> None:
        recognizer = self.state.assistant.recognizer
        found = await self.state.blocking(lambda: recognizer.recognize(text))
        if found is None:
            await self.write_event(NotRecognized(text=text).event())
            return
        entities = [Entity(name=s.name, value=s.value) for s in found.slots]
        await self.write_event(Intent(name=found.intent, entities=entities, text=text).event())

    async def _handle(self, text: str) -> None:
        result = await reply_only(self.state.assistant, text)
        if result.intent is not None and (result.action is None or result.action.success):
            await self.write_event(Handled(text=result.reply_text).event())
        else:
            await self.write_event(NotHandled(text=result.reply_text or None).event())


async def reply_only(assistant: Any, text: str) -> TurnResult:
    """Understand, act and phrase the reply, without synthesis (Home Assistant speaks it itself)."""
    turn_id = uuid.uuid4().hex[:12]
    result = TurnResult(turn_id=turn_id)
    stages = [s for s in assistant.text_stages() if s.name != "tts"]

    async def source() -> AsyncIterator[Event]:
        yield Transcript(turn_id=turn_id, text=text)
        yield EndOfStream(turn_id=turn_id)

    async for event in Pipeline(stages).run(source()):
        result.observe(event)
    return result


async def start_wyoming(state: ServerState, uri: str) -> AsyncServer:
    """Start serving Wyoming on `uri` (``tcp://HOST:PORT``) without blocking."""
    server = AsyncServer.from_uri(uri)
    await server.start(lambda reader, writer: SaysoHandler(state, reader, writer))
    log.info("wyoming listening on %s", uri)
    return server
