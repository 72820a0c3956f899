"""Backend for any OpenAI-compatible chat-completions server (llama.cpp server, vLLM, Ollama...).

Tools are sent natively (`tools=[...]`); streamed tool-call fragments are assembled, the arguments
are validated against the tool's JSON Schema, and an invalid call gets exactly one repair round: the
validation error is sent back and the model is asked again.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator, Sequence
from typing import Any

import httpx

from sayso.dialogue.messages import Message, ToolCall
from sayso.errors import EngineUnavailable
from sayso.llm.base import CancelToken, GenerationStats, LlmDelta, ToolSpec

CONNECT_TIMEOUT_S = 5.0
"""Seconds to wait for the server to accept a connection."""
READ_TIMEOUT_S = 30.0
"""Seconds to wait for the server's next bytes before calling it stalled (`llm.timeout_s`)."""


@dataclasses.dataclass
class _PartialCall:
    id: str = ""
    name: str = ""
    arguments: str = ""


class OpenAIHttpBackend:
    """Chat completions over HTTP with streaming and native tool calls."""

    native_tools = True
    grammar = False
    streaming = True

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        *,
        tool_choice: Any = "auto",
        transport: httpx.BaseTransport | None = None,
        timeout_s: float = READ_TIMEOUT_S,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.tool_choice = tool_choice
        """"auto", "required", "none" or {"type": "function", "function": {"name": ...}}."""
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._headers = headers
        self.timeout_s = timeout_s
        """Longest silence of the server within one answer, in seconds."""
        self._transport = transport
        self._client: httpx.Client | None = None
        self._token = CancelToken()
        self.last_stats: GenerationStats | None = None
        """Timing of the most recent request."""
        self.repairs = 0
        """Repair rounds made so far (for tests and metrics)."""

    def load(self) -> None:
        """Open the connection pool and check that the server answers."""
        timeout = httpx.Timeout(self.timeout_s, connect=min(CONNECT_TIMEOUT_S, self.timeout_s))
        self._client = httpx.Client(
            headers=self._headers, timeout=timeout, transport=self._transport)
        try:
            self._client.get(f"{self.base_url}/models").raise_for_status()
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"LLM server {self.base_url} is not reachable: {exc}") from None

    def count_tokens(self, text: str) -> int | None:
        """Unknown for a remote model."""
        return None

    def cancel(self) -> None:
        """Stop reading the response in progress."""
        self._token.cancel()

    def stream(
        self,
        messages: Sequence[Message],
        *,
        tools: Sequence[ToolSpec] | None = None,
        grammar: str | None = None,
        max_tokens: int = 128,
        temperature: float = 0.0,
        stop: Sequence[str] = (),
        cancel: CancelToken | None = None,
    ) -> Iterator[LlmDelta]:
        """Stream text deltas; yield each tool call once its arguments are valid."""
        token = cancel or CancelToken()
        self._token = token
        body = self._body(messages, tools, grammar, max_tokens, temperature, stop)
        calls: list[ToolCall] = []
        yield from self._request(body, calls, token)
        specs = {t.name: t for t in tools or ()}
        for call in calls:
            if token.cancelled:
                return
            error = validate_call(call, specs)
            if error is None:
                yield LlmDelta(tool_call=call)
                continue
            yield self._repair(list(messages), call, error, specs, body, token)

    def _repair(
        self, messages: list[Message], call: ToolCall, error: str, specs: dict[str, ToolSpec],
        body: dict[str, Any], token: CancelToken,
    ) -> LlmDelta:
        """One more request carrying the validation error; the call must be valid this time."""
        self.repairs += 1
        feedback = f"Error: invalid arguments for {call.name}: {error}. Call the tool again."
        retry = [*messages, Message("assistant", tool_call=call),
                 Message("tool", feedback, tool_call=call)]
        body = {**body, "messages": [to_openai(m) for m in retry]}
        calls: list[ToolCall] = []
        for _ in self._request(body, calls, token):
            pass  # text of the repair round is not spoken
        for again in calls:
            if validate_call(again, specs) is None:
                return LlmDelta(tool_call=again)
        return LlmDelta(error=f"tool call still invalid after repair: {error}")

    def _body(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec] | None, grammar: str | None,
        max_tokens: int, temperature: float, stop: Sequence[str],
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model, "stream": True, "max_tokens": max_tokens,
            "temperature": temperature, "messages": [to_openai(m) for m in messages],
        }
        if stop:
            body["stop"] = list(stop)
        if grammar is not None:
            body["grammar"] = grammar  # llama.cpp server extension
        if tools:
            body["tools"] = [{"type": "function", "function": {
                "name": t.name, "description": t.description, "parameters": t.parameters}}
                for t in tools]
            body["tool_choice"] = self.tool_choice
        return body

    def _request(
        self, body: dict[str, Any], calls: list[ToolCall], token: CancelToken
    ) -> Iterator[LlmDelta]:
        """POST one streamed request; text deltas are yielded, finished calls appended."""
        if self._client is None:
            self.load()
        assert self._client is not None
        start = time.perf_counter()
        first: float | None = None
        count = 0
        partial: dict[int, _PartialCall] = {}
        url = f"{self.base_url}/chat/completions"
        try:
            timeout = httpx.Timeout(self.timeout_s, connect=min(CONNECT_TIMEOUT_S, self.timeout_s))
            with self._client.stream("POST", url, json=body, timeout=timeout) as response:
                if response.status_code >= 400:
                    response.read()
                    raise EngineUnavailable(
                        f"LLM server error {response.status_code}: {response.text[:200]}")
                for delta in _sse_deltas(response.iter_lines()):
                    if token.cancelled:
                        return
                    first = first if first is not None else time.perf_counter() - start
                    count += 1
                    if isinstance(delta.get("content"), str) and delta["content"]:
                        yield LlmDelta(text=delta["content"])
                    for frag in _fragments(delta):
                        _merge(partial.setdefault(frag.get("index", 0), _PartialCall()), frag)
        except httpx.TimeoutException:
            raise EngineUnavailable(
                f"LLM server {self.base_url} stalled: nothing for {self.timeout_s:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"LLM server {self.base_url} failed: {_why(exc)}") from None
        finally:
            total = time.perf_counter() - start
            self.last_stats = GenerationStats(first if first is not None else total, count, total)
        calls.extend(_finish(p) for _, p in sorted(partial.items()))


def _sse_deltas(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """The `delta` objects of a server-sent event stream."""
    for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[len("data:"):].strip()
        if data == "[DONE]":
            return
        try:
            chunk = json.loads(data)
        except json.JSONDecodeError:
            raise EngineUnavailable(f"LLM server sent a malformed event: {data[:80]!r}") from None
        choices = chunk.get("choices") if isinstance(chunk, dict) else None
        if not isinstance(choices, list):
            raise EngineUnavailable(f"LLM server sent an event without choices: {data[:80]!r}")
        delta = choices[0].get("delta") if choices and isinstance(choices[0], dict) else None
        if isinstance(delta, dict):
            yield delta


def _why(exc: httpx.HTTPError) -> str:
    """A short reason: httpx's messages for a dropped connection name no cause."""
    return str(exc) or type(exc).__name__


def _fragments(delta: dict[str, Any]) -> list[dict[str, Any]]:
    """The well-formed tool-call fragments of a delta (a malformed one is left out)."""
    found = delta.get("tool_calls")
    if not isinstance(found, list):
        return []
    return [f for f in found if isinstance(f, dict) and isinstance(f.get("index", 0), int)]


def _merge(call: _PartialCall, fragment: dict[str, Any]) -> None:
    function = fragment.get("function")
    function = function if isinstance(function, dict) else {}
    call.id = str(fragment.get("id") or call.id)
    name = function.get("name")
    name = name if isinstance(name, str) else ""
    if name != call.name:  # llama.cpp's server repeats the whole name in every fragment
        call.name += name
    arguments = function.get("arguments") or ""
    # Some servers send the arguments as an object rather than a JSON string.
    call.arguments += arguments if isinstance(arguments, str) else json.dumps(arguments)


def _finish(call: _PartialCall) -> ToolCall:
    try:
        arguments = json.loads(call.arguments or "{}")
    except json.JSONDecodeError:
        arguments = {"__unparsed__": call.arguments}
    if not isinstance(arguments, dict):
        arguments = {"__unparsed__": call.arguments}
    return ToolCall(call.name, arguments, call.id)


def validate_call(call: ToolCall, specs: dict[str, ToolSpec]) -> str | None:
    """None when `call` names a known tool with schema-valid arguments, else the reason."""
    import jsonschema  # deferred: only needed when tools are used

    spec = specs.get(call.name)
    if spec is None:
        return f"unknown tool {call.name!r} (known: {', '.join(specs)})"
    if "__unparsed__" in call.arguments:
        return f"arguments are not a JSON object: {call.arguments['__unparsed__'][:80]!r}"
    error = jsonschema.exceptions.best_match(
        jsonschema.validators.validator_for(spec.parameters)(spec.parameters).iter_errors(
            call.arguments))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{where + ': ' if where else ''}{error.message}"


def to_openai(message: Message) -> dict[str, Any]:
    """One message in the chat-completions wire format."""
    call = message.tool_call
    if message.role == "assistant" and call is not None:
        return {"role": "assistant", "content": "", "tool_calls": [{
            "id": call.id or f"call_{call.name}", "type": "function",
            "function": {"name": call.name, "arguments": json.dumps(call.arguments)}}]}
    if message.role == "tool":
        call_id = (call.id or f"call_{call.name}") if call else "call"
        return {"role": "tool", "tool_call_id": call_id, "content": message.content}
    return {"role": message.role, "content": message.content}
