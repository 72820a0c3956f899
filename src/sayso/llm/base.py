"""The LLM backend protocol and what it streams (the conversation types are `dialogue.messages`)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from sayso.dialogue.messages import Message, ToolCall


@dataclasses.dataclass(frozen=True)
class ToolSpec:
    """What a backend needs to know about a tool: its name, purpose and JSON Schema."""

    name: str
    """Tool name."""
    description: str
    """One line saying what the tool does (shown to the model)."""
    parameters: dict[str, Any]
    """JSON Schema of the arguments object."""
    examples: tuple[tuple[str, dict[str, Any]], ...] = ()
    """Worked examples (utterance, arguments); few-shot prompts for base models use them."""


@dataclasses.dataclass(frozen=True)
class LlmDelta:
    """One piece of streamed model output: text, a tool call (or its tool's name), or an error."""

    text: str = ""
    """Reply text to add (may be empty)."""
    tool_call: ToolCall | None = None
    """A complete, schema-valid tool call."""
    call_name: str | None = None
    """The tool a call in progress calls, before its arguments (a backend that streams calls says
    it as soon as the name is complete; the complete call follows unless the reader stops)."""
    error: str | None = None
    """Why the output could not be used (e.g. arguments still invalid after the repair round)."""


@dataclasses.dataclass(frozen=True)
class GenerationStats:
    """Timing of the last generation, for latency reports."""

    time_to_first_token_s: float
    """Seconds from the request to the first generated token."""
    completion_tokens: int
    """Tokens generated."""
    total_s: float
    """Seconds for the whole generation."""

    @property
    def tokens_per_s(self) -> float:
        """Generation speed after the first token."""
        decode_s = self.total_s - self.time_to_first_token_s
        if self.completion_tokens <= 1 or decode_s <= 0:
            return 0.0
        return (self.completion_tokens - 1) / decode_s


class CancelToken:
    """Set from any thread to stop a generation; backends check it between tokens."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the generation to stop as soon as possible."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once `cancel()` was called."""
        return self._event.is_set()


@runtime_checkable
class LlmBackend(Protocol):
    """A language model that streams text and tool calls (blocking; run it off the event loop)."""

    native_tools: bool
    """The backend passes tools to a server that returns structured calls."""
    grammar: bool
    """The backend can constrain decoding with a GBNF grammar."""
    streaming: bool
    """Text arrives token by token rather than at the end."""

    def load(self) -> None:
        """Load the model or check the server (explicit; construction never loads)."""

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
        """Generate a reply; stops early once `cancel` (or `self.cancel()`) is triggered."""
        ...

    def cancel(self) -> None:
        """Stop the generation in progress (barge-in); safe to call from any thread."""

    def count_tokens(self, text: str) -> int | None:
        """Tokens of `text` with this model's tokenizer, or None when unknown."""
        ...
