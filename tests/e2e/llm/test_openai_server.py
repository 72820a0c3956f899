"""OpenAIHttpBackend against a real llama.cpp OpenAI-compatible server on 127.0.0.1.

The embedded gemma-3-270m is a base model with no tool-calling template, so the server runs with
`--chat_format chatml-function-calling`: with a *named* tool_choice the server forces the call with
a grammar and can stream it; "auto" tool choice cannot stream tool calls in llama-cpp-python 0.3.36.
"""

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fault_proxy import FaultProxy  # tests/fixtures/llm, put on sys.path by conftest.py

from sayso.app.assistant import Assistant
from sayso.app.turn import TurnResult
from sayso.config import LlmConfig, Settings
from sayso.dialogue.messages import Message
from sayso.llm.backends.llamacpp import embedded_model_path
from sayso.llm.backends.openai_http import OpenAIHttpBackend
from sayso.llm.base import ToolSpec
from sayso.llm.brain import UNAVAILABLE

from ...conftest import DETERMINISTIC_TTS

pytestmark = pytest.mark.slow
pytest.importorskip("sse_starlette")
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "llm"
SRC = Path(__file__).resolve().parents[3] / "src"
STARTUP_S = 90.0
TIMER = ToolSpec("set_timer", "Start a countdown timer.", {
    "type": "object", "properties": {"minutes": {"type": "integer"}},
    "required": ["minutes"], "additionalProperties": False})
FORCE_TIMER = {"type": "function", "function": {"name": "set_timer"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    cmd = [sys.executable, str(FIXTURES / "serve_llama.py"), "--model", embedded_model_path(),
           "--host", "127.0.0.1", "--port", str(port), "--n_threads", "2", "--n_ctx", "1024",
           "--chat_format", "chatml-function-calling", "--verbose", "False"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + STARTUP_S
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
            try:
                httpx.get(f"{base}/models", timeout=1.0).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("server did not start")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still busy with a request whose client has left
            proc.kill()
            proc.wait(timeout=10)


def test_streams_text(server: str) -> None:
    backend = OpenAIHttpBackend(server, "gemma-3-270m")
    backend.load()
    deltas = list(backend.stream([Message("user", "Tell me about Paris.")], max_tokens=12))
    text = "".join(d.text for d in deltas)
    assert len([d for d in deltas if d.text]) >= 2, deltas  # arrived in pieces, not at the end
    assert text.strip()
    assert backend.last_stats is not None
    print(f"\nHTTP text: {text!r}; time to first token "
          f"{backend.last_stats.time_to_first_token_s * 1000:.0f} ms")


def test_streamed_native_tool_call(server: str) -> None:
    backend = OpenAIHttpBackend(server, "gemma-3-270m", tool_choice=FORCE_TIMER)
    backend.load()
    deltas = list(backend.stream([Message("user", "set a timer for 10 minutes")],
                                 tools=[TIMER], max_tokens=24))
    calls = [d.tool_call for d in deltas if d.tool_call]
    assert len(calls) == 1, deltas
    assert calls[0].name == "set_timer"
    assert isinstance(calls[0].arguments["minutes"], int)
    assert backend.repairs == 0
    print(f"\nHTTP tool call: {calls[0]}")


def test_validation_failure_gets_one_repair_round(server: str) -> None:
    # The server's grammar ignores "minimum", so a call can parse yet fail validation here.
    strict = ToolSpec(TIMER.name, TIMER.description, {
        **TIMER.parameters,
        "properties": {"minutes": {"type": "integer", "minimum": 100, "maximum": 200}}})
    backend = OpenAIHttpBackend(server, "gemma-3-270m", tool_choice=FORCE_TIMER)
    backend.load()
    deltas = list(backend.stream([Message("user", "set a timer for 10 minutes")],
                                 tools=[strict], max_tokens=24))
    assert backend.repairs == 1
    assert len(deltas) == 1
    call = deltas[0].tool_call
    if call is not None:  # the repair worked: the call it returns is valid
        assert 100 <= call.arguments["minutes"] <= 200
    else:
        assert deltas[0].error and "still invalid" in deltas[0].error
    print(f"\nrepair round outcome: {deltas[0]}")


# ---- the bad cases (issue 14): a stalled, dropping or malformed server never hangs a turn ----
# A real proxy on 127.0.0.1 in front of the real server injects each fault into one request;
# the requests around it reach the real model, so "the session goes on" is checked for real.

STALL_TIMEOUT_S = 2.0
"""llm.timeout_s while a fault is injected: how long a silent server is waited for."""
REAL_TIMEOUT_S = 120.0
"""llm.timeout_s for the real model's turns (its prompt evaluation is silent for seconds)."""
OPEN_QUESTION = "tell me a story"


@pytest.fixture(scope="module")
def proxy(server: str) -> Iterator[FaultProxy]:
    p = FaultProxy(server)
    yield p
    p.close()


@pytest.fixture(scope="module")
def remote(proxy: FaultProxy, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The assistant with its brain on the (proxied) llama.cpp server."""
    llm = LlmConfig(engine="openai", base_url=proxy.base_url, model="gemma-3-270m",
                    timeout_s=STALL_TIMEOUT_S, max_tokens=16)
    settings = Settings(data_dir=str(tmp_path_factory.mktemp("remote")), llm=llm,
                        tts=DETERMINISTIC_TTS)
    a = Assistant(settings).load(speech=False)
    a.load_tts()
    yield a
    a.close()


def turn(a: Assistant, text: str, sid: str) -> TurnResult:
    return asyncio.run(a.run_text(text, session_id=sid))


def real_turn(a: Assistant, text: str, sid: str) -> TurnResult:
    """A turn answered by the real model behind the proxy, with a timeout it can meet."""
    backend = a.llm
    assert isinstance(backend, OpenAIHttpBackend)
    backend.timeout_s = REAL_TIMEOUT_S
    try:
        return turn(a, text, sid)
    finally:
        backend.timeout_s = STALL_TIMEOUT_S


def state(a: Assistant) -> list[tuple[object, ...]]:
    assert a.actions is not None
    return [tuple(r) for r in a.actions.store.rows("SELECT entity_id, state FROM devices")]


SERVER_FAULTS = ("stall", "stall_midway", "drop", "refuse", "malformed_event")


def test_a_failing_server_gets_a_spoken_apology_and_the_session_goes_on(
    remote: Assistant, proxy: FaultProxy
) -> None:
    """Each fault in turn, in one session: apology, then the fast path, then the real model."""
    sid, before = uuid.uuid4().hex[:8], state(remote)
    proxy.reset()
    for fault in SERVER_FAULTS:
        proxy.inject(fault)
        failed = turn(remote, OPEN_QUESTION, sid)
        print(f"\n{fault}: {failed.reply_text!r}")
        assert proxy.seen[-1] == fault
        assert UNAVAILABLE in failed.reply_text, failed.to_dict()
        assert len(failed.reply_audio) > 0 and failed.action is None and not failed.errors
        on = "on" if SERVER_FAULTS.index(fault) % 2 == 0 else "off"
        light = turn(remote, f"turn {on} the kitchen light", sid)
        assert light.action is not None and light.action.success
    answered = real_turn(remote, "Tell me about Paris.", sid)  # the real model, same URL
    print(f"then: {answered.reply_text!r}")
    assert proxy.seen[-1] == "forward"
    assert answered.reply_text.strip() and UNAVAILABLE not in answered.reply_text
    said = [m.content for m in remote.memory.session(sid).turns if m.role == "assistant"]
    assert UNAVAILABLE in said[0]
    turn(remote, "turn off the kitchen light", sid)
    assert state(remote) == before  # nothing but the light was touched


@pytest.mark.parametrize("fault", ["malformed_call", "unknown_tool"])
def test_a_malformed_tool_call_changes_nothing(
    remote: Assistant, proxy: FaultProxy, fault: str
) -> None:
    """A truncated or unknown call, twice (the repair round gets one too): nothing runs."""
    sid, before = uuid.uuid4().hex[:8], state(remote)
    proxy.reset()
    proxy.inject(fault, fault)
    result = turn(remote, "I would love some light in the kitchen", sid)
    print(f"\n{fault}: {result.reply_text!r} {result.to_dict()['action']}")
    assert result.no_intent is not None and proxy.seen[-2:] == [fault, fault]
    assert result.action is None or not result.action.success
    assert state(remote) == before and result.reply_text.strip() and not result.errors
