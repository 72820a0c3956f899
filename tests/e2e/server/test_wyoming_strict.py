"""Wyoming refuses malformed and oversized input with one `error` event and a stable code.

Reproducers from sayso issue 11: `rate: 1e9` buffered 150 MB, a negative rate gave
`internal_error`, and a 500 KB `transcript` reached the LLM.
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncClient
from wyoming.info import Describe, Info
from wyoming.tts import SynthesizeChunk, SynthesizeStart

from sayso.app.assistant import Assistant
from sayso.errors import ConfigError
from sayso.server.security import check_bind
from sayso.server.settings import ServerSettings
from sayso.server.wyoming_server import check_wyoming_uri
from tests.e2e.server.conftest import Running, start_server
from tests.e2e.server.wyoming_client import EVENT_TIMEOUT_S, codes, exchange, frame

pytestmark = pytest.mark.slow
GOOD = {"rate": 16_000, "width": 2, "channels": 1}
SECOND_BYTES = 16_000 * 2


def port(server: Running) -> int:
    assert server.wyoming_port is not None
    return server.wyoming_port


def event(kind: str, data: dict[str, Any] | None = None, payload: bytes = b"") -> bytes:
    """A well-formed frame with `data` carried as a data block, as the wyoming library sends it."""
    block = json.dumps(data).encode() if data else b""
    header: dict[str, Any] = {"type": kind, "data_length": len(block)}
    if payload:
        header["payload_length"] = len(payload)
    return frame(header, block, payload)


DESCRIBE = event("describe")


@pytest.mark.parametrize("bad", [
    {"rate": 1e9}, {"rate": 1_000_000_000}, {"rate": -16_000}, {"rate": 0}, {"rate": "16000"},
    {"rate": 16_000.5}, {"rate": None}, {"width": 0}, {"width": 4}, {"width": -2},
    {"channels": 0}, {"channels": 9}, {"channels": 2**64}, {"channels": True},
])  # fmt: skip
async def test_bad_audio_format_is_refused_at_audio_start(server: Running,
                                                          bad: dict[str, Any]) -> None:
    fmt = {**GOOD, **bad}
    chunk = event("audio-chunk", fmt, b"\0" * 4096)
    replies = await exchange(port(server), event("audio-start", fmt) + chunk * 50
                             + event("audio-stop") + DESCRIBE)
    # One error for the whole utterance (its chunks are dropped), and the connection still works.
    assert [e.type for e in replies] == ["error", "info"]
    assert codes(replies) == ["audio_format_unsupported"]


async def test_audio_over_the_limit_is_refused_as_it_arrives(server: Running) -> None:
    limit_s = ServerSettings().max_audio_seconds  # the fixture's server uses the defaults
    async with AsyncClient.from_uri(f"tcp://127.0.0.1:{port(server)}") as client:
        await client.write_event(AudioStart(**GOOD).event())
        for _ in range(int(limit_s) + 1):
            await client.write_event(AudioChunk(audio=b"\1\0" * 16_000, **GOOD).event())
        # Before audio-stop: the chunk that crossed the limit was answered at once.
        first = await _read(client)
        await client.write_event(AudioChunk(audio=b"\1\0" * 16_000, **GOOD).event())
        await client.write_event(AudioStop().event())
        await client.write_event(Describe().event())
        second = await _read(client)
    assert codes([first]) == ["audio_too_long"]
    assert Info.is_type(second.type)  # no transcript of a dropped buffer, no second error


async def _read(client: AsyncClient) -> Any:
    event_ = await asyncio.wait_for(client.read_event(), EVENT_TIMEOUT_S)
    assert event_ is not None
    return event_


async def test_audio_format_change_mid_stream_is_refused(server: Running) -> None:
    other = {**GOOD, "rate": 48_000}
    replies = await exchange(port(server), event("audio-start", GOOD)
                             + event("audio-chunk", other, b"\0" * 640) + event("audio-stop"))
    assert codes(replies) == ["audio_format_unsupported"]


async def test_odd_chunk_sizes_are_joined_not_refused(server: Running) -> None:
    second = b"\0\1" * 16_000
    chunks = b"".join(event("audio-chunk", GOOD, second[i : i + 333])
                      for i in range(0, len(second), 333))
    replies = await exchange(port(server), event("audio-start", GOOD) + chunks
                             + event("audio-stop"))
    assert [e.type for e in replies] == ["transcript"]


async def test_a_few_samples_are_empty_audio_not_a_crash(server: Running) -> None:
    # Found by the fuzzer: 30 samples reached Whisper's word alignment and raised IndexError.
    replies = await exchange(port(server), event("audio-start", GOOD)
                             + event("audio-chunk", GOOD, bytes(range(60))) + event("audio-stop"))
    assert codes(replies) == ["audio_empty"]


@pytest.mark.parametrize(("kind", "chars"), [
    ("synthesize", 4_097), ("synthesize-chunk", 4_097), ("recognize", 1_001),
    ("transcript", 1_001),
])  # fmt: skip
async def test_text_over_its_limit(server: Running, kind: str, chars: int) -> None:
    start = event("synthesize-start") if kind == "synthesize-chunk" else b""
    replies = await exchange(port(server), start + event(kind, {"text": "a" * chars}) + DESCRIBE)
    assert codes(replies) == ["text_too_long"] and replies[-1].type == "info"


async def test_500_kb_transcript_is_refused_and_the_connection_survives(server: Running) -> None:
    replies = await exchange(port(server), event("transcript", {"text": "x" * 500_000}) + DESCRIBE)
    assert codes(replies) == ["message_too_large"] and replies[-1].type == "info"


@pytest.mark.parametrize(("raw", "code"), [
    (frame({"type": "synthesize", "data": {"text": 5}}), "invalid_event"),
    (frame({"type": "recognize"}), "invalid_event"),
    (frame({"type": 7}), "invalid_event"),
    (frame({"type": "describe", "data": []}), "invalid_event"),
    (frame({"type": "transcribe", "data": {"language": "../../etc"}}), "invalid_event"),
    (frame({"type": "synthesize", "data_length": 5}, b"[1,2]"), "invalid_event"),
    (frame({"type": "synthesize", "data_length": 3}, b"\xff\xfe{"), "invalid_json"),
    (frame({"type": "audio-chunk", "payload_length": 2_000_000}, payload=bytes(2_000_000)),
     "message_too_large"),
    (frame({"type": "x", "data_length": 300_000, "payload_length": 9}, b"{" * 300_000, b"\n" * 9),
     "message_too_large"),
])  # fmt: skip
async def test_malformed_event_keeps_the_connection(server: Running, raw: bytes,
                                                    code: str) -> None:
    replies = await exchange(port(server), raw + DESCRIBE)
    assert codes(replies) == [code] and replies[-1].type == "info"


@pytest.mark.parametrize(("raw", "code"), [
    (b"not json\n", "invalid_json"),
    (b"[" * 5_000 + b"]" * 5_000 + b"\n", "invalid_json"),
    (b"[1, 2]\n", "invalid_event"),
    (frame({"type": "audio-chunk", "payload_length": -1}), "invalid_event"),
    (frame({"type": "audio-chunk", "payload_length": "12"}), "invalid_event"),
    (frame({"type": "audio-chunk", "data_length": 1.5}), "invalid_event"),
    (b"x" * 70_000, "message_too_large"),
])  # fmt: skip
async def test_unreadable_frame_closes_the_connection(server: Running, raw: bytes,
                                                      code: str) -> None:
    # Nothing after a frame of unknown extent can be trusted: one error, then the server closes.
    replies = await exchange(port(server), raw)
    assert codes(replies) == [code] and len(replies) == 1


async def test_streamed_chunk_limit_leaves_the_stream_usable(server: Running) -> None:
    raw = (SynthesizeStart().event(), SynthesizeChunk(text="b" * 5_000).event())
    replies = await exchange(port(server), b"".join(event(e.type, e.data) for e in raw)
                             + event("synthesize-chunk", {"text": "Done. "}) + DESCRIBE)
    assert codes(replies) == ["text_too_long"]
    assert [e.type for e in replies[1:]] == ["audio-start", *["audio-chunk"] * (len(replies) - 4),
                                             "audio-stop", "info"]


@pytest.fixture
def unix_server(assistant: Assistant, tmp_path: Path) -> Iterator[Path]:
    socket_path = tmp_path / "wyoming.sock"
    running = start_server(assistant, wyoming_uri=f"unix://{socket_path}")
    yield socket_path
    running.stop()


async def test_unix_socket_address_serves_wyoming(unix_server: Path) -> None:
    assert stat.S_IMODE(os.stat(unix_server).st_mode) == 0o600
    async with AsyncClient.from_uri(f"unix://{unix_server}") as client:
        await client.write_event(Describe().event())
        reply = await _read(client)
    assert Info.is_type(reply.type)


def test_unix_socket_is_local_but_bad_addresses_are_refused(tmp_path: Path) -> None:
    check_bind(ServerSettings(wyoming_uri=f"unix://{tmp_path}/w.sock"))  # not "remote"
    precious = tmp_path / "notes.txt"
    precious.write_text("keep me")
    for uri in (f"unix://{precious}", "unix://", "tcp://127.0.0.1", "http://127.0.0.1:10300"):
        with pytest.raises(ConfigError):
            check_wyoming_uri(uri)
    assert precious.read_text() == "keep me"
