"""Wyoming in the server's process, so Home Assistant can use sayso for the whole pipeline.

describe → info, detect + audio → detection / not-detected (wake word), transcribe + audio →
transcript, synthesize (whole or streamed) → audio, recognize → intent, transcript → handled.
Every malformed or oversized input gets an `error` event with a stable code (see
`wyoming_input`); nothing a client sends is buffered without a bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from wyoming.asr import Transcribe
from wyoming.asr import Transcript as WyTranscript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event as WyEvent
from wyoming.handle import Handled, NotHandled
from wyoming.info import Describe
from wyoming.intent import Entity, Intent, NotRecognized, Recognize
from wyoming.server import AsyncEventHandler, AsyncServer, AsyncUnixServer
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop
from wyoming.wake import Detect, Detection, NotDetected

from sayso import codes, languages
from sayso.app.turn import TurnResult
from sayso.asr.base import AsrRequest
from sayso.audio.io import resample
from sayso.constants import MIN_INPUT_SECONDS, SAMPLE_RATE
from sayso.errors import ConfigError, SaysoError
from sayso.events import EndOfStream, Event, Transcript
from sayso.runtime.pool import Priority
from sayso.runtime.runner import Pipeline
from sayso.server.realtime_gate import take_slot
from sayso.server.state import ServerState
from sayso.server.wyoming_info import build_info
from sayso.server.wyoming_input import (
    MAX_CHUNK_CHARS,
    MAX_COMMAND_CHARS,
    AudioBuffer,
    WyomingInputError,
    audio_format,
    language_field,
    read_event,
    text_field,
)
from sayso.server.wyoming_speech import Speaker
from sayso.server.wyoming_wake import WakeListen, timestamp_ms, wanted_models

log = logging.getLogger(__name__)

SOCKET_MODE: Final[int] = 0o600
"""Permissions of a Wyoming Unix socket: owner only."""


class SaysoHandler(AsyncEventHandler):
    """One Wyoming connection."""

    def __init__(self, state: ServerState, reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter) -> None:
        super().__init__(reader, writer)
        self.state = state
        self.language: str | None = None
        self.audio: AudioBuffer | None = None
        self.audio_refused = False
        """An error already answered this utterance: drop its remaining chunks quietly."""
        self.speaker = Speaker(state, self.write_event)
        self.wake: WakeListen | None = None
        """The wake-word request the audio stream goes to (after `detect`), else transcription."""
        state.metrics.active_sessions.labels(protocol="wyoming").inc()

    async def run(self) -> None:
        """Read events with the strict reader; the connection ends quietly when the peer leaves."""
        self._is_running = True
        # Each connection is its own client: Wyoming has no identity, and Home Assistant opens
        # one per pipeline step. Only the machine-wide session limit applies.
        slot = f"wyoming:{id(self)}"
        if not await take_slot(self.state, slot):
            await self._refuse()
            return
        try:
            while self._is_running:
                try:
                    event = await read_event(self.reader)
                except WyomingInputError as exc:
                    await self._error(exc.code, exc.message)
                    if exc.fatal:
                        break
                    continue
                if event is None or not await self.handle_event(event):
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            log.debug("wyoming client went away")
        finally:
            self.state.sessions.release(slot)
            await self.disconnect()
            self.writer.close()

    async def _refuse(self) -> None:
        """Tell a connection over the session limit when to retry, and close it."""
        s = self.state.settings
        self.state.metrics.error(codes.SERVER_FULL)
        message = (f"the server is serving all the sessions it can ({s.max_sessions}); "
                   f"retry in {s.retry_after_s:g} s")
        data = {"text": message, "code": codes.SERVER_FULL, "retry_after_s": s.retry_after_s}
        with contextlib.suppress(ConnectionError):
            await self.write_event(WyEvent(type="error", data=data))
        await self.disconnect()
        self.writer.close()

    async def disconnect(self) -> None:
        """Count the connection out."""
        self.state.metrics.active_sessions.labels(protocol="wyoming").dec()

    async def handle_event(self, event: WyEvent) -> bool:
        """Answer one event; errors become an `error` event and the connection stays open."""
        try:
            await self._dispatch(event)
        except SaysoError as exc:
            await self._error(exc.code, exc.message)
        except ConnectionError:
            raise  # the client left; `run` ends the connection
        except Exception as exc:
            log.exception("wyoming %s failed", event.type)
            await self._error("internal_error", f"{type(exc).__name__}: {exc}")
        return True

    async def _dispatch(self, event: WyEvent) -> None:
        kind, data = event.type, event.data
        if Describe.is_type(kind):
            await self.write_event(build_info(self.state.assistant).event())
        elif Transcribe.is_type(kind):
            self.language = language_field(data)
            self.wake = None
        elif Detect.is_type(kind):
            await self._detect(data.get("names"))
        elif AudioStart.is_type(kind) or AudioChunk.is_type(kind) or AudioStop.is_type(kind):
            await self._audio(event)
        elif Synthesize.is_type(kind):
            # While streaming, Home Assistant also sends the whole text for older servers.
            if not self.speaker.streaming:
                await self.speaker.speak(text_field(data, "text", self._speech_chars))
        elif SynthesizeStart.is_type(kind):
            self.speaker.start()
        elif SynthesizeChunk.is_type(kind):
            await self.speaker.chunk(text_field(data, "text", MAX_CHUNK_CHARS))
        elif SynthesizeStop.is_type(kind):
            await self.speaker.stop()
        elif Recognize.is_type(kind):
            await self._recognize(text_field(data, "text", MAX_COMMAND_CHARS))
        elif WyTranscript.is_type(kind):
            await self._handle(text_field(data, "text", MAX_COMMAND_CHARS))
        else:
            log.debug("ignoring wyoming event %s", kind[:40])

    @property
    def _speech_chars(self) -> int:
        return self.state.settings.max_speech_chars

    async def _error(self, code: str, message: str) -> None:
        self.state.metrics.error(code)
        await self.write_event(Error(text=message, code=code).event())

    async def _detect(self, names: object) -> None:
        assistant = self.state.assistant
        configs = wanted_models(names, assistant.settings.wake)
        engines = await self.state.blocking(lambda: [assistant.wake_engine(c) for c in configs])
        self.wake = WakeListen(engines, configs[0].threshold)

    async def _wake_audio(self, wake: WakeListen, event: WyEvent) -> None:
        if AudioStop.is_type(event.type):
            self.wake = None
            if not wake.detected and not wake.refused:
                await self.write_event(NotDetected().event())
            return
        if wake.refused:
            return
        try:
            fmt = audio_format(event.data)
            if AudioStart.is_type(event.type):
                wake.start(fmt)
                return
            found = wake.feed(fmt, event.payload or b"")
        except SaysoError:
            wake.refused = True  # one error per stream; its remaining chunks are dropped
            raise
        for detection in found:
            await self.write_event(
                Detection(name=detection.name, timestamp=timestamp_ms(detection)).event()
            )

    async def _audio(self, event: WyEvent) -> None:
        if self.wake is not None:
            await self._wake_audio(self.wake, event)
            return
        if AudioStop.is_type(event.type):
            audio, refused = self.audio, self.audio_refused
            self.audio, self.audio_refused = None, False
            if not refused:
                await self._transcribe(audio)
            return
        if AudioStart.is_type(event.type):
            self.audio, self.audio_refused = None, False
        if self.audio_refused:
            return
        try:
            fmt = audio_format(event.data)
            if self.audio is None:
                self.audio = AudioBuffer(fmt, self.state.settings.max_audio_seconds)
            if event.payload:
                self.audio.add(fmt, event.payload)
        except SaysoError:
            self.audio, self.audio_refused = None, True
            raise

    async def _transcribe(self, audio: AudioBuffer | None) -> None:
        if audio is None or (raw := audio.samples()).size < MIN_INPUT_SECONDS * audio.fmt.rate:
            # As for uploads: a few samples are no speech (and trip Whisper's word alignment).
            raise SaysoError(f"audio is shorter than {MIN_INPUT_SECONDS:g} s", code="audio_empty")
        rate = audio.fmt.rate
        settings = self.state.assistant.settings
        request = AsrRequest(language=transcribe_language(settings, self.language))
        asr = self.state.assistant.asr
        result = await self.state.blocking(
            lambda: asr.transcribe(resample(raw, rate, SAMPLE_RATE), request)
        )
        # Tagged with the language decoded (detected under `asr.language: auto`), not the request's.
        await self.write_event(WyTranscript(text=result.text, language=result.language).event())

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


def transcribe_language(settings: Any, requested: str | None) -> str | None:
    """The language to decode a `transcribe` in: None (detect) when several are configured.

    Home Assistant's satellites always name their pipeline's language; with `asr.language:
    auto` and more than one configured language sayso detects among them instead, so a German
    command through an English pipeline is read (and tagged) as German.
    """
    several = len(settings.intents.all_languages) > 1
    if settings.asr.language == languages.AUTO and several:
        return None
    return requested


async def reply_only(assistant: Any, text: str) -> TurnResult:
    """Understand, act and phrase the reply, without synthesis (Home Assistant speaks it itself)."""
    turn_id = uuid.uuid4().hex[:12]
    result = TurnResult(turn_id=turn_id)
    stages = assistant.text_stages(speak=False, priority=Priority.REQUEST)

    async def source() -> AsyncIterator[Event]:
        # Not `typed`: Home Assistant hands over its voice pipeline's transcript (a recogniser's,
        # maybe misheard) as often as a typed one, and cannot say which; read as before.
        yield Transcript(turn_id=turn_id, text=text)
        yield EndOfStream(turn_id=turn_id)

    async for event in Pipeline(stages).run(source()):
        result.observe(event)
    return result


def check_wyoming_uri(uri: str) -> None:
    """Refuse a Wyoming address the server could not bind, before any model loads."""
    parts = urlsplit(uri)
    if parts.scheme == "unix":
        path = Path(parts.path)
        if not parts.path:
            raise ConfigError(f"Wyoming address {uri!r} needs a socket path (unix:///run/sayso.sock)")
        if path.exists() and not path.is_socket():
            # The wyoming library removes whatever is at the path before binding.
            raise ConfigError(f"refusing to serve Wyoming on {path}: it exists and is not a socket")
        return
    if parts.scheme != "tcp" or not parts.hostname or parts.port is None:
        raise ConfigError(f"Wyoming address {uri!r} must be tcp://HOST:PORT or unix://PATH")


async def start_wyoming(state: ServerState, uri: str) -> AsyncServer:
    """Start serving Wyoming on `uri` (``tcp://HOST:PORT`` or ``unix://PATH``) without blocking."""
    check_wyoming_uri(uri)
    server = AsyncServer.from_uri(uri)
    await server.start(lambda reader, writer: SaysoHandler(state, reader, writer))
    if isinstance(server, AsyncUnixServer):
        # Wyoming has no authentication: only this user may connect to the socket.
        server.socket_path.chmod(SOCKET_MODE)
    log.info("wyoming listening on %s", uri)
    return server
