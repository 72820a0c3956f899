"""Bad and hostile input: the client gets an `error` event and the session stays usable."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from sayso.app.assistant import Assistant
from tests.e2e.server.conftest import GUARD_TOKEN, Running, start_server
from tests.e2e.server.rt_client import RealtimeClient

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[3]


async def _still_works(rt: RealtimeClient) -> None:
    await rt.say_text("what time is it")
    assert (await rt.expect("response.done"))["response"]["status"] == "completed"


async def _error_code(rt: RealtimeClient) -> str:
    code: str = (await rt.expect("error"))["error"]["code"]
    return code


async def test_garbage_gets_error_events(server: Running) -> None:
    rt = await RealtimeClient.open(server.ws_url)
    await rt.ws.send("{not json")
    assert await _error_code(rt) == "invalid_json"
    await rt.ws.send("[1, 2, 3]")
    assert await _error_code(rt) == "invalid_event"
    await rt.send("response.summon_dragons")
    assert await _error_code(rt) == "unknown_event"
    await rt.ws.send(os.urandom(4096))
    assert await _error_code(rt) == "binary_not_supported"
    await rt.send("input_audio_buffer.append", audio="A" * (2 * 1024 * 1024))
    assert await _error_code(rt) == "message_too_large"
    await rt.send("input_audio_buffer.append", audio="%%% not base64 %%%")
    assert await _error_code(rt) == "invalid_audio"
    await rt.send("session.update", session={"input_audio_format": "g711_ulaw"})
    assert await _error_code(rt) == "unsupported_audio_format"
    await rt.send("session.update", session={"sayso": {"warp_speed": 9}})
    assert await _error_code(rt) == "invalid_session"
    await rt.send("conversation.item.create", item={"type": "message", "content": []})
    assert await _error_code(rt) == "invalid_item"
    await _still_works(rt)
    await rt.close()


async def test_out_of_order_messages(server: Running) -> None:
    rt = await RealtimeClient.open(server.ws_url)
    await rt.send("response.cancel")
    assert await _error_code(rt) == "response_cancel_not_active"
    await rt.send("response.create")
    assert await _error_code(rt) == "no_pending_input"
    await rt.send("session.update", session={"turn_detection": None})
    await rt.expect("session.updated")
    await rt.send("input_audio_buffer.commit")
    assert await _error_code(rt) == "input_audio_buffer_commit_empty"
    await rt.send("input_audio_buffer.clear")
    await rt.expect("input_audio_buffer.cleared")
    await _still_works(rt)
    await rt.close()


async def test_websocket_token_and_origin(guarded: Running) -> None:
    with pytest.raises(InvalidStatus):
        await connect(f"{guarded.ws_url}/v1/realtime")
    with pytest.raises(InvalidStatus):
        await connect(f"{guarded.ws_url}/v1/realtime?token=wrong")
    ok = [
        {"uri": f"{guarded.ws_url}/v1/realtime?token={GUARD_TOKEN}"},
        {"additional_headers": {"Authorization": f"Bearer {GUARD_TOKEN}"}},
        {"subprotocols": ["realtime", f"openai-insecure-api-key.{GUARD_TOKEN}"]},
        {"additional_headers": {"Authorization": f"Bearer {GUARD_TOKEN}"},
         "origin": "http://allowed.example"},
        {"additional_headers": {"Authorization": f"Bearer {GUARD_TOKEN}"},
         "origin": f"http://127.0.0.1:{guarded.port}"},
    ]
    for kwargs in ok:
        uri = kwargs.pop("uri", f"{guarded.ws_url}/v1/realtime")
        async with connect(uri, **kwargs) as ws:  # type: ignore[arg-type]
            assert json.loads(await ws.recv())["type"] == "session.created"
            if "subprotocols" in kwargs:
                assert ws.subprotocol == "realtime"
    with pytest.raises(InvalidStatus):
        await connect(f"{guarded.ws_url}/v1/realtime?token={GUARD_TOKEN}",
                      origin="http://evil.example")


@pytest.fixture()
def tiny_queue(assistant: Assistant) -> Iterator[Running]:
    running = start_server(assistant, send_queue_messages=3)
    yield running
    running.stop()


async def test_client_that_stops_reading_is_dropped(tiny_queue: Running, server: Running) -> None:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", tiny_queue.port))
    slow = await connect(f"{tiny_queue.ws_url}/v1/realtime", sock=sock, max_queue=1)
    await slow.send(json.dumps({"type": "conversation.item.create", "item": {
        "type": "message", "role": "user",
        "content": [{"type": "input_text", "text": "turn on the office light"}]}}))
    await slow.send(json.dumps({"type": "response.create"}))
    # Meanwhile another client of the same engines is served normally.
    healthy = await RealtimeClient.open(server.ws_url)
    await _still_works(healthy)
    await healthy.close()
    with pytest.raises(ConnectionClosed):
        async with asyncio.timeout(60):
            while True:
                await slow.recv()


def test_refuses_public_bind_without_token() -> None:
    script = "from sayso.cli import main; main.run(['serve', '--host', '0.0.0.0', '--port', '1'])"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SAYSO_TOKEN": ""}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "without a token" in lines[0]
