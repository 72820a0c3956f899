"""The state database schema, as ordered migrations: entry i upgrades version i to i + 1."""

from __future__ import annotations

from typing import Final

MIGRATIONS: Final[tuple[str, ...]] = (
    # 0 -> 1: the first schema.
    """
    CREATE TABLE devices (
        entity_id TEXT PRIMARY KEY,
        domain TEXT NOT NULL,
        name TEXT NOT NULL,
        area TEXT,
        state TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE timers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT,
        duration_s REAL NOT NULL CHECK (duration_s > 0),
        started_at TEXT NOT NULL,
        ends_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'fired', 'cancelled')),
        remaining_s REAL
    );
    CREATE INDEX timers_status ON timers (status, ends_at);
    CREATE TABLE alarms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        label TEXT,
        due_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'fired', 'missed', 'cancelled')),
        created_at TEXT NOT NULL,
        reported INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX alarms_status ON alarms (status, due_at);
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recipient TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued'
    );
    CREATE TABLE list_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        list_name TEXT NOT NULL,
        item TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE INDEX list_items_list ON list_items (list_name, done);
    CREATE TABLE custom_actions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        intent TEXT NOT NULL,
        slots TEXT NOT NULL DEFAULT '{}',
        text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    """,
    # 1 -> 2: the dialogue survives a restart (pending confirmations, conversation memory).
    """
    CREATE TABLE pending_actions (
        session TEXT PRIMARY KEY,
        tool TEXT NOT NULL,
        arguments TEXT NOT NULL DEFAULT '{}',
        question TEXT NOT NULL,
        turn_id TEXT NOT NULL,
        created_s REAL NOT NULL,
        intent TEXT
    );
    CREATE TABLE conversation (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session TEXT NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        tool_call TEXT,
        created_s REAL NOT NULL
    );
    CREATE INDEX conversation_session ON conversation (session, id);
    CREATE TABLE conversation_targets (
        session TEXT PRIMARY KEY,
        targets TEXT NOT NULL
    );
    """,
    # 2 -> 3: a timer may run a command when it ends ("turn off the light in 5 minutes").
    """
    ALTER TABLE timers ADD COLUMN command TEXT;
    ALTER TABLE timers ADD COLUMN command_intent TEXT;
    """,
    # 3 -> 4: a timer or alarm is announced in the language it was asked for in.
    """
    ALTER TABLE timers ADD COLUMN language TEXT;
    ALTER TABLE alarms ADD COLUMN language TEXT;
    """,
    # 4 -> 5: an alarm may repeat on weekdays ("every weekday"): "0,1,2,3,4", Monday = 0.
    """
    ALTER TABLE alarms ADD COLUMN repeat TEXT;
    """,
)

SCHEMA_VERSION: Final[int] = len(MIGRATIONS)
"""Version of a database migrated to the newest schema."""
