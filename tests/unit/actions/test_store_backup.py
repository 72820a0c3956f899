"""Backups with SQLite's online backup API, and a clean WAL checkpoint when the store closes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sayso.actions import Store
from sayso.errors import ConfigError

MESSAGES = 50


def _write(store: Store) -> None:
    with store.transaction():
        for i in range(MESSAGES):
            store.execute(
                "INSERT INTO outbox (recipient, body, status, created_at) VALUES (?, ?, ?, ?)",
                (f"friend{i}", f"message {i}", "queued", "2025-03-10T22:00:00+00:00"),
            )


def _outbox(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return conn.execute("SELECT recipient, body FROM outbox ORDER BY id").fetchall()
    finally:
        conn.close()


def test_backup_of_a_live_store_holds_everything(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.sqlite3")
    _write(store)
    copy = tmp_path / "backup.sqlite3"
    store.backup(copy)  # while the store stays open, its writes still in the WAL
    store.close()
    rows = _outbox(copy)
    assert len(rows) == MESSAGES and rows[0] == ("friend0", "message 0")
    assert not Path(f"{copy}-wal").exists()  # one self-contained file
    assert copy.stat().st_mode & 0o777 == 0o600  # private data: owner-only
    assert not list(tmp_path.glob(".*.partial"))


def test_close_checkpoints_so_the_main_file_alone_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = Store(path)
    # Another process (`sayso home`, a server) keeps the database open, so SQLite's own
    # checkpoint on last close never runs: only the store's explicit one moves the data.
    other = sqlite3.connect(path)
    other.execute("SELECT count(*) FROM outbox").fetchall()
    try:
        _write(store)
        store.close()
        alone = tmp_path / "copied.sqlite3"
        shutil.copyfile(path, alone)  # what a user copying "the database" does
        assert len(_outbox(alone)) == MESSAGES
    finally:
        other.close()


def test_backup_to_an_unwritable_place_is_a_config_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.sqlite3")
    try:
        with pytest.raises(ConfigError, match="cannot back up"):
            store.backup(tmp_path / "no" / "such" / "folder" / "b.sqlite3")
    finally:
        store.close()
