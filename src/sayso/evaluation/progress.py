"""Progress with ETA for long evaluation runs: a bar on a terminal, a line a minute in a log."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

LINE_INTERVAL_S = 60.0
"""Seconds between plain progress lines when stderr is not a terminal: a redrawn bar in a log
is noise, but a 25-minute run that says nothing until it ends looks hung."""


class ProgressBar:
    """Context manager around `rich.progress`; draws on stderr so stdout stays clean for results."""

    def __init__(
        self,
        total: int,
        description: str = "",
        *,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
        write: Callable[[str], object] | None = None,
    ) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._lines = enabled and not self.enabled
        self._total = total
        self._description = description
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._clock = clock
        self._write = write or (lambda line: print(line, file=sys.stderr, flush=True))
        self._done = 0
        self._started = self._last_line = 0.0

    def __enter__(self) -> ProgressBar:
        self._started = self._last_line = self._clock()
        if self.enabled:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._description, total=self._total)
        return self

    def advance(self, steps: int = 1) -> None:
        """Mark `steps` more items done."""
        self._done += steps
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, steps)
        elif self._lines and self._clock() - self._last_line >= LINE_INTERVAL_S:
            self._last_line = self._clock()
            self._write(self.line())

    def line(self) -> str:
        """'description: done/total, elapsed, ETA' as one plain line."""
        elapsed = self._clock() - self._started
        left = elapsed / self._done * (self._total - self._done) if self._done else 0.0
        return (f"{self._description}: {self._done}/{self._total}, {_minutes(elapsed)} elapsed, "
                f"ETA {_minutes(left)}")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
