"""Speculative recognition: start transcribing when the user *might* have finished.

When trailing silence begins (the utterance audio is complete), the audio so far is sent to ASR
at once. If the user resumes talking the result is discarded; if the silence lasts until the
endpoint and the audio is unchanged (same sample span), that result is the final transcript, so
the endpointing wait and the recognition overlap instead of adding up.

A discarded transcription cannot be stopped once a pool thread runs it (CTranslate2 calls are not
interruptible); its result is simply ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from typing import Generic, TypeVar

R = TypeVar("R")

Span = tuple[int, int]
"""(first sample, end sample) of the utterance audio in the session's input stream."""


@dataclasses.dataclass
class SpeculationStats:
    """How speculation fared in one session."""

    started: int = 0
    hits: int = 0
    discarded: int = 0
    misses: int = 0
    """Endpoints whose audio differed from the speculation (or none was running)."""


class Speculator(Generic[R]):
    """Holds at most one speculative result and hands it over only for the same audio span."""

    def __init__(self) -> None:
        self.stats = SpeculationStats()
        self._span: Span | None = None
        self._future: asyncio.Future[R] | None = None

    @property
    def pending(self) -> bool:
        """True while a speculation is held."""
        return self._future is not None

    def holds(self, future: asyncio.Future[R]) -> bool:
        """True while `future` is the held speculation (not discarded, not taken)."""
        return self._future is future

    def ready(self) -> R | None:
        """The held speculation's result once it has finished successfully, else None."""
        future = self._future
        if future is None or not future.done() or future.cancelled() or future.exception():
            return None
        return future.result()

    def start(self, span: Span, future: asyncio.Future[R]) -> None:
        """Hold `future` (already running) as the transcription of `span`."""
        self.discard()
        self._span, self._future = span, future
        self.stats.started += 1

    def discard(self) -> None:
        """Forget the held speculation (speech resumed, input cleared)."""
        if self._future is None:
            return
        self.stats.discarded += 1
        _forget(self._future)
        self._span = self._future = None

    def take(self, span: Span) -> asyncio.Future[R] | None:
        """The speculation for exactly `span` (a hit), else None (a miss; any other is dropped)."""
        future, held = self._future, self._span
        self._span = self._future = None
        if future is not None and held == span and not future.cancelled():
            self.stats.hits += 1
            return future
        if future is not None:
            self.stats.discarded += 1
            _forget(future)
        self.stats.misses += 1
        return None


def _forget(future: asyncio.Future[R]) -> None:
    """Drop a future without leaving an unretrieved exception behind."""
    if future.done():
        with contextlib.suppress(BaseException):
            future.exception()
    else:
        future.cancel()  # not yet started in the pool: it never runs
