"""The durability run's known sequence of actions, and how to tell whether one is in the store.

The plan is a pure function of (seed, count), so the parent, every restarted child and the final
check all agree on it without sharing anything but two numbers. Every entity carries a unique
label (timer name, alarm label, message body prefix) so a row can be matched to the action that
wrote it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any, Final

from sayso.actions import Store
from sayso.events.understanding import IntentRecognized, Slot

T0: Final[dt.datetime] = dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC)
"""Instant of action 0; action i runs at T0 + i seconds (the child's clock is fixed per action)."""
STEP_S: Final[float] = 1.0
"""Clock step between actions, in seconds."""
MAX_WRITES: Final[int] = 5000
"""Most actions a plan may hold: action times must stay before the first alarm (02:00)."""
FIRST_ALARM_MIN: Final[int] = 2 * 60
"""First alarm minute of the day (02:00); each alarm gets its own minute so cancelling by time
names exactly one."""
LAST_ALARM_MIN: Final[int] = 12 * 60 - 1
"""Last alarm minute (11:59), so every alarm is said unambiguously with "am"."""
TIMER_MIN: Final[tuple[int, int]] = (1, 300)
"""Timer lengths, in minutes: some come due before the check instant, some after."""
CHECK_AT: Final[dt.datetime] = T0 + dt.timedelta(hours=4)
"""When the final check "restarts" sayso: timers and alarms due by then are reported once."""
CONTACTS: Final[tuple[str, ...]] = ("Alice", "Bob", "Mum", "Dad")
"""Contacts of the bundled demo home."""
WORDS: Final[tuple[str, ...]] = ("milk", "late", "home", "call", "soon", "bread", "train", "ok")
BODY_WORDS: Final[tuple[int, int]] = (2, 80)
"""Words per message body: small and multi-page transactions both occur."""
WEIGHTS: Final[dict[str, int]] = {
    "timer": 30,
    "alarm": 25,
    "message": 25,
    "pause": 8,
    "cancel_timer": 7,
    "cancel_alarm": 5,
}
"""Relative frequency of each action kind (updates only when they have a target)."""


@dataclasses.dataclass(frozen=True)
class Op:
    """One planned action."""

    index: int
    kind: str
    """timer / alarm / message (creates) or pause / cancel_timer / cancel_alarm (updates)."""
    label: str
    """The entity's label: timer name, alarm label, or message body (for updates: the target's)."""
    minutes: int = 0
    """Timer length in minutes."""
    alarm_minute: int = 0
    """Alarm minute of the day."""
    recipient: str = ""
    target: int = -1
    """For updates: index of the op that created the entity."""

    @property
    def at(self) -> dt.datetime:
        """When this action runs."""
        return T0 + dt.timedelta(seconds=self.index * STEP_S)

    @property
    def alarm_text(self) -> str:
        """The spoken alarm time, e.g. "2:05 am"."""
        return f"{self.alarm_minute // 60}:{self.alarm_minute % 60:02d} am"

    @property
    def due_at(self) -> dt.datetime:
        """Alarm instant."""
        return T0 + dt.timedelta(minutes=self.alarm_minute)

    @property
    def ends_at(self) -> dt.datetime:
        """Timer end as started."""
        return self.at + dt.timedelta(minutes=self.minutes)


def plan(seed: int, count: int) -> list[Op]:
    """The sequence of `count` actions for `seed`."""
    if not 1 <= count <= MAX_WRITES:
        raise ValueError(f"writes must be between 1 and {MAX_WRITES}")
    rng = random.Random(seed)
    ops: list[Op] = []
    live_timers: list[Op] = []  # created, not yet paused or cancelled
    pending_alarms: list[Op] = []
    minutes = list(range(FIRST_ALARM_MIN, LAST_ALARM_MIN + 1))
    rng.shuffle(minutes)
    for i in range(count):
        now = T0 + dt.timedelta(seconds=i * STEP_S)
        live_timers = [t for t in live_timers if t.ends_at > now]  # pause needs time left
        kind = _kind(rng, bool(live_timers), bool(pending_alarms), bool(minutes))
        if kind == "timer":
            op = Op(i, kind, f"t{i}", minutes=rng.randint(*TIMER_MIN))
            live_timers.append(op)
        elif kind == "alarm":
            op = Op(i, kind, f"a{i}", alarm_minute=minutes.pop())
            pending_alarms.append(op)
        elif kind == "message":
            words = rng.choices(WORDS, k=rng.randint(*BODY_WORDS))
            op = Op(i, kind, f"m{i} " + " ".join(words) + ".", recipient=rng.choice(CONTACTS))
        else:
            pool = pending_alarms if kind == "cancel_alarm" else live_timers
            target = pool.pop(rng.randrange(len(pool)))
            op = dataclasses.replace(target, index=i, kind=kind, target=target.index)
        ops.append(op)
    return ops


def _kind(rng: random.Random, timers: bool, alarms: bool, minutes: bool) -> str:
    allowed = {
        k: w
        for k, w in WEIGHTS.items()
        if (k not in ("pause", "cancel_timer") or timers)
        and (k != "cancel_alarm" or alarms)
        and (k != "alarm" or minutes)
    }
    return rng.choices(list(allowed), weights=list(allowed.values()))[0]


def intent(op: Op) -> IntentRecognized:
    """The recognised intent that carries out `op`, as the understanding stage would emit it."""
    slots: tuple[Slot, ...]
    if op.kind == "timer":
        name, slots = "HassStartTimer", (Slot("name", op.label), Slot("minutes", op.minutes))
    elif op.kind == "pause":
        name, slots = "HassPauseTimer", (Slot("name", op.label),)
    elif op.kind == "cancel_timer":
        name, slots = "HassCancelTimer", (Slot("name", op.label),)
    elif op.kind == "alarm":
        name = "SaysoSetAlarm"
        slots = (Slot("alarm_time", op.alarm_text), Slot("label", op.label))
    elif op.kind == "cancel_alarm":
        name, slots = "SaysoCancelAlarm", (Slot("alarm_time", op.alarm_text),)
    else:
        name = "SaysoSendMessage"
        slots = (Slot("contact", op.recipient), Slot("message", op.label))
    return IntentRecognized(intent=name, slots=slots, turn_id=f"dur-{op.index}")


APPLIED_SQL: Final[dict[str, str]] = {
    "timer": "SELECT 1 FROM timers WHERE name = ?",
    "alarm": "SELECT 1 FROM alarms WHERE label = ?",
    "message": "SELECT 1 FROM outbox WHERE body = ?",
    "pause": "SELECT 1 FROM timers WHERE name = ? AND status = 'paused'",
    "cancel_timer": "SELECT 1 FROM timers WHERE name = ? AND status = 'cancelled'",
    "cancel_alarm": "SELECT 1 FROM alarms WHERE label = ? AND status = 'cancelled'",
}
"""Whether an action's effect is in the store (each entity is updated at most once)."""


def applied(store: Store, op: Op) -> bool:
    """True when `op` has already been carried out."""
    return store.row(APPLIED_SQL[op.kind], (op.label,)) is not None


def describe(op: Op) -> dict[str, Any]:
    """A short, JSON-friendly description of `op` (for failure reports)."""
    return {"index": op.index, "kind": op.kind, "label": op.label[:24]}
