"""The durability run's final check: compare the store with the plan, row by row.

Definitions (per entity the plan creates; updates target an entity at most once):
- lost: an acknowledged action whose effect is not in the store (no row for a create; the
  row still in its before-update state for a pause or cancel).
- missing: the same for an action that was never acknowledged. The restarted child resumes at
  the first action not in the store, so after the final child finishes this must also be 0.
- partial: a row that is neither the planned final state nor the planned before-update state:
  a timer whose name/length/start differ, an active timer without `ends_at` or with a
  `remaining_s`, a paused one without `remaining_s` (or with `ends_at`), a cancelled one with
  either; an alarm whose time, label, creation time or status differ or that is already marked
  reported; an outbox row whose recipient, body (empty or cut short), time or status differ.
  Rows whose label names no planned action (an empty timer name or message body) count too.
- duplicates: more than one row for one create (an action applied twice across a restart).
"""

from __future__ import annotations

import collections
import datetime as dt
import sqlite3
from typing import Any, Final

from durability_plan import CHECK_AT, STEP_S, Op, describe

from sayso.actions import Store, demo_home_path, load_home
from sayso.actions.clock import to_utc_iso
from sayso.actions.timers import due, on_startup

TABLES: Final[dict[str, tuple[str, str]]] = {
    "timer": ("timers", "name"),
    "alarm": ("alarms", "label"),
    "message": ("outbox", "body"),
}
"""Create kind → (table, column whose first word is the plan label)."""
SAME_FLOAT: Final[float] = 1e-6
"""Tolerance for stored seconds, in seconds."""


def _iso(when: dt.datetime | None) -> str | None:
    return to_utc_iso(when) if when is not None else None


def final_rows(creator: Op, update: Op | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The planned (final, before-update) column values of `creator`'s entity."""
    if creator.kind == "timer":
        before: dict[str, Any] = {
            "name": creator.label,
            "duration_s": creator.minutes * 60.0,
            "started_at": _iso(creator.at),
            "ends_at": _iso(creator.ends_at),
            "status": "active",
            "remaining_s": None,
        }
        if update is None:
            return before, before
        if update.kind == "pause":
            left = creator.minutes * 60.0 - (update.index - creator.index) * STEP_S
            return {**before, "status": "paused", "ends_at": None, "remaining_s": left}, before
        return {**before, "status": "cancelled", "ends_at": None}, before
    if creator.kind == "alarm":
        before = {
            "label": creator.label,
            "due_at": _iso(creator.due_at),
            "status": "pending",
            "created_at": _iso(creator.at),
            "reported": 0,
        }
        final = {**before, "status": "cancelled"} if update is not None else before
        return final, before
    row = {
        "recipient": creator.recipient,
        "body": creator.label,
        "status": "queued",
        "created_at": _iso(creator.at),
    }
    return row, row


def _same(row: sqlite3.Row, want: dict[str, Any]) -> bool:
    for key, value in want.items():
        got = row[key]
        if isinstance(value, float) and isinstance(got, int | float):
            if abs(got - value) > SAME_FLOAT:
                return False
        elif got != value:
            return False
    return True


def check_rows(store: Store, ops: list[Op], acked: set[int]) -> dict[str, Any]:
    """Count lost, missing, partial and duplicated actions; name the first few of each."""
    updates = {op.target: op for op in ops if op.target >= 0}
    rows: dict[str, list[sqlite3.Row]] = collections.defaultdict(list)
    stray = 0
    planned = {op.label.split(" ")[0] for op in ops}
    for kind, (table, column) in TABLES.items():
        for row in store.rows(f"SELECT * FROM {table}"):
            key = (row[column] or "").split(" ")[0]
            if key in planned:
                rows[f"{kind}:{key}"].append(row)
            else:
                stray += 1
    bad: dict[str, list[Op]] = {"lost": [], "missing": [], "partial": [], "duplicates": []}
    for op in ops:
        if op.kind not in TABLES:
            continue
        found = rows.get(f"{op.kind}:{op.label.split(' ')[0]}", [])
        update = updates.get(op.index)
        final, before = final_rows(op, update)
        if len(found) > 1:
            bad["duplicates"].append(op)
        if not found:
            bad["lost" if op.index in acked else "missing"].append(op)
        elif _same(found[0], final):
            continue
        elif update is not None and _same(found[0], before):
            bad["lost" if update.index in acked else "missing"].append(update)
        else:
            bad["partial"].append(op)
    summary: dict[str, Any] = {name: len(found) for name, found in bad.items()}
    summary["partial"] += stray
    summary["stray_rows"] = stray
    summary["examples"] = {k: [describe(op) for op in v[:3]] for k, v in bad.items() if v}
    return summary


def check_devices(store: Store) -> dict[str, Any]:
    """The home seeded on every open (some kills land in it): each demo device present once."""
    want = sorted(d.entity_id for d in load_home(demo_home_path()).devices)
    got = sorted(r["entity_id"] for r in store.rows("SELECT entity_id FROM devices"))
    return {"devices": len(got), "devices_ok": got == want}


def integrity(store: Store) -> str:
    """SQLite's own verdict on the file ("ok" when sound)."""
    found = [str(r[0]) for r in store.rows("PRAGMA integrity_check")]
    found += [f"foreign key: {tuple(r)}" for r in store.rows("PRAGMA foreign_key_check")]
    return "; ".join(found)


def expected_due(ops: list[Op]) -> set[tuple[str, str]]:
    """(kind, label) of every timer and alarm the plan leaves due at `CHECK_AT`."""
    updated = {op.target for op in ops if op.target >= 0}
    found: set[tuple[str, str]] = set()
    for op in ops:
        if op.index in updated:
            continue
        if op.kind == "timer" and op.ends_at <= CHECK_AT:
            found.add(("timer", op.label))
        elif op.kind == "alarm" and op.due_at <= CHECK_AT:
            found.add(("alarm", op.label))
    return found


def check_startup(store: Store, ops: list[Op]) -> dict[str, Any]:
    """Run the restart path twice at `CHECK_AT`: due items are reported once, then never again.

    The second `on_startup` and the scheduler's regular `due` check after it must find nothing.
    """
    first = [(item.kind, item.label or "") for item in on_startup(store, CHECK_AT)]
    again = on_startup(store, CHECK_AT) + due(store, CHECK_AT)
    want = expected_due(ops)
    return {
        "startup_due": len(first),
        "startup_expected": len(want),
        "startup_ok": sorted(first) == sorted(want) and not again,
        "startup_repeated": len(again),
    }
