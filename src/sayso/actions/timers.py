"""Timers and alarm bookkeeping in the store: what is due now, and what was missed while down.

State lives in SQLite, so a timer or alarm set before a restart still fires after it; an alarm
whose time passed while the process was down is marked "missed" and reported exactly once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from typing import Any

from sayso.actions import repeating
from sayso.actions.alarms import Alarms
from sayso.actions.clock import from_utc_iso, to_utc_iso
from sayso.actions.due_speech import due_sentence
from sayso.actions.store import Store
from sayso.actions.timeparse import english_clock
from sayso.events.actions import StateChange
from sayso.languages import english

SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3600

LIVE = ("active", "paused")
"""Timer statuses a user can still act on."""


@dataclasses.dataclass(frozen=True)
class Timer:
    """A countdown timer."""

    id: int
    name: str | None
    duration_s: float
    """Length the timer was started with (used to name it: "the 5 minute timer")."""
    started_at: dt.datetime
    ends_at: dt.datetime | None
    """None while paused."""
    status: str
    """active / paused / fired / cancelled."""
    remaining_s: float | None
    """Seconds left, kept while paused."""
    command: str | None = None
    """The words of a command to run when it ends (`IntentRecognized.then`), else None."""
    command_intent: dict[str, Any] | None = None
    """That command as it was read and confirmed when the timer was set (`intent_to_dict`)."""

    def remaining(self, now: dt.datetime) -> float:
        """Seconds left at `now` (never negative)."""
        if self.ends_at is None:
            return max(0.0, self.remaining_s or 0.0)
        return max(0.0, (self.ends_at - now).total_seconds())

    @property
    def target(self) -> str:
        """StateChange target name."""
        return f"timer:{self.id}"


@dataclasses.dataclass(frozen=True)
class DueItem:
    """A timer or alarm whose time has come (or passed while sayso was down)."""

    kind: str
    """ "timer" or "alarm"."""
    id: int
    label: str | None
    due_at: dt.datetime
    missed: bool = False
    """True when it came due while the process was not running."""
    command: str | None = None
    """A timer's command to run now (`Timer.command`); a missed one is not run late."""
    command_intent: dict[str, Any] | None = None
    """The command as it was read and confirmed (`Timer.command_intent`)."""
    language: str | None = None
    """The language it was asked for in (None: not known, the assistant's default)."""

    def speech(self, tz: dt.tzinfo, language: str = "en") -> str:
        """What to announce, in its own language or else `language` (`due_speech.py`).

        "Your pizza timer is done.", "You missed your 6 AM alarm.", or, for a timer's command
        that nothing ran (after a restart, read by `sayso timers`, found late), that it did not.
        """
        language = self.language or language
        local = self.due_at.astimezone(tz)
        clock = english_clock(local) if english(language) else f"{local.hour}:{local.minute:02d}"
        late = "_missed" if self.missed else ""
        if self.kind == "timer" and self.command:
            return due_sentence("command_not_run", language, command=self.command, clock=clock)
        if self.kind == "timer":
            key = "named" if self.label else "timer"
            return due_sentence(key + late, language, name=self.label or "")
        key = "alarm_labelled" if self.label else "alarm"
        return due_sentence(key + late, language, clock=clock, label=self.label or "")


def _timer(row: sqlite3.Row) -> Timer:
    return Timer(
        id=row["id"],
        name=row["name"],
        duration_s=row["duration_s"],
        started_at=from_utc_iso(row["started_at"]),
        ends_at=from_utc_iso(row["ends_at"]) if row["ends_at"] else None,
        status=row["status"],
        remaining_s=row["remaining_s"],
        command=row["command"],
        command_intent=_json(row["command_intent"]),
    )


class Timers:
    """Timer operations; call them inside the caller's `store.transaction()`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, timer_id: int) -> Timer | None:
        """Timer `timer_id`, or None."""
        row = self.store.row("SELECT * FROM timers WHERE id = ?", (timer_id,))
        return _timer(row) if row else None

    def live(self) -> list[Timer]:
        """Active and paused timers, oldest first."""
        rows = self.store.rows("SELECT * FROM timers WHERE status IN (?, ?) ORDER BY id", LIVE)
        return [_timer(r) for r in rows]

    def names(self) -> list[str]:
        """Names of the live timers (what "pause the pizza timer" may name; `hassil/live.py`)."""
        return [t.name for t in self.live() if t.name]

    def lengths(self) -> list[dict[str, int]]:
        """Each live timer's length as said: {"start_hours": 1, "start_minutes": 30}."""
        out = []
        for timer in self.live():
            seconds = round(timer.duration_s)
            parts = {
                "start_hours": seconds // SECONDS_PER_HOUR,
                "start_minutes": seconds % SECONDS_PER_HOUR // SECONDS_PER_MINUTE,
                "start_seconds": seconds % SECONDS_PER_MINUTE,
            }
            out.append({k: v for k, v in parts.items() if v})
        return out

    def find(self, name: str | None = None, duration_s: float | None = None) -> list[Timer]:
        """Live timers matching a name and/or the duration they were started with."""
        found = self.live()
        if name:
            found = [t for t in found if (t.name or "").lower() == name.strip().lower()]
        if duration_s is not None:
            found = [t for t in found if abs(t.duration_s - duration_s) < 1.0]
        return found

    def start(
        self,
        duration_s: float,
        now: dt.datetime,
        name: str | None = None,
        command: tuple[str, dict[str, Any]] | None = None,
        language: str | None = None,
    ) -> Timer:
        """Start a timer of `duration_s` seconds.

        `command` runs when it ends: its words and the intent as read and confirmed
        (`intent_to_dict`). `language`: the request's, for what is said when it ends.
        """
        ends = now + dt.timedelta(seconds=duration_s)
        words, held = command or (None, None)
        stored = json.dumps(held, default=str) if held is not None else None
        new_id = self.store.insert(
            "INSERT INTO timers"
            " (name, duration_s, started_at, ends_at, status, remaining_s, command, command_intent,"
            " language) VALUES (?, ?, ?, ?, 'active', NULL, ?, ?, ?)",
            (name, duration_s, to_utc_iso(now), to_utc_iso(ends), words, stored, language or None),
        )
        timer = self.get(new_id)
        assert timer is not None
        return timer

    def set_status(self, timer: Timer, status: str, now: dt.datetime) -> StateChange:
        """Cancel, pause or resume `timer`."""
        remaining = timer.remaining(now)
        ends_at = to_utc_iso(now + dt.timedelta(seconds=remaining)) if status == "active" else None
        self.store.execute(
            "UPDATE timers SET status = ?, ends_at = ?, remaining_s = ? WHERE id = ?",
            (status, ends_at, remaining if status == "paused" else None, timer.id),
        )
        return StateChange(timer.target, "status", timer.status, status)

    def adjust(self, timer: Timer, delta_s: float, now: dt.datetime) -> StateChange:
        """Add (or, negative, remove) time; the result is never below zero."""
        before = timer.remaining(now)
        after = max(0.0, before + delta_s)
        if timer.status == "paused":
            self.store.execute("UPDATE timers SET remaining_s = ? WHERE id = ?", (after, timer.id))
        else:
            ends = to_utc_iso(now + dt.timedelta(seconds=after))
            self.store.execute("UPDATE timers SET ends_at = ? WHERE id = ?", (ends, timer.id))
        return StateChange(timer.target, "remaining_s", round(before), round(after))


def due(store: Store, now: dt.datetime) -> list[DueItem]:
    """Mark timers and alarms due at `now` as fired and return them (each is returned once)."""
    stamp = to_utc_iso(now)
    with store.transaction():
        timers = store.rows(
            "SELECT id, name, ends_at, command, command_intent, language FROM timers"
            " WHERE status = 'active' AND ends_at <= ?",
            (stamp,),
        )
        alarms = store.rows(
            "SELECT id, label, due_at, language, repeat FROM alarms"
            " WHERE status = 'pending' AND due_at <= ?",
            (stamp,),
        )
        store.execute(
            "UPDATE timers SET status = 'fired' WHERE status = 'active' AND ends_at <= ?", (stamp,)
        )
        store.execute(
            "UPDATE alarms SET status = 'fired', reported = 1"
            " WHERE status = 'pending' AND due_at <= ?",
            (stamp,),
        )
        _set_again(store, alarms, now)
    items = [
        DueItem("timer", r["id"], r["name"], from_utc_iso(r["ends_at"]), False, *_command(r))
        for r in timers
    ]
    items += [
        DueItem("alarm", r["id"], r["label"], from_utc_iso(r["due_at"]), language=r["language"])
        for r in alarms
    ]
    return sorted(items, key=lambda item: item.due_at)


def on_startup(store: Store, now: dt.datetime) -> list[DueItem]:
    """After a restart: what came due while down, marked missed and returned for one report."""
    stamp = to_utc_iso(now)
    with store.transaction():
        store.execute(
            "UPDATE alarms SET status = 'missed' WHERE status = 'pending' AND due_at <= ?",
            (stamp,),
        )
        alarms = store.rows("SELECT * FROM alarms WHERE status = 'missed' AND reported = 0")
        store.execute("UPDATE alarms SET reported = 1 WHERE status = 'missed' AND reported = 0")
        _set_again(store, alarms, now)
        timers = store.rows(
            "SELECT id, name, ends_at, command, command_intent, language FROM timers"
            " WHERE status = 'active' AND ends_at <= ?",
            (stamp,),
        )
        store.execute(
            "UPDATE timers SET status = 'fired' WHERE status = 'active' AND ends_at <= ?", (stamp,)
        )
    items = [
        DueItem("alarm", r["id"], r["label"], from_utc_iso(r["due_at"]), True,
                language=r["language"])
        for r in alarms
    ]
    items += [
        DueItem("timer", r["id"], r["name"], from_utc_iso(r["ends_at"]), True, *_command(r))
        for r in timers
    ]
    return sorted(items, key=lambda item: item.due_at)


def _set_again(store: Store, alarms: list[sqlite3.Row], now: dt.datetime) -> None:
    """The next ring of each repeating alarm that rang or was missed (`actions/repeating.py`)."""
    for row in alarms:
        days = repeating.decode(row["repeat"])
        if days:
            due = repeating.next_after(from_utc_iso(row["due_at"]), days, now)
            Alarms(store).add(due, now, row["label"], row["language"], days)


def _command(row: sqlite3.Row) -> tuple[str | None, dict[str, Any] | None, str | None]:
    """A timer row's command, its held intent and its language (DueItem's last fields)."""
    return row["command"], _json(row["command_intent"]), row["language"]


def _json(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text else None


def next_due(store: Store) -> dt.datetime | None:
    """When the next active timer or pending alarm is due, or None."""
    row = store.row(
        "SELECT MIN(t) AS t FROM ("
        " SELECT ends_at AS t FROM timers WHERE status = 'active'"
        " UNION ALL SELECT due_at AS t FROM alarms WHERE status = 'pending')"
    )
    return from_utc_iso(row["t"]) if row and row["t"] else None
