"""Events of a live session (full duplex): responses starting, ending, and being interrupted."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sayso.events.base import Event, Lane


@dataclasses.dataclass(frozen=True, kw_only=True)
class ResponseStarted(Event):
    """The assistant began a reply to the user's turn."""

    response_id: str
    """Id of the response (one per user turn answered, one per announcement)."""
    announcement: bool = False
    """Said unprompted (a timer ended, `app/announcer.py`): no user turn precedes it."""
    ring: str = ""
    """What an announcement rings ("timer:3"): it is said again until stopped."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class RingStopped(Event):
    """A ringing timer or alarm stopped: asked to, by a client, or its time ran out."""

    ring: str
    """What rang ("timer:3")."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class ResponseDone(Event):
    """A reply ended, completely or cut short."""

    response_id: str
    """Id of the response."""
    status: str = "completed"
    """"completed" or "cancelled" (barge-in, client request)."""
    reason: str = ""
    """Why it was cancelled ("barge_in", "client"), empty when completed."""
    played_text: str = ""
    """The part of the reply that was actually played (what the conversation records)."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class BargeIn(Event):
    """The user started talking over the reply long enough to interrupt it."""

    lane: ClassVar[Lane] = Lane.CONTROL
    response_id: str
    """The response being interrupted."""
    voiced_ms: float
    """How much voiced speech triggered it, in milliseconds."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class PlaybackPaused(Event):
    """The user started talking over the reply: a client that pauses stops playing it now.

    Sent while the barge-in checks still decide; a `BargeIn` (the reply is cancelled) or a
    `PlaybackResumed` (it was feedback or noise: play on from where it stopped) follows.
    """

    lane: ClassVar[Lane] = Lane.CONTROL
    response_id: str
    """The response to pause."""
    voiced_ms: float
    """Voiced speech over the reply when it was paused, in milliseconds."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class PlaybackResumed(Event):
    """The speech that paused the reply did not interrupt it: play on from where it stopped."""

    lane: ClassVar[Lane] = Lane.CONTROL
    response_id: str
    """The paused response."""
    paused_ms: float
    """How long it was paused, in milliseconds (server clock)."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class WakeDetected(Event):
    """The wake word was heard: sayso is listening for a command (a client may chime)."""

    model: str
    """Wake-word model that fired ("hey_jarvis")."""
    score: float
    """Its score, 0..1."""
    end_s: float
    """Position of the detection in the session's input audio, seconds."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class ListeningChanged(Event):
    """With a wake word: sayso starts or stops taking speech without it."""

    listening: bool
    """True: speech now counts as a command; False: only the wake word is listened for."""
    reason: str
    """"wake_word", "follow_up" (after a reply), "question" (sayso asked), or "timeout"."""
