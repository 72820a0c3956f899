"""Few-shot completion prompts for small base (not instruction-tuned) models.

The embedded gemma-3-270m is a base model: it continues text rather than following a chat template.
So the conversation is rendered as a transcript of "Request:" / "Output:" pairs led by a tool list
and worked examples, and the model completes the last "Output:". Each output is either a JSON tool
call `{"tool": ..., "arguments": {...}}` or `Say: <spoken answer>` on one line.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from sayso.dialogue.messages import Message
from sayso.llm.base import ToolSpec

SAY_PREFIX = "Say: "
"""Marks a spoken answer (as opposed to a JSON tool call) in the model's output."""
REQUEST = "Request: "
OUTPUT = "Output:"
HEADER = (
    "Below are requests to a voice assistant for a home. The assistant answers each request on one "
    'line, either with a tool call as JSON {"tool": name, "arguments": {...}}, or with "Say:" and '
    "a short spoken answer when no tool fits."
)


@dataclasses.dataclass(frozen=True)
class Shot:
    """One worked example: a request and the expected output line."""

    request: str
    """What the user said."""
    output: str
    """The line the model should produce (JSON call or "Say: ...")."""


DEFAULT_ANSWER_SHOTS: tuple[Shot, ...] = (
    Shot("who wrote romeo and juliet", "Say: William Shakespeare wrote Romeo and Juliet."),
    Shot("how many legs does a spider have", "Say: A spider has eight legs."),
    Shot("thanks a lot", "Say: You're welcome."),
    Shot("what is the tallest mountain on earth", "Say: Mount Everest is the tallest mountain."),
    Shot("good morning", "Say: Good morning! How can I help?"),
)
"""Examples of requests no tool handles, so the model learns to answer them in words."""


def call_shot(request: str, tool: str, arguments: dict[str, Any]) -> Shot:
    """A worked example of a tool call."""
    return Shot(request, call_json(tool, arguments))


def call_json(tool: str, arguments: dict[str, Any]) -> str:
    """The one-line JSON of a call, as the grammar produces it."""
    return json.dumps({"tool": tool, "arguments": arguments}, ensure_ascii=False)


def describe_tool(spec: ToolSpec, *, compact: bool = False) -> str:
    """`name(arg: type, ...): description` on one line; `compact`: `name(arg, ...)` only."""
    props: dict[str, Any] = spec.parameters.get("properties", {})
    if compact:
        return f"- {spec.name}({', '.join(props)})"
    args = ", ".join(f"{name}: {p.get('type', 'value')}" for name, p in props.items())
    return f"- {spec.name}({args}): {spec.description}"


def render(
    messages: Sequence[Message], tools: Sequence[ToolSpec], shots: Sequence[Shot],
    *, compact: bool = False,
) -> str:
    """The completion prompt; ends with "Output:" for the model to complete."""
    lines = [HEADER, ""]
    if tools:
        lines += ["Tools:", *(describe_tool(t, compact=compact) for t in tools), ""]
    for shot in shots:
        lines += [REQUEST + shot.request, f"{OUTPUT} {shot.output}", ""]
    for message in messages:
        lines += _render_message(message)
    lines.append(OUTPUT)
    return "\n".join(lines)


def _render_message(message: Message) -> list[str]:
    if message.role == "user":
        return [REQUEST + message.content]
    if message.role == "assistant" and message.tool_call is not None:
        call = message.tool_call
        return [f"{OUTPUT} {call_json(call.name, call.arguments)}"]
    if message.role == "assistant":
        return [f"{OUTPUT} {SAY_PREFIX}{message.content}", ""]
    if message.role == "tool":
        return [f"Result: {message.content}", ""]
    return [f"Note: {message.content}", ""]
