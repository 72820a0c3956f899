"""Wyoming in the server's process, driven by wyoming's own AsyncTcpClient (as Home Assistant)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.error import Error
from wyoming.event import Event
from wyoming.handle import Handled, NotHandled
from wyoming.info import Describe, Info
from wyoming.intent import Intent, NotRecognized, Recognize
from wyoming.tts import Synthesize

from tests.e2e.server.conftest import Running

pytestmark = pytest.mark.slow
CHUNK_BYTES = 2048


async def ask(server: Running, *events: Event, until: tuple[str, ...]) -> list[Event]:
    """Send `events`, collect replies until one of type `until` arrives."""
    assert server.wyoming_port is not None
    received: list[Event] = []
    async with AsyncTcpClient("127.0.0.1", server.wyoming_port) as client:
        for event in events:
            await client.write_event(event)
        while (event := await client.read_event()) is not None:
            received.append(event)
            if event.type in until:
                break
    return received


async def test_describe(server: Running) -> None:
    (event,) = await ask(server, Describe().event(), until=("info",))
    info = Info.from_event(event)
    assert info.asr and info.tts and info.handle and info.intent
    assert info.asr[0].models[0].languages == ["en"]


async def test_transcribe(server: Running, kitchen_wav: Path) -> None:
    samples, rate = sf.read(kitchen_wav, dtype="int16")
    pcm = samples.tobytes()
    fmt = {"rate": rate, "width": 2, "channels": 1}
    chunks = [AudioChunk(audio=pcm[i : i + CHUNK_BYTES], **fmt).event()
              for i in range(0, len(pcm), CHUNK_BYTES)]
    events = [Transcribe(language="en").event(), AudioStart(**fmt).event(), *chunks,
              AudioStop().event()]
    replies = await ask(server, *events, until=("transcript", "error"))
    transcript = Transcript.from_event(replies[-1])
    assert "kitchen light" in transcript.text.lower()


async def test_transcribe_stereo_48k(server: Running, kitchen_wav: Path) -> None:
    from sayso.audio.io import resample

    mono, rate = sf.read(kitchen_wav, dtype="float32")
    up = resample(mono, rate, 48_000)
    stereo = (np.stack([up, up], axis=1) * 32767).astype("<i2").tobytes()
    fmt = {"rate": 48_000, "width": 2, "channels": 2}
    chunks = [AudioChunk(audio=stereo[i : i + 4 * CHUNK_BYTES], **fmt).event()
              for i in range(0, len(stereo), 4 * CHUNK_BYTES)]
    replies = await ask(server, AudioStart(**fmt).event(), *chunks, AudioStop().event(),
                        until=("transcript", "error"))
    assert "kitchen" in Transcript.from_event(replies[-1]).text.lower()


async def test_synthesize(server: Running) -> None:
    replies = await ask(server, Synthesize(text="The front door is locked.").event(),
                        until=("audio-stop",))
    start = AudioStart.from_event(replies[0])
    chunks = [AudioChunk.from_event(e) for e in replies if AudioChunk.is_type(e.type)]
    assert start.width == 2 and start.channels == 1
    assert AudioStop.is_type(replies[-1].type)
    seconds = sum(c.seconds for c in chunks)
    assert 0.5 < seconds < 10


async def test_recognize_intent(server: Running) -> None:
    (event,) = await ask(server, Recognize(text="turn off the kitchen light").event(),
                         until=("intent", "not-recognized"))
    intent = Intent.from_event(event)
    assert intent.name == "HassTurnOff"
    assert {e.name: e.value for e in intent.entities}["name"] == "light.kitchen"
    (event,) = await ask(server, Recognize(text="purple monkey dishwasher").event(),
                         until=("intent", "not-recognized"))
    assert NotRecognized.is_type(event.type)


async def test_handle_conversation(server: Running) -> None:
    (event,) = await ask(server, Transcript(text="turn on the garden lights").event(),
                         until=("handled", "not-handled"))
    if not Handled.is_type(event.type):
        pytest.fail(f"not handled: {NotHandled.from_event(event).text}")
    assert Handled.from_event(event).text
    (event,) = await ask(server, Transcript(text="purple monkey dishwasher").event(),
                         until=("handled", "not-handled"))
    assert NotHandled.is_type(event.type)


async def test_bad_audio_width_is_an_error_event(server: Running) -> None:
    fmt = {"rate": 16000, "width": 4, "channels": 1}
    replies = await ask(server, AudioStart(**fmt).event(),
                        AudioChunk(audio=b"\0" * 64, **fmt).event(), until=("error",))
    assert Error.from_event(replies[-1]).code == "audio_format_unsupported"
