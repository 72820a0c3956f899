"""Alarms: set, list and cancel wake-up times persisted in the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

from sayso.actions import repeating
from sayso.actions.clock import from_utc_iso, to_utc_iso
from sayso.actions.store import Store
from sayso.events.actions import StateChange


@dataclasses.dataclass(frozen=True)
class Alarm:
    """One alarm."""

    id: int
    label: str | None
    due_at: dt.datetime
    """UTC instant the alarm rings."""
    status: str
    """pending / fired / missed / cancelled."""
    repeat: tuple[int, ...] = ()
    """Weekdays it rings on again (Monday = 0; `actions/repeating.py`); () rings once."""

    @property
    def target(self) -> str:
        """StateChange target name."""
        return f"alarm:{self.id}"


def _alarm(row: sqlite3.Row) -> Alarm:
    due = from_utc_iso(row["due_at"])
    return Alarm(row["id"], row["label"], due, row["status"], repeating.decode(row["repeat"]))


class Alarms:
    """Alarm operations; call them inside the caller's `store.transaction()`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(
        self,
        due_at: dt.datetime,
        now: dt.datetime,
        label: str | None = None,
        language: str | None = None,
        repeat: tuple[int, ...] = (),
    ) -> Alarm:
        """Create a pending alarm at `due_at`.

        `language`: the request's, for when it rings; `repeat`: the weekdays it rings on again.
        """
        new_id = self.store.insert(
            "INSERT INTO alarms (label, due_at, status, created_at, language, repeat)"
            " VALUES (?, ?, 'pending', ?, ?, ?)",
            (label, to_utc_iso(due_at), to_utc_iso(now), language or None,
             repeating.encode(repeat)),
        )  # fmt: skip
        return Alarm(new_id, label, due_at.astimezone(dt.UTC), "pending", repeat)

    def pending(self) -> list[Alarm]:
        """Pending alarms, soonest first."""
        rows = self.store.rows("SELECT * FROM alarms WHERE status = 'pending' ORDER BY due_at")
        return [_alarm(r) for r in rows]

    def cancel(self, alarm: Alarm) -> StateChange:
        """Cancel `alarm`."""
        self.store.execute("UPDATE alarms SET status = 'cancelled' WHERE id = ?", (alarm.id,))
        return StateChange(alarm.target, "status", alarm.status, "cancelled")
