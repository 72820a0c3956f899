"""What `Brain.respond` yields: reply text, tool activity, fillers and confirmation questions."""

from __future__ import annotations

import dataclasses
from typing import Any

from sayso.dialogue.messages import ToolCall


@dataclasses.dataclass(frozen=True)
class ReplyDelta:
    """A piece of the spoken reply (stream it on to sentence chunking and TTS)."""

    text: str
    """Text to add to the reply."""


@dataclasses.dataclass(frozen=True)
class ToolCalled:
    """The model called a tool (never spoken)."""

    call: ToolCall
    """The validated call."""


@dataclasses.dataclass(frozen=True)
class ToolOutcome:
    """A tool finished."""

    name: str
    """Tool name."""
    ok: bool
    """False when the tool raised or refused."""
    speech: str
    """What the reply says about it."""
    result: Any = None
    """The tool's return value."""


@dataclasses.dataclass(frozen=True)
class Filler:
    """A tool is taking a while; say something short so the silence is not awkward."""

    text: str = "One moment."
    """The filler phrase."""


@dataclasses.dataclass(frozen=True)
class ConfirmationAsked:
    """A sensitive call is waiting for the user's yes on the next turn."""

    call: ToolCall
    """The call on hold."""
    question: str
    """The question spoken to the user (also yielded as reply text)."""


BrainOutput = ReplyDelta | ToolCalled | ToolOutcome | Filler | ConfirmationAsked
"""Anything `Brain.respond` yields."""
