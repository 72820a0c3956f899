"""The dialogue's state in the state database, so a restart neither loses nor replays it.

A pending confirmation ("Send 'hi' to Alice?") and each session's conversation are rows of the
same SQLite file as the home (`sayso.actions.store`). The store is reached through a getter, not
held, because the assistant can be pointed at a fresh state file while its engines stay loaded.

A pending action is *claimed* by deleting its row: only the turn whose DELETE removed the row
runs it, so two processes answering "yes" at once, or a process restarted after the yes, can
never run it twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, Final

from sayso.actions.store import Store
from sayso.dialogue.messages import Message, ToolCall
from sayso.events.understanding import IntentRecognized, intent_from_dict, intent_to_dict

StoreGetter = Callable[[], Store | None]
"""Returns the current state store (None: keep nothing)."""

KEPT_MESSAGES: Final[int] = 64
"""Newest messages of a session kept in the database; older ones are deleted on write."""
MEMORY_RETENTION_S: Final[float] = 24 * 3600.0
"""A conversation older than this (seconds of wall-clock time) is not reloaded after a restart."""


def wall_clock() -> float:
    """Seconds since the epoch: unlike the monotonic clock it means the same after a restart."""
    return time.time()


class PendingTable:
    """At most one pending action per session, as a row of `pending_actions`."""

    def __init__(self, store: StoreGetter) -> None:
        self._store = store

    def put(
        self, session: str, call: ToolCall, question: str, turn_id: str, created_s: float,
        payload: Any,
    ) -> None:
        """Store (or replace) the pending action of `session`."""
        store = self._store()
        if store is None:
            return
        held = isinstance(payload, IntentRecognized)
        intent = json.dumps(intent_to_dict(payload), default=str) if held else None
        with store.transaction():
            store.execute(
                "INSERT OR REPLACE INTO pending_actions "
                "(session, tool, arguments, question, turn_id, created_s, intent) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session, call.name, json.dumps(call.arguments, default=str), question, turn_id,
                 created_s, intent),
            )

    def get(self, session: str) -> tuple[ToolCall, str, str, float, Any] | None:
        """(call, question, turn id, created time, payload) of `session`, or None."""
        store = self._store()
        row = store.row(
            "SELECT * FROM pending_actions WHERE session = ?", (session,)
        ) if store is not None else None
        if row is None:
            return None
        payload = intent_from_dict(json.loads(row["intent"])) if row["intent"] else None
        call = ToolCall(row["tool"], json.loads(row["arguments"]))
        return call, row["question"], row["turn_id"], float(row["created_s"]), payload

    def claim(self, session: str, turn_id: str) -> bool:
        """Delete the pending action proposed in `turn_id`; True only for the one who did."""
        store = self._store()
        if store is None:
            return False
        with store.transaction():
            cursor = store.execute(
                "DELETE FROM pending_actions WHERE session = ? AND turn_id = ?", (session, turn_id)
            )
            return cursor.rowcount == 1

    def drop(self, session: str) -> None:
        """Forget the pending action of `session`."""
        store = self._store()
        if store is not None:
            with store.transaction():
                store.execute("DELETE FROM pending_actions WHERE session = ?", (session,))


class ConversationTable:
    """Each session's messages and last targets, as rows of `conversation` tables."""

    def __init__(self, store: StoreGetter, *, clock: Callable[[], float] = wall_clock) -> None:
        self._store = store
        self._clock = clock

    def load(self, session: str) -> tuple[list[Message], tuple[str, ...]]:
        """The session's recent messages (oldest first) and last targets."""
        store = self._store()
        if store is None:
            return [], ()
        since = self._clock() - MEMORY_RETENTION_S
        rows = store.rows(
            "SELECT role, content, tool_call FROM conversation WHERE session = ? AND created_s >= ?"
            " ORDER BY id DESC LIMIT ?", (session, since, KEPT_MESSAGES),
        )
        messages = [_message(r["role"], r["content"], r["tool_call"]) for r in reversed(rows)]
        found = store.row("SELECT targets FROM conversation_targets WHERE session = ?", (session,))
        targets = tuple(json.loads(found["targets"])) if found and messages else ()
        return messages, targets

    def append(self, session: str, message: Message) -> None:
        """Write one message and delete the session's messages beyond `KEPT_MESSAGES`."""
        store = self._store()
        if store is None:
            return
        call = message.tool_call
        stored_call = json.dumps(
            {"name": call.name, "arguments": call.arguments, "id": call.id}, default=str
        ) if call is not None else None
        with store.transaction():
            store.execute(
                "INSERT INTO conversation (session, role, content, tool_call, created_s)"
                " VALUES (?, ?, ?, ?, ?)",
                (session, message.role, message.content, stored_call, self._clock()),
            )
            store.execute(
                "DELETE FROM conversation WHERE session = ? AND id <= (SELECT id FROM conversation"
                " WHERE session = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (session, session, KEPT_MESSAGES),
            )

    def set_targets(self, session: str, targets: tuple[str, ...]) -> None:
        """Record what the session's last action acted on."""
        store = self._store()
        if store is not None:
            with store.transaction():
                store.execute(
                    "INSERT OR REPLACE INTO conversation_targets (session, targets) VALUES (?, ?)",
                    (session, json.dumps(list(targets))),
                )

    def forget(self, session: str) -> None:
        """Delete everything kept of `session`."""
        store = self._store()
        if store is not None:
            with store.transaction():
                store.execute("DELETE FROM conversation WHERE session = ?", (session,))
                store.execute("DELETE FROM conversation_targets WHERE session = ?", (session,))


def _message(role: Any, content: str, tool_call: str | None) -> Message:
    call = None
    if tool_call:
        found = json.loads(tool_call)
        call = ToolCall(found["name"], found.get("arguments", {}), found.get("id", ""))
    return Message(role, content, call)
