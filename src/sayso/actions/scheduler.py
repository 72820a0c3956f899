"""The async scheduler: sleeps until the next timer or alarm is due, then reports it."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Awaitable, Callable
from typing import Final

from sayso.actions.clock import Clock
from sayso.actions.store import Store
from sayso.actions.timers import DueItem, due, next_due, on_startup

MAX_SLEEP_S: Final[float] = 30.0
"""Longest sleep between checks, in seconds: bounds the error after wall-clock jumps and lets
timers set by another process be noticed."""

DueCallback = Callable[[DueItem], Awaitable[None] | None]


class Scheduler:
    """Fires `callback` for every due timer and alarm, including after a restart."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        callback: DueCallback,
        *,
        max_sleep_s: float = MAX_SLEEP_S,
        report_missed: bool = True,
        dropped: Callable[[list[DueItem]], None] | None = None,
    ) -> None:
        """`dropped`: told the due items the loop was cancelled before handling.

        `due` marks every item fired at once, so they would be lost otherwise.
        """
        self.store = store
        self.clock = clock
        self.callback = callback
        self.max_sleep_s = max_sleep_s
        self.report_missed = report_missed
        self.dropped = dropped
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Re-check now (call after setting a timer or alarm so a short one is not overslept)."""
        self._wake.set()

    async def run(self) -> None:
        """Loop forever (cancel the task to stop); missed alarms are reported first, once."""
        if self.report_missed:
            await self._handle(on_startup(self.store, self.clock.now()))
        while True:
            # The store is read in a thread: another process holding its write lock must not
            # stall the loop (live audio runs on it). `due` writes, so a plain read comes first.
            now = self.clock.now()
            when = await asyncio.to_thread(next_due, self.store)
            if when is not None and when <= now:
                await self._handle(await asyncio.to_thread(due, self.store, now))
            await self._sleep(await asyncio.to_thread(self._delay))

    async def _handle(self, items: list[DueItem]) -> None:
        for i, item in enumerate(items):
            try:
                await self._call(item)
            except asyncio.CancelledError:
                if self.dropped is not None:
                    self.dropped(items[i:])
                raise

    def _delay(self) -> float:
        when = next_due(self.store)
        if when is None:
            return self.max_sleep_s
        seconds = (when - self.clock.now()).total_seconds()
        return min(self.max_sleep_s, max(0.0, seconds))

    async def _sleep(self, seconds: float) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    async def _call(self, item: DueItem) -> None:
        result = self.callback(item)
        if inspect.isawaitable(result):
            await result
