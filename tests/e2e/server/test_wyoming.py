"""Wyoming in the server's process, driven by wyoming's own AsyncTcpClient (as Home Assistant)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
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
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop

from sayso.server.wyoming_speech import MAX_PENDING_CHARS
from tests.e2e.server.conftest import Running
from tests.e2e.server.wyoming_client import EVENT_TIMEOUT_S, ask_port, codes

pytestmark = pytest.mark.slow
CHUNK_BYTES = 2048


async def ask(server: Running, *events: Event, until: tuple[str, ...]) -> list[Event]:
    """Send `events`, collect replies until one of type `until` arrives."""
    assert server.wyoming_port is not None
    return await ask_port(server.wyoming_port, *events, until=until)


async def test_describe(server: Running) -> None:
    (event,) = await ask(server, Describe().event(), until=("info",))
    info = Info.from_event(event)
    assert info.asr and info.tts and info.handle and info.intent
    assert info.asr[0].models[0].languages == ["en"]
    assert info.tts[0].supports_synthesize_streaming


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


async def read_until(client: AsyncTcpClient, until: str) -> list[Event]:
    """Events up to and including the first of type `until`."""
    events: list[Event] = []
    while (event := await asyncio.wait_for(client.read_event(), EVENT_TIMEOUT_S)) is not None:
        events.append(event)
        if event.type == until:
            return events
    pytest.fail(f"connection closed before {until}: {[e.type for e in events]}")


def audio_cycles(events: list[Event]) -> list[float]:
    """Seconds of audio in each audio-start ... audio-stop cycle."""
    cycles: list[float] = []
    for event in events:
        if AudioStart.is_type(event.type):
            cycles.append(0.0)
        elif AudioChunk.is_type(event.type):
            cycles[-1] += AudioChunk.from_event(event).seconds
    return cycles


async def test_streamed_synthesis_speaks_each_sentence_as_it_completes(server: Running) -> None:
    assert server.wyoming_port is not None
    async with AsyncTcpClient("127.0.0.1", server.wyoming_port) as client:
        await client.write_event(SynthesizeStart().event())
        await client.write_event(SynthesizeChunk(text="The front door ").event())
        await client.write_event(SynthesizeChunk(text="is locked. The kitchen").event())
        # The first sentence is spoken before any more text arrives.
        first = await read_until(client, "audio-stop")
        await client.write_event(SynthesizeChunk(text=" light is on. Good night").event())
        # Home Assistant also sends the whole text for servers that cannot stream: ignored.
        whole = "The front door is locked. The kitchen light is on. Good night"
        await client.write_event(Synthesize(text=whole).event())
        await client.write_event(SynthesizeStop().event())
        rest = await read_until(client, "synthesize-stopped")
    assert not codes(first + rest)
    assert len(audio_cycles(first)) == 1 and audio_cycles(first)[0] > 0.5
    # "The kitchen light is on." when its end arrives, "Good night" at synthesize-stop.
    assert len(audio_cycles(rest)) == 2 and min(audio_cycles(rest)) > 0.3


async def test_streamed_text_without_start_is_an_error(server: Running) -> None:
    replies = await ask(server, SynthesizeChunk(text="Hello there.").event(), until=("error",))
    assert codes(replies) == ["synthesize_not_started"]
    replies = await ask(server, SynthesizeStop().event(), until=("error",))
    assert codes(replies) == ["synthesize_not_started"]


async def test_streamed_text_without_sentence_end_is_spoken_once_long(server: Running) -> None:
    assert 2 * len("turn the lights on " * 20) > MAX_PENDING_CHARS
    assert server.wyoming_port is not None
    async with AsyncTcpClient("127.0.0.1", server.wyoming_port) as client:
        await client.write_event(SynthesizeStart().event())
        for _ in range(2):  # 760 characters and never a sentence end
            await client.write_event(SynthesizeChunk(text="turn the lights on " * 20).event())
        # Spoken before synthesize-stop: unfinished text is bounded, not buffered forever.
        spoken = await read_until(client, "audio-stop")
        await client.write_event(SynthesizeStop().event())
        rest = await read_until(client, "synthesize-stopped")
    assert not codes(spoken + rest)
    assert audio_cycles(spoken)[0] > 5


def test_wyoming_bench_gets_audio_in_both_modes(server: Running) -> None:
    """The third-party benchmark that found streamed synthesis unanswered (sayso issue 11)."""
    command = [sys.executable, "-m", "wyoming_bench.cli", "tts", f"127.0.0.1:{server.wyoming_port}",
               "--mode", "both", "--rounds", "1", "--warmup", "0", "--no-unique",
               "--timeout", str(EVENT_TIMEOUT_S),
               "--texts", "The front door is locked. The kitchen light is on."]
    done = subprocess.run(command, capture_output=True, text=True, timeout=10 * EVENT_TIMEOUT_S)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[non_streaming] ok=1 fail=0" in done.stdout, done.stdout
    assert "[streaming] ok=1 fail=0" in done.stdout, done.stdout
