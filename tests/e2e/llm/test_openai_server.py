"""OpenAIHttpBackend against a real llama.cpp OpenAI-compatible server on 127.0.0.1.

The embedded gemma-3-270m is a base model with no tool-calling template, so the server runs with
`--chat_format chatml-function-calling`: with a *named* tool_choice the server forces the call with
a grammar and can stream it; "auto" tool choice cannot stream tool calls in llama-cpp-python 0.3.36.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sayso.dialogue.messages import Message
from sayso.llm.backends.llamacpp import embedded_model_path
from sayso.llm.backends.openai_http import OpenAIHttpBackend
from sayso.llm.base import ToolSpec

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
