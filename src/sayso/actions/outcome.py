"""What a handler function gets (`Context`) and gives back (`Outcome`, or raises `ActionFailed`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sayso.actions.alarms import Alarms
from sayso.actions.home import HomeSpec
from sayso.actions.lists import Lists
from sayso.actions.messages import Outbox
from sayso.actions.store import Store
from sayso.actions.timers import Timers
from sayso.events.actions import StateChange
from sayso.events.understanding import IntentRecognized


class ActionFailed(Exception):
    """The request cannot be carried out; the transaction is rolled back and `speech` is said.

    `speech` is English; a turn in another language says the sentence `key` names (the code when
    None) with `values` filled in (`understanding/failures.py`).
    """

    def __init__(
        self,
        code: str,
        speech: str,
        key: str | None = None,
        values: Mapping[str, object] | None = None,
        *,
        data: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(speech)
        self.code = code
        self.speech = speech
        self.key = key or code
        self.values: Mapping[str, object] = dict(values or {})
        self.data: dict[str, object] = dict(data or {})
        """Structured detail for clients (`ActionResult.data`): the choices of "which one?"."""


MISSING: str = "missing"
"""`ActionResult.data` key of a request that lacked its value: the next turn may be the value
("set an alarm", "For what time?", "7 am": `dialogue/awaiting.py`)."""


AS_ASKED: str = "as_asked"
"""`ActionResult.data` key of the request as the answer should complete it, where the words said
would not: "Send the message to mom." is asked as "send a message to Mum", so the answer "I'm
late" joins a contact the grammar knows, not the name's words."""


def asks_value(speech: str, key: str, request: str = "") -> ActionFailed:
    """The failure of a request that lacked its value: `speech` asks for it ("For what time?").

    `request`: the request the answer completes (`AS_ASKED`), when not the words said.
    """
    data = {MISSING: key, AS_ASKED: request} if request else {MISSING: key}
    return ActionFailed("invalid_value", speech, key, data=data)


@dataclasses.dataclass
class Outcome:
    """A successful handler's result."""

    speech: str
    """Fallback reply, used when no responder renders one."""
    changes: list[StateChange] = dataclasses.field(default_factory=list)
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Structured result for clients."""
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Template variables for the responder ("state", "query", "slots")."""


@dataclasses.dataclass(frozen=True)
class Context:
    """Everything a handler may use; `now` is read once so a request sees one instant."""

    store: Store
    home: HomeSpec
    now: dt.datetime

    @property
    def timers(self) -> Timers:
        """Timer operations."""
        return Timers(self.store)

    @property
    def alarms(self) -> Alarms:
        """Alarm operations."""
        return Alarms(self.store)

    @property
    def lists(self) -> Lists:
        """List operations."""
        return Lists(self.store)

    @property
    def outbox(self) -> Outbox:
        """Message outbox."""
        return Outbox(self.store)


HandlerFn = Callable[[Context, IntentRecognized], Outcome]
"""A handler for one intent: reads/writes through `Context`, raises `ActionFailed` on failure."""


def slot_text(intent: IntentRecognized, name: str) -> str:
    """The words that filled slot `name`, else its value as text, else ""."""
    for slot in intent.slots:
        if slot.name == name:
            return slot.text or str(slot.value)
    return ""


def number(intent: IntentRecognized, name: str) -> float | None:
    """Numeric slot `name` (ints, floats or numeric text), None when absent."""
    value = intent.slot(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ActionFailed(
            "invalid_value", f"{slot_text(intent, name)!r} is not a number.", "not_a_number"
        )
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().rstrip("%").lower()
    if text in ("half", "1/2"):
        return 30.0  # "half a minute", as Home Assistant's timer_half list maps it
    try:
        return float(text)
    except ValueError:
        raise ActionFailed("invalid_value", f"{value!r} is not a number.", "not_a_number") from None


def in_range(value: float, low: float, high: float, what: str) -> float:
    """`value` when low <= value <= high, else a spoken failure."""
    if not low <= value <= high:
        raise ActionFailed(
            "invalid_value",
            f"{what} must be between {_num(low)} and {_num(high)}, not {_num(value)}.",
            "out_of_range",
            {"low": float(low), "high": float(high), "value": float(value)},
        )
    return value


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def spoken_number(value: float) -> str:
    """21.0 → "21", 21.5 → "21.5"."""
    return _num(value)
