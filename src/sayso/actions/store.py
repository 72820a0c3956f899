"""The SQLite state store: home, timers, alarms, outbox, lists and custom actions in one file.

Every handler writes inside one `transaction()`, so a request either happens completely or not at
all. The connection is shared between the event loop (scheduler) and the worker thread that runs
handlers, so access is serialised with a re-entrant lock.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from sayso.actions.schema import MIGRATIONS, SCHEMA_VERSION
from sayso.errors import ConfigError

PRIVATE_DIR_MODE: Final[int] = 0o700
PRIVATE_FILE_MODE: Final[int] = 0o600
"""The database holds the household's messages, lists and schedule: owner-only. SQLite gives
its -wal and -shm files the database file's mode."""
BUSY_TIMEOUT_S: Final[float] = 2.0
"""How long to wait for another process's write lock before giving up, in seconds."""
BACKUP_FILE_MODE: Final[int] = 0o600
"""A backup holds the household's messages, lists and schedule: owner-only."""


class Store:
    """A SQLite database file with the sayso schema, migrated on open."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._depth = 0
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
                _make_private(self.path)
            # check_same_thread=False: handlers run in a worker thread; the RLock serialises use.
            self._conn = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (sqlite3.Error, OSError) as exc:
            raise ConfigError(f"cannot open state database {self.path}: {_reason(exc)}") from None
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
            migrate(self)
        except (sqlite3.Error, ConfigError) as exc:
            self._conn.close()
            if isinstance(exc, ConfigError):
                raise
            raise ConfigError(f"cannot use state database {self.path}: {_reason(exc)}") from None

    def close(self) -> None:
        """Fold the write-ahead log into the database file, then close the connection.

        After a clean close the main file alone holds everything, so copying just that file (as
        users and backup tools do) loses nothing.
        """
        with self._lock:
            with contextlib.suppress(sqlite3.Error):  # read-only or busy: the WAL stays valid
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()

    def backup(self, target: str | Path) -> None:
        """Copy the live database to `target` with SQLite's online backup API.

        The copy is consistent even while others write, and is one self-contained file. It is
        written beside `target` and then renamed, so a failed backup leaves no half file behind.
        Raises `ConfigError` when the target cannot be written.
        """
        target = Path(target)
        partial = target.with_name(f".{target.name}.partial")
        try:
            partial.unlink(missing_ok=True)
            os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, BACKUP_FILE_MODE))
            copy = sqlite3.connect(str(partial))
            try:
                with self._lock:
                    self._conn.backup(copy)
                # The copy inherits WAL mode; a rollback journal keeps it one file when closed.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
            partial.replace(target)
        except (sqlite3.Error, OSError) as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise ConfigError(f"cannot back up to {target}: {_reason(exc)}") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together or roll back on any error; nesting uses savepoints."""
        with self._lock:
            outer = self._depth == 0
            name = f"sp{self._depth}"
            self._conn.execute("BEGIN IMMEDIATE" if outer else f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                else:
                    self._conn.execute(f"ROLLBACK TO {name}")
                    self._conn.execute(f"RELEASE {name}")
                raise
            self._depth -= 1
            self._conn.execute("COMMIT" if outer else f"RELEASE {name}")

    @contextlib.contextmanager
    def rehearsal(self) -> Iterator[Store]:
        """A transaction that is always rolled back: reads inside see its writes, none stay.

        What a speculative turn plans with (`ActionHandler.plan`): the handler runs exactly as
        it would, so its reply and changes are the real ones, and nothing reaches the file.
        """
        with self._lock:
            try:
                with self.transaction():
                    yield self
                    raise _Rehearsed
            except _Rehearsed:
                pass

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement (inside the caller's transaction, if any)."""
        with self._lock:
            return self._conn.execute(sql, params)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """All rows of a query."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def row(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        """The first row of a query, or None."""
        with self._lock:
            found: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            return found

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT and return the new row id."""
        with self._lock:
            rowid = self._conn.execute(sql, params).lastrowid
            assert rowid is not None  # an INSERT always sets it
            return rowid

    def schema_version(self) -> int:
        """The database's schema version."""
        found = self.row("SELECT version FROM schema_version")
        return int(found["version"]) if found else 0


class _Rehearsed(Exception):
    """Unwinds a rehearsal's transaction (rolls it back) once its body has run."""


def migrate(store: Store) -> None:
    """Bring the database to `SCHEMA_VERSION`, one migration per transaction."""
    with store.transaction():
        store.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        if store.row("SELECT version FROM schema_version") is None:
            store.execute("INSERT INTO schema_version (version) VALUES (0)")
    version = store.schema_version()
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"state database {store.path} has schema {version}, newer than this sayso "
            f"({SCHEMA_VERSION}); upgrade sayso or use another db_path"
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with store.transaction():
            for statement in _statements(MIGRATIONS[target - 1]):
                store.execute(statement)
            store.execute("UPDATE schema_version SET version = ?", (target,))


def _statements(script: str) -> list[str]:
    # executescript() would commit the open transaction, so run the statements one by one.
    return [s.strip() for s in script.split(";") if s.strip()]


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "not a database" in text:
        return "the file is not a SQLite database"
    if "locked" in text:
        return "the database is locked by another process"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only"
    return text


def _make_private(path: Path) -> None:
    """Create the database file owner-only, or tighten an existing one we own."""
    if path.exists():
        with contextlib.suppress(OSError):  # not ours (e.g. a shared read-only copy): leave it
            if path.stat().st_mode & 0o077:
                path.chmod(PRIVATE_FILE_MODE)
        return
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))
