"""A two-lane channel between stages: control events overtake queued data.

Data is bounded (a slow consumer makes the producer wait: backpressure, not unbounded memory);
control events are never dropped or blocked. End of stream keeps its place behind the data. A
`Cancel` also discards the data of its turn that is still queued, so a barge-in does not have to
wait for stale audio or text to drain.
"""

from __future__ import annotations

import asyncio
import collections

from sayso.events import Cancel, EndOfStream, Event, Lane

DEFAULT_DATA_CAPACITY = 256
"""Queued data events per channel before `put` waits (about 8 s of 32 ms frames)."""


class ChannelClosed(Exception):
    """Raised by `get` once the channel is closed and empty."""


class Channel:
    """Async two-lane queue for one producer and one consumer on one event loop."""

    def __init__(self, capacity: int = DEFAULT_DATA_CAPACITY) -> None:
        self._capacity = capacity
        self._control: collections.deque[Event] = collections.deque()
        self._data: collections.deque[Event] = collections.deque()
        self._readable = asyncio.Event()
        self._writable = asyncio.Event()
        self._writable.set()
        self._closed = False

    def __len__(self) -> int:
        return len(self._control) + len(self._data)

    @property
    def has_control(self) -> bool:
        """True when a control event is waiting."""
        return bool(self._control)

    async def put(self, event: Event) -> None:
        """Queue an event; waits only when the data lane is full."""
        if event.lane is Lane.CONTROL:
            self.put_control(event)
            return
        while len(self._data) >= self._capacity and not self._closed:
            self._writable.clear()
            await self._writable.wait()
        self._data.append(event)
        self._readable.set()

    def put_control(self, event: Event) -> None:
        """Queue a control event at once (callable from sync code on the loop)."""
        if isinstance(event, Cancel):
            self._drop_turn(event.turn_id)
        self._control.append(event)
        self._readable.set()

    async def get(self) -> Event:
        """Next event, control first."""
        while True:
            if self._control:
                return self._control.popleft()
            if self._data:
                event = self._data.popleft()
                self._writable.set()
                return event
            if self._closed:
                raise ChannelClosed
            self._readable.clear()
            await self._readable.wait()

    async def wait_control(self) -> None:
        """Return once a control event is queued (does not remove it)."""
        while not self._control:
            if self._closed:
                return
            self._readable.clear()
            await self._readable.wait()

    def close(self) -> None:
        """No more events will be put; readers drain what is queued, then get ChannelClosed."""
        self._closed = True
        self._readable.set()
        self._writable.set()

    def _drop_turn(self, turn_id: str) -> None:
        kept = [
            e
            for e in self._data
            if isinstance(e, EndOfStream) or (turn_id and e.turn_id != turn_id)
        ]
        self._data.clear()
        self._data.extend(kept)
        self._writable.set()
