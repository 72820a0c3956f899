"""The event base class: lanes, monotonic timestamps and field-derived serialisation."""

from __future__ import annotations

import base64
import dataclasses
import enum
import time
from typing import Any, ClassVar

import numpy as np

from sayso.constants import PCM16_SCALE


class Lane(enum.IntEnum):
    """Which lane an event travels in; lower values overtake higher ones in a channel."""

    CONTROL = 0
    """Cancel, end of stream, errors: overtake queued data and are never dropped."""
    DATA = 1
    """Audio, transcripts, intents, replies: delivered in order, bounded (backpressure)."""


def now() -> float:
    """Monotonic clock in seconds, the time base of every event."""
    return time.monotonic()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every message that crosses a stage boundary."""

    lane: ClassVar[Lane] = Lane.DATA

    turn_id: str = ""
    """The turn (one user utterance and its reply) this event belongs to."""
    t_created: float = dataclasses.field(default_factory=now)
    """Monotonic time (s) at which the event was created."""
    t_source: float | None = None
    """Monotonic time (s) of the input this event was derived from (for latency)."""

    @property
    def kind(self) -> str:
        """Wire name of the event type, derived from the class name."""
        return _snake(type(self).__name__)

    def to_dict(self) -> dict[str, Any]:
        """Serialise from the dataclass fields, so the wire never drifts from the type."""
        out: dict[str, Any] = {"type": self.kind}
        for f in dataclasses.fields(self):
            if f.metadata.get("wire", True):  # in-process handles (a scorer) stay off the wire
                out[f.name] = _jsonable(getattr(self, f.name))
        return out


def _snake(name: str) -> str:
    chars = [("_" + c.lower()) if c.isupper() and i else c.lower() for i, c in enumerate(name)]
    return "".join(chars)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        pcm = (np.clip(value, -1.0, 1.0) * PCM16_SCALE).astype("<i2")
        return {"pcm16_base64": base64.b64encode(pcm.tobytes()).decode("ascii")}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
