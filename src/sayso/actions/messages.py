"""The outbox: messages the user dictated, queued for a delivery channel sayso does not own."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sayso.actions.clock import from_utc_iso, to_utc_iso
from sayso.actions.store import Store


@dataclasses.dataclass(frozen=True)
class OutboxMessage:
    """One queued message."""

    id: int
    recipient: str
    body: str
    created_at: dt.datetime
    status: str


class Outbox:
    """Queue and read messages; call inside the caller's `store.transaction()` when writing."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def queue(self, recipient: str, body: str, now: dt.datetime) -> OutboxMessage:
        """Queue `body` for `recipient`."""
        new_id = self.store.insert(
            "INSERT INTO outbox (recipient, body, created_at, status) VALUES (?, ?, ?, 'queued')",
            (recipient, body, to_utc_iso(now)),
        )
        return OutboxMessage(new_id, recipient, body, now, "queued")

    def all(self) -> list[OutboxMessage]:
        """Every message, oldest first."""
        rows = self.store.rows("SELECT * FROM outbox ORDER BY id")
        return [
            OutboxMessage(
                r["id"], r["recipient"], r["body"], from_utc_iso(r["created_at"]), r["status"]
            )
            for r in rows
        ]
