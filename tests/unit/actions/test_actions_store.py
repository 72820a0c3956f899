from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sayso.actions.schema import SCHEMA_VERSION
from sayso.actions.store import Store
from sayso.errors import ConfigError


def test_new_database_is_migrated_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.row("PRAGMA journal_mode")[0] == "wal"
    assert store.row("PRAGMA foreign_keys")[0] == 1
    store.close()
    again = Store(path)
    assert again.schema_version() == SCHEMA_VERSION
    again.close()


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    with pytest.raises(RuntimeError), store.transaction():
        store.execute("INSERT INTO outbox (recipient, body, created_at) VALUES ('Bob', 'hi', 'x')")
        raise RuntimeError("boom")
    assert store.rows("SELECT * FROM outbox") == []


def test_nested_transaction_rolls_back_only_inner(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    sql = "INSERT INTO outbox (recipient, body, created_at) VALUES (?, 'hi', 'x')"
    with store.transaction():
        store.execute(sql, ("outer",))
        with pytest.raises(ValueError), store.transaction():
            store.execute(sql, ("inner",))
            raise ValueError
    assert [r["recipient"] for r in store.rows("SELECT * FROM outbox")] == ["outer"]


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is definitely not sqlite" * 100)
    with pytest.raises(ConfigError, match="not a SQLite database"):
        Store(path)


def test_locked_database(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ConfigError, match="locked"):
            Store(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = Store(path)
    store.execute("UPDATE schema_version SET version = 99")
    store.close()
    with pytest.raises(ConfigError, match="newer"):
        Store(path)


def test_a_database_of_the_previous_schema_keeps_its_timers(tmp_path: Path) -> None:
    from sayso.actions.schema import MIGRATIONS

    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript("".join(MIGRATIONS[:2]))
    old.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    old.execute("INSERT INTO schema_version (version) VALUES (2)")
    old.execute(
        "INSERT INTO timers (name, duration_s, started_at, ends_at, status)"
        " VALUES ('tea', 300, '2026-01-01T00:00:00+00:00', '2026-01-01T00:05:00+00:00', 'active')"
    )
    old.execute(
        "INSERT INTO alarms (label, due_at, status, created_at)"
        " VALUES ('bins', '2026-01-02T07:00:00+00:00', 'pending', '2026-01-01T00:00:00+00:00')"
    )
    old.commit()
    old.close()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION == 5
    [row] = store.rows("SELECT name, command, command_intent, language FROM timers")
    assert tuple(row) == ("tea", None, None, None)  # said in the assistant's language
    [alarm] = store.rows("SELECT label, language, repeat FROM alarms")
    assert tuple(alarm) == ("bins", None, None)  # rings once, as it was set
    store.close()
