"""Control events: they travel in the control lane and overtake queued data."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sayso.events.base import Event, Lane


@dataclasses.dataclass(frozen=True, kw_only=True)
class Cancel(Event):
    """Abandon a turn's work (barge-in, client request); its queued data is dropped."""

    lane: ClassVar[Lane] = Lane.CONTROL
    reason: str = "cancelled"
    """Why the turn was cancelled (e.g. "barge_in", "client")."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class EndOfStream(Event):
    """No more input will follow; stages flush what they hold and pass it on.

    It travels in the data lane, behind the data it ends (it must not overtake it), and a Cancel
    never drops it.
    """


@dataclasses.dataclass(frozen=True, kw_only=True)
class ErrorEvent(Event):
    """Something went wrong; the client is told instead of being left hanging."""

    lane: ClassVar[Lane] = Lane.CONTROL
    code: str
    """Stable machine-readable code, e.g. "audio_unreadable", "asr_failed"."""
    message: str
    """One human-readable line."""
    server_fault: bool = False
    """True when sayso failed (a bug, an engine error), not the input: clients and logs tell
    the two apart (Realtime `server_error` vs `invalid_request_error`). The stream goes on."""
