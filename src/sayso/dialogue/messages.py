"""The conversation as typed messages: what the memory keeps and a confirmation holds.

They sit below the LLM: the fast path records its turns and holds sensitive actions with them
even when no LLM is loaded.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

Role = Literal["system", "user", "assistant", "tool"]


@dataclasses.dataclass(frozen=True)
class ToolCall:
    """A request from the model to run one tool."""

    name: str
    """Tool name, as registered."""
    arguments: dict[str, Any]
    """Arguments as decoded JSON (validated by the tool registry before the tool runs)."""
    id: str = ""
    """Call id given by the backend (OpenAI-style servers), "" when the backend has none."""


@dataclasses.dataclass(frozen=True)
class Message:
    """One message of the conversation."""

    role: Role
    """Who said it."""
    content: str = ""
    """The text (for a "tool" message: the tool's result as text)."""
    tool_call: ToolCall | None = None
    """On an assistant message: the tool it called; on a "tool" message: the call answered."""
