"""Shopping and to-do lists: add, remove and complete items, read what is on a list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from sayso.actions.clock import to_utc_iso
from sayso.actions.store import Store
from sayso.events.actions import StateChange


@dataclasses.dataclass(frozen=True)
class ListItem:
    """One entry of a list."""

    id: int
    list_name: str
    item: str
    done: bool


def _key(text: str) -> str:
    # "To-do list", "todo" and "to do" all name the same list.
    words = re.sub(r"[^a-z0-9]+", "", text.lower())
    return words.removesuffix("list") or words


def match_list(spoken: str, names: tuple[str, ...]) -> str | None:
    """The list in `names` that `spoken` refers to ("my shopping list" → "shopping"), or None."""
    key = _key(re.sub(r"^\s*(my|the|our)\s+", "", spoken.lower()))
    return next((n for n in names if _key(n) == key), None)


class Lists:
    """List operations; call writes inside the caller's `store.transaction()`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def items(self, list_name: str, include_done: bool = False) -> list[ListItem]:
        """Items of `list_name`, oldest first."""
        sql = "SELECT * FROM list_items WHERE list_name = ?" + (
            "" if include_done else " AND done = 0"
        )
        rows = self.store.rows(sql + " ORDER BY id", (list_name,))
        return [ListItem(r["id"], r["list_name"], r["item"], bool(r["done"])) for r in rows]

    def open_items(self, list_name: str | None = None) -> list[str]:
        """What is still on `list_name` (every list: None), as said ("check apples off")."""
        if list_name is not None:
            return [i.item for i in self.items(list_name)]
        return [r["item"] for r in self.store.rows("SELECT item FROM list_items WHERE done = 0")]

    def find(self, list_name: str, item: str) -> ListItem | None:
        """The open entry of `list_name` equal to `item` (case-insensitive), or None."""
        wanted = item.strip().lower()
        return next((i for i in self.items(list_name) if i.item.lower() == wanted), None)

    def add(self, list_name: str, item: str, now: dt.datetime) -> StateChange:
        """Append `item`."""
        new_id = self.store.insert(
            "INSERT INTO list_items (list_name, item, done, created_at) VALUES (?, ?, 0, ?)",
            (list_name, item.strip(), to_utc_iso(now)),
        )
        return StateChange(f"list:{list_name}", "added", None, {"id": new_id, "item": item})

    def remove(self, entry: ListItem) -> StateChange:
        """Delete `entry`."""
        self.store.execute("DELETE FROM list_items WHERE id = ?", (entry.id,))
        return StateChange(f"list:{entry.list_name}", "removed", entry.item, None)

    def complete(self, entry: ListItem) -> StateChange:
        """Tick `entry` off."""
        self.store.execute("UPDATE list_items SET done = 1 WHERE id = ?", (entry.id,))
        return StateChange(f"list:{entry.list_name}", "done", entry.item, True)
