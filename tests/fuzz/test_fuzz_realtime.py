"""Realtime fuzzing: properties of frame parsing and session updates (pure functions), then random
and malformed frames over a real WebSocket. Only protocol errors come back; the session stays up."""

from __future__ import annotations

import base64
import collections
import dataclasses
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from sayso.codes import CODES, INTERNAL_ERROR
from sayso.config import SessionConfig
from sayso.errors import SaysoError
from sayso.server.realtime_config import RealtimeSession
from sayso.server.realtime_schema import parse_event
from tests.e2e.server.conftest import Running
from tests.fuzz.conftest import FUZZ_COUNT, ServerLog

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

REPLY_TIMEOUT_S = 60.0
CLIENT_TYPES = ["session.update", "input_audio_buffer.append", "input_audio_buffer.commit",
                "input_audio_buffer.clear", "conversation.item.create", "response.create",
                "response.cancel", "conversation.item.truncate", "sayso.playback"]
SESSION_KEYS = ["turn_detection", "input_audio_format", "output_audio_format", "voice",
                "input_audio_sample_rate", "sayso", "instructions", "modalities"]
SAYSO_KEYS = [f.name for f in dataclasses.fields(SessionConfig)] + ["warp_speed"]
NUMBERS = (st.integers() | st.integers(min_value=-(10**400), max_value=10**400)
           | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0, -1, 1, 0.5]))
JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)


def _settings(examples: int) -> Any:
    return settings(max_examples=examples, deadline=None, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck))


def _dumps(value: Any, raw_infinity: bool) -> str:
    text = json.dumps(value)  # NaN / Infinity come out as those (non-JSON) tokens
    return text.replace("Infinity", "1e999") if raw_infinity else text


@st.composite
def session_bodies(draw: st.DrawFn) -> Any:
    body = draw(st.dictionaries(st.sampled_from(SESSION_KEYS), JSON, max_size=4))
    if draw(st.booleans()):
        body["sayso"] = draw(st.dictionaries(st.sampled_from(SAYSO_KEYS), JSON | NUMBERS,
                                             max_size=4))
    if draw(st.booleans()):
        body["turn_detection"] = {"type": draw(st.sampled_from(["server_vad", "semantic_vad",
                                                                 "x"])),
                                  "silence_duration_ms": draw(NUMBERS),
                                  "threshold": draw(NUMBERS)}
    return body


@st.composite
def client_events(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(CLIENT_TYPES))
    event: dict[str, Any] = {"type": kind}
    if draw(st.booleans()):
        event["event_id"] = draw(JSON)
    if kind == "session.update":
        event["session"] = draw(session_bodies() | JSON)
    elif kind == "input_audio_buffer.append":
        pcm = draw(st.binary(max_size=3200))
        event["audio"] = draw(st.just(base64.b64encode(pcm).decode()) | JSON)
    elif kind == "conversation.item.create":
        part = {"type": draw(st.sampled_from(["input_text", "text", "audio"])), "text": draw(JSON)}
        event["item"] = draw(st.just({"type": "message", "content": [part]}) | JSON)
    elif kind in ("conversation.item.truncate", "sayso.playback"):
        event[draw(st.sampled_from(["audio_end_ms", "played_ms"]))] = draw(NUMBERS | JSON)
    return event


@st.composite
def frames(draw: st.DrawFn) -> str | bytes:
    """A text or binary WebSocket frame, valid-looking or not."""
    depth = draw(st.integers(min_value=1, max_value=3000))
    return draw(st.one_of(
        client_events().map(lambda e: _dumps(e, raw_infinity=draw(st.booleans()))),
        JSON.map(lambda v: _dumps(v, raw_infinity=draw(st.booleans()))),
        st.text(max_size=200),
        st.binary(max_size=200),
        st.just("[" * depth + "]" * depth),
        st.just('{"type": "session.update", "session": ' + "{" * depth),
        st.sampled_from(["", "null", "NaN", "-Infinity", "1e999", "9" * 5000, '{"type": ""}']),
    ))


@_settings(FUZZ_COUNT)
@given(text=st.text(max_size=300) | frames().filter(lambda f: isinstance(f, str)))
def test_parse_event_property(text: str) -> None:
    """Any text is either an event (an object with a string type) or a coded `BadInput`."""
    try:
        event = parse_event(text)
    except SaysoError as exc:
        assert exc.code in CODES and exc.code != INTERNAL_ERROR
        return
    assert isinstance(event, dict) and isinstance(event["type"], str)


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, tuple | list):
        return all(_finite(v) for v in value)
    return True


@_settings(FUZZ_COUNT)
@given(body=session_bodies() | JSON)
def test_session_update_property(body: Any) -> None:
    """An update is applied whole with finite values, or refused with a code and changes nothing."""
    wire = RealtimeSession()
    before = (wire.config, wire.input_rate, wire.voice)
    try:
        wire.update(body)
    except SaysoError as exc:
        assert exc.code in CODES and (wire.config, wire.input_rate, wire.voice) == before
        return
    assert all(_finite(getattr(wire.config, f.name)) for f in dataclasses.fields(SessionConfig))
    json.dumps(wire.describe(), allow_nan=False)  # what session.updated sends is strict JSON


class Probe:
    """A realtime connection that checks every reply up to a marker after each fuzz frame."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.codes: collections.Counter[str] = collections.Counter()
        self.drops = 0
        self.ws = self._open()
        self.marker = 0

    def _open(self) -> ClientConnection:
        ws = connect(f"{self.url}/v1/realtime", max_size=None, open_timeout=REPLY_TIMEOUT_S)
        assert json.loads(ws.recv(REPLY_TIMEOUT_S))["type"] == "session.created"
        return ws

    def send(self, frame: str | bytes) -> None:
        """Send `frame`, then a marker, and read every event until the marker's error."""
        self.marker += 1
        marker = f"marker-{self.marker}"
        try:
            self.ws.send(frame)
            self.ws.send(json.dumps({"type": "sayso.fuzz_marker", "event_id": marker}))
            while True:
                event = json.loads(self.ws.recv(REPLY_TIMEOUT_S))
                if event["type"] != "error":
                    continue
                if event["error"]["event_id"] == marker:
                    return
                self.codes[event["error"]["code"]] += 1
        except ConnectionClosed:
            self.drops += 1
            self.ws = self._open()


def test_websocket_frames(fuzz_server: Running, server_log: ServerLog) -> None:
    probe = Probe(fuzz_server.ws_url)

    @_settings(FUZZ_COUNT)
    @given(frame=frames())
    def send(frame: str | bytes) -> None:
        probe.send(frame)

    send()
    print(f"\nRealtime fuzz: {probe.marker} frames, {probe.drops} dropped sessions, "
          f"error codes {dict(probe.codes.most_common())}, {len(server_log.bad)} logged errors")
    # The session still answers after all that.
    ws = probe.ws
    ws.send(json.dumps({"type": "session.update", "session": {"turn_detection": None}}))
    ws.send(json.dumps({"type": "conversation.item.create", "item": {"type": "message", "content": [
        {"type": "input_text", "text": "what time is it"}]}}))
    ws.send(json.dumps({"type": "response.create"}))
    while (event := json.loads(ws.recv(REPLY_TIMEOUT_S)))["type"] != "response.done":
        pass
    assert event["response"]["status"] == "completed"
    ws.close()
    unknown = set(probe.codes) - set(CODES)
    assert probe.drops == 0 and not unknown and probe.codes[INTERNAL_ERROR] == 0
    assert server_log.summary() == []
