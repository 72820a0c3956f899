"""The session's output queue: bounded, never blocking the engine.

Nothing inside the session waits for the consumer, so a client that stops reading cannot stall
its own engine, the shared inference pool or any other session. When `capacity` events are queued
the oldest partial transcript is dropped first, then the oldest event of any kind; the consumer is
told with one `ErrorEvent(code="output_overflow")` before the next event it reads. Control events
(`BargeIn`, errors) are dropped last: they are only evicted once nothing else is left.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import AsyncIterator

from sayso.events import ErrorEvent, Event, Lane, PartialTranscript

log = logging.getLogger(__name__)

DEFAULT_CAPACITY = 2048
"""Events held for a slow consumer (a reply is ~10 audio chunks per sentence)."""


class EventQueue:
    """Bounded FIFO of output events with a drop-oldest policy."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self.dropped = 0
        """Events dropped since the session began."""
        self._queue: collections.deque[Event] = collections.deque()
        self._unreported = 0
        self._readable = asyncio.Event()
        self._closed = False

    def put(self, event: Event) -> None:
        """Queue an event at once; evicts an old one when full."""
        if self._closed:
            return
        if len(self._queue) >= self.capacity:
            self._evict()
        self._queue.append(event)
        self._readable.set()

    def _evict(self) -> None:
        victim: Event | None = next(
            (e for e in self._queue if isinstance(e, PartialTranscript)), None
        )
        if victim is None:
            victim = next((e for e in self._queue if e.lane is Lane.DATA), self._queue[0])
        self._queue.remove(victim)
        self.dropped += 1
        self._unreported += 1
        if self._unreported == 1:
            log.warning("session output full (%d events): dropping the oldest", self.capacity)

    def close(self) -> None:
        """No more events; the reader ends after draining."""
        self._closed = True
        self._readable.set()

    async def __aiter__(self) -> AsyncIterator[Event]:
        """Every event in order, until closed and drained."""
        while True:
            if self._unreported:
                n, self._unreported = self._unreported, 0
                yield ErrorEvent(
                    code="output_overflow",
                    message=f"{n} events dropped: the client is not reading fast enough",
                )
            if self._queue:
                yield self._queue.popleft()
                continue
            if self._closed:
                return
            self._readable.clear()
            await self._readable.wait()
