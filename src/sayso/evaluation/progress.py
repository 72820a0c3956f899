"""A progress bar with ETA for long evaluation runs; silent when disabled or not on a terminal."""

from __future__ import annotations

import sys
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


class ProgressBar:
    """Context manager around `rich.progress`; draws on stderr so stdout stays clean for results."""

    def __init__(self, total: int, description: str = "", *, enabled: bool = True) -> None:
        # Progress output in logs and pipes is noise: draw only on an interactive terminal.
        self.enabled = enabled and sys.stderr.isatty()
        self._total = total
        self._description = description
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressBar:
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
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, steps)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
