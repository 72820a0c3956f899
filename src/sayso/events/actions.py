"""Events at the actions → reply boundary."""

from __future__ import annotations

import dataclasses
from typing import Any

from sayso.events.base import Event


@dataclasses.dataclass(frozen=True)
class StateChange:
    """One change an action made to the world (home, timers, outbox, lists)."""

    target: str
    """What changed, e.g. "light.kitchen", "timer:3", "outbox:7", "list:shopping"."""
    attribute: str
    """Which attribute, e.g. "state", "brightness", "created"."""
    old: Any
    """Value before."""
    new: Any
    """Value after."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class ActionResult(Event):
    """What an action did and what to say about it."""

    intent: str
    """Intent that was handled."""
    success: bool
    """False when the action could not be carried out (unknown device, bad value...)."""
    speech: str
    """Reply text for the user."""
    changes: tuple[StateChange, ...] = ()
    """Changes made; empty for queries."""
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Structured result (e.g. queried state, timer id) for clients."""
    error_code: str | None = None
    """Machine-readable reason on failure, e.g. "no_match", "no_such_device"."""
    language: str = ""
    """Language of `speech` ("" when not known: the assistant's default language)."""
