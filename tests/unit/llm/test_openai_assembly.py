"""Stream assembly and the repair round, against a scripted HTTP transport (pure logic)."""

import json
from typing import Any

import httpx

from sayso.dialogue.messages import Message
from sayso.llm.backends.openai_http import OpenAIHttpBackend, validate_call
from sayso.llm.base import ToolSpec

TIMER = ToolSpec("set_timer", "Start a timer.", {
    "type": "object", "properties": {"minutes": {"type": "integer", "minimum": 1}},
    "required": ["minutes"], "additionalProperties": False})


def sse(*deltas: dict[str, Any]) -> bytes:
    chunks = [f"data: {json.dumps({'choices': [{'delta': d}]})}\n\n" for d in deltas]
    return ("".join(chunks) + "data: [DONE]\n\n").encode()


def call_frags(args: str) -> list[dict[str, Any]]:
    head = {"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "set_", "arguments": ""}}]}
    name = {"tool_calls": [{"index": 0, "function": {"name": "timer"}}]}
    half = len(args) // 2
    parts = [{"tool_calls": [{"index": 0, "function": {"arguments": p}}]}
             for p in (args[:half], args[half:])]
    return [head, name, *parts]


class Server:
    def __init__(self, *bodies: bytes) -> None:
        self.bodies = list(bodies)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/models"):
            return httpx.Response(200, json={"data": []})
        self.requests.append(json.loads(request.content))
        return httpx.Response(200, content=self.bodies.pop(0),
                              headers={"content-type": "text/event-stream"})


def backend(server: Server) -> OpenAIHttpBackend:
    b = OpenAIHttpBackend("http://llm/v1", "m", transport=httpx.MockTransport(server))
    b.load()
    return b


def test_text_deltas_stream() -> None:
    server = Server(sse({"role": "assistant"}, {"content": "Hel"}, {"content": "lo."}))
    out = list(backend(server).stream([Message("user", "hi")]))
    assert [d.text for d in out] == ["Hel", "lo."]
    assert "tools" not in server.requests[0]


def test_tool_call_fragments_assembled() -> None:
    server = Server(sse(*call_frags('{"minutes": 5}')))
    out = list(backend(server).stream([Message("user", "timer")], tools=[TIMER]))
    assert out[0].tool_call is not None
    assert (out[0].tool_call.name, out[0].tool_call.arguments) == ("set_timer", {"minutes": 5})
    assert server.requests[0]["tools"][0]["function"]["name"] == "set_timer"


def test_one_repair_round_fixes_call() -> None:
    server = Server(sse(*call_frags('{"minutes": "five"}')), sse(*call_frags('{"minutes": 5}')))
    b = backend(server)
    out = list(b.stream([Message("user", "timer")], tools=[TIMER]))
    assert out[0].tool_call is not None and out[0].tool_call.arguments == {"minutes": 5}
    assert b.repairs == 1
    feedback = server.requests[1]["messages"][-1]
    assert feedback["role"] == "tool" and "not of type 'integer'" in feedback["content"]


def test_still_invalid_after_repair_is_an_error() -> None:
    server = Server(sse(*call_frags('{"minutes": 0}')), sse(*call_frags("{not json")))
    out = list(backend(server).stream([Message("user", "timer")], tools=[TIMER]))
    assert out[0].tool_call is None and out[0].error is not None
    assert len(server.requests) == 2  # exactly one repair round


def test_validate_call_messages() -> None:
    from sayso.dialogue.messages import ToolCall

    specs = {"set_timer": TIMER}
    assert validate_call(ToolCall("set_timer", {"minutes": 3}), specs) is None
    assert "unknown tool" in (validate_call(ToolCall("nuke", {}), specs) or "")
    assert "minutes" in (validate_call(ToolCall("set_timer", {}), specs) or "")


def test_a_malformed_event_is_one_engine_error_not_a_traceback() -> None:
    import pytest

    from sayso.errors import EngineUnavailable

    for body in (b'data: {"choices": [{"delta": {"content": "Hel\n\n',
                 b'data: [1, 2]\n\n', b'data: {"choices": "none"}\n\n'):
        with pytest.raises(EngineUnavailable, match="LLM server sent"):
            list(backend(Server(body)).stream([Message("user", "hi")]))


def test_odd_fragments_are_tolerated() -> None:
    """Arguments sent as an object, a fragment that is not a mapping, content that is no text."""
    frags = {"tool_calls": [7, {"index": 0, "function": {"name": "set_timer",
                                                        "arguments": {"minutes": 5}}}]}
    server = Server(sse({"content": 12}, frags))
    out = list(backend(server).stream([Message("user", "timer")], tools=[TIMER]))
    assert [d.tool_call.arguments for d in out if d.tool_call] == [{"minutes": 5}]
    assert not [d for d in out if d.text]
