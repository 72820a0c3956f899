"""Hostile Realtime frames get an `error` event with a stable code, and the session goes on."""

from __future__ import annotations

import json

import pytest

from tests.e2e.server.conftest import Running
from tests.e2e.server.rt_client import RealtimeClient

pytestmark = pytest.mark.slow

BAD_FRAMES = [
    ("[" * 1000 + "]" * 1000, "json_too_deep"),  # the reproducer: dropped the session
    ("[" * 100_000, "json_too_deep"),
    ('{"type": "session.update", "session": {"sayso": {"a": ' + "[" * 40 + "]" * 40 + "}}}",
     "json_too_deep"),
    ('{"type": "x", "n": NaN}', "invalid_json"),
    ('{"type": "x", "n": -Infinity}', "invalid_json"),
    ('{"type": "x", "n": ' + "9" * 5000 + "}", "invalid_json"),
    ('"just a string"', "invalid_event"),
    ("{}", "invalid_event"),
    ('{"type": 5}', "invalid_event"),
]

BAD_UPDATES = [
    {"sayso": {"vad": {"min_silence_ms": 1e999}}},  # infinity
    {"sayso": {"vad": {"min_silence_ms": 10**30}}},
    {"sayso": {"vad": {"threshold": -0.5}}},
    {"sayso": {"vad": {"min_silence_ms": 0}}},
    {"sayso": {"max_utterance_s": 1e308}},
    {"sayso": {"echo_gating": 1}},
    {"sayso": {"barge_in_min_ms": True}},
    {"sayso": {"backchannels": "mm"}},
    {"sayso": {"backchannels": [1, 2]}},
    {"sayso": {"backchannels": ["x" * 1000]}},
    {"turn_detection": {"type": "server_vad", "silence_duration_ms": 1e999}},
    {"turn_detection": {"type": "server_vad", "threshold": 2}},
    {"input_audio_sample_rate": 16000.5},
    {"voice": ["alloy"]},
]
STRICT_CODES = ("invalid_value", "invalid_session", "string_above_max_length")


async def _error_code(rt: RealtimeClient) -> str:
    code: str = (await rt.expect("error"))["error"]["code"]
    return code


async def test_malformed_frames_are_protocol_errors(server: Running) -> None:
    rt = await RealtimeClient.open(server.ws_url)
    for frame, code in BAD_FRAMES:
        await rt.ws.send(frame)
        assert await _error_code(rt) == code, frame[:60]
    await rt.say_text("what time is it")
    assert (await rt.expect("response.done"))["response"]["status"] == "completed"
    await rt.close()


async def test_session_update_takes_only_finite_typed_values(server: Running) -> None:
    rt = await RealtimeClient.open(server.ws_url)
    for session in BAD_UPDATES:
        # 1e999 is valid JSON that parses to infinity (json.dumps would write "Infinity").
        frame = json.dumps({"type": "session.update", "session": session})
        await rt.ws.send(frame.replace("Infinity", "1e999"))
        assert await _error_code(rt) in STRICT_CODES, session
    # Nothing of the refused updates stuck: the session reports its defaults.
    await rt.send("session.update", session={"sayso": {"vad": {"min_silence_ms": 600}}})
    sayso = (await rt.expect("session.updated"))["session"]["sayso"]
    assert sayso["vad"]["min_silence_ms"] == 600 and sayso["echo_gating"] is True
    assert sayso["vad"]["threshold"] > 0
    await rt.ws.send('{"type": "sayso.playback", "played_ms": 1e999}')
    assert await _error_code(rt) == "invalid_value"
    await rt.send("conversation.item.create", item={"type": "message", "role": "user",
                                                    "content": [{"type": "input_text",
                                                                 "text": "a" * 5000}]})
    assert await _error_code(rt) == "string_above_max_length"
    await rt.say_text("what time is it")
    assert (await rt.expect("response.done"))["response"]["status"] == "completed"
    await rt.close()


def test_transcription_temperature_must_be_finite(server: Running, kitchen_wav: object) -> None:
    import httpx

    for value in ("inf", "nan", "-1", "7"):
        with open(str(kitchen_wav), "rb") as f:
            reply = httpx.post(f"{server.url}/v1/audio/transcriptions",
                               files={"file": f}, data={"temperature": value})
        assert reply.status_code == 400, value
        assert reply.json()["error"]["code"] == "invalid_value"
