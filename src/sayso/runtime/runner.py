"""Chain stages with channels and run them as tasks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterable, AsyncIterator, Sequence

from sayso.events import EndOfStream, Event
from sayso.runtime.channel import Channel, ChannelClosed
from sayso.runtime.stage import Stage


class Pipeline:
    """Stages in order; events from the source flow through each, all events come out the end."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)
        self.inbox = Channel()
        """First channel: feed input here; `inbox.put_control(Cancel(...))` interrupts."""
        self._channels = [self.inbox] + [Channel() for _ in self.stages]

    async def run(self, source: AsyncIterable[Event]) -> AsyncIterator[Event]:
        """Feed `source` (which should end with EndOfStream) and yield every output event."""
        tasks = [
            asyncio.create_task(stage.run(self._channels[i], self._channels[i + 1]))
            for i, stage in enumerate(self.stages)
        ]
        feeder = asyncio.create_task(self._feed(source))
        out = self._channels[-1]
        try:
            while True:
                try:
                    event = await out.get()
                except ChannelClosed:
                    break
                yield event
                if isinstance(event, EndOfStream):
                    break
            await feeder
        finally:
            for task in [feeder, *tasks]:
                task.cancel()
            for task in [feeder, *tasks]:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _feed(self, source: AsyncIterable[Event]) -> None:
        async for event in source:
            await self.inbox.put(event)
