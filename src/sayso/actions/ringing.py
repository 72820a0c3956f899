"""A timer or alarm that came due rings until someone stops it.

The announcer (`app/announcer.py`) says a due timer or alarm again and again, as a kitchen timer
beeps, until a request stops it or it has rung for a while. A stop is a request that names
nothing else: "stop", "stop the timer", "cancel the alarm" — as on Home Assistant's voice
satellites, where "stop" silences a ringing timer before it pauses any music. Such a request,
while something rings that a session has begun to say, stops the ringing and says nothing (the
silence is the answer); the same request with nothing ringing is handled as it always was
("Nothing is playing.").

The rings live in memory, beside the action handler that reads and stops them: a ring is the
state of a running process (the server, `sayso talk`), and a restart has nothing left to ring.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from typing import Final

from sayso.events.understanding import IntentRecognized

TARGET_SLOTS: Final[tuple[str, ...]] = ("name", "area")
"""Slots that point a pause at a player; "pause the TV" pauses the TV even while a timer rings."""
BARE_STOPS: Final[frozenset[str]] = frozenset(
    {"stop", "stop it", "stop that", "stop please", "please stop", "stop now"}
)
"""What a pause read from a bare "stop" says (lower-case words): "pause the music" and "stop
playing" read as the same intent with no player named, and pause the music."""
TIMER_SLOTS: Final[tuple[str, ...]] = ("start_hours", "start_minutes", "start_seconds")
"""Slots that pick a running timer by its length ("cancel the 10 minute timer")."""


@dataclasses.dataclass(eq=False)
class Ring:
    """One due timer or alarm being rung."""

    key: str
    """What rings, as an action's change names it: "timer:3", "alarm:2"."""
    label: str | None = None
    """A timer's name or an alarm's label ("pizza"), if it has one."""
    ringing: bool = True
    """False once stopped (by a request, a client or its time running out)."""
    announced: bool = False
    """True once a session began to say it: only then can a "stop" mean it (a "Stop." said to
    end a long reply must not silence a timer nobody has heard yet)."""

    @property
    def kind(self) -> str:
        """What rings: "timer" or "alarm"."""
        return self.key.partition(":")[0]

    def stop(self) -> bool:
        """Stop ringing; True when it still rang."""
        was, self.ringing = self.ringing, False
        return was


class Ringing:
    """The rings of one process: started by the announcer, stopped by requests and clients.

    Thread-safe: the announcer rings in its event loop, actions run in the inference pool.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rings: list[Ring] = []

    def start(self, key: str, label: str | None = None) -> Ring:
        """Start ringing `key` (again, if it already rang)."""
        ring = Ring(key, label)
        with self._lock:
            for old in self._rings:
                if old.key == key:
                    old.stop()
            self._rings = [r for r in self._rings if r.ringing] + [ring]
        return ring

    def active(self) -> list[Ring]:
        """What rings now, oldest first."""
        with self._lock:
            self._rings = [r for r in self._rings if r.ringing]
            return list(self._rings)

    def stop(self, rings: list[Ring] | None = None) -> list[Ring]:
        """Stop `rings` (default: every ring); those that still rang."""
        with self._lock:
            stopped = [r for r in (self._rings if rings is None else rings) if r.stop()]
            self._rings = [r for r in self._rings if r.ringing]
        return stopped

    def heard(self) -> list[Ring]:
        """What rings and has been said at least once: what a "stop" can mean."""
        return [r for r in self.active() if r.announced]

    def meant_by(self, intent: IntentRecognized) -> list[Ring]:
        """The rings `intent` asks to stop (none when nothing rings or it names something else)."""
        rings = self.heard()
        if not rings:
            return []
        return stop_meant(intent, rings)


def stop_meant(intent: IntentRecognized, rings: list[Ring]) -> list[Ring]:
    """Which of `rings` a request stops.

    A bare "stop" (HassMediaPause with no player named, read from `BARE_STOPS`) stops them
    all. "stop the timer"
    (HassCancelTimer) stops the ringing timers, or the named one ("stop the pizza timer"); a
    name that no ringing timer has, or a length, means a running timer, handled as usual.
    "cancel the alarm" (SaysoCancelAlarm) without a time stops the ringing alarms. "snooze"
    (SaysoSnooze) means all of them.
    """
    if intent.intent == "HassMediaPause":
        named = any(intent.slot(s) for s in TARGET_SLOTS)
        return [] if named or _words(intent.text) not in BARE_STOPS else rings
    if intent.intent == "HassCancelTimer":
        if any(intent.slot(s) is not None for s in TIMER_SLOTS):
            return []
        timers = [r for r in rings if r.kind == "timer"]
        name = intent.slot("name")
        if not name:
            return timers
        said = str(name).strip().lower()
        return [r for r in timers if (r.label or "").strip().lower() == said]
    if intent.intent == "SaysoSnooze":
        return rings  # the alarms ring again later (`actions/snooze.py`), the timers stop
    if intent.intent == "SaysoCancelAlarm" and intent.slot("alarm_time") is None:
        return [r for r in rings if r.kind == "alarm"]
    return []


def _words(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", text.lower()))
