"""Whether a running process says what comes due, so a one-shot command leaves it alone.

A process that announces (the server, `sayso talk`: `app/announcer.py`) holds a shared lock on
a file beside the state database while it does. `on_startup` and `due` mark what they return
as reported, so a one-shot command (`sayso turn`, `sayso timers`) that ran them in the second
after a timer ended would take that timer from the server, whose announcer would then never
say it or run its command. One-shot commands ask `someone_announces` first and leave due items
to the announcer. Advisory locks are released by the OS when a process dies, so a crashed server
blocks nothing. Without `fcntl` (Windows) nobody is seen announcing: the behaviour before.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import IO, Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl: Any = None  # type: ignore[no-redef]

LOCK_SUFFIX = ".announcing"


def lock_path(db_path: Path) -> Path:
    """The lock file of the state database at `db_path`."""
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


class AnnouncingLock:
    """Held (shared: several processes may announce) while this process announces."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._file: IO[bytes] | None = None

    def hold(self) -> None:
        """Take the shared lock (blocks only while a one-shot command holds its brief check)."""
        if fcntl is None or self._file is not None:
            return
        handle = open(self.path, "ab")  # noqa: SIM115 - held until `release`
        fcntl.flock(handle, fcntl.LOCK_SH)
        self._file = handle

    def release(self) -> None:
        """Let go (closing the file releases the lock)."""
        handle, self._file = self._file, None
        if handle is not None:
            handle.close()


def someone_announces(db_path: Path) -> bool:
    """True while a process holds `AnnouncingLock` on this database (this one included)."""
    path = lock_path(db_path)
    if fcntl is None or not path.exists():
        return False
    with open(path, "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
    return False
