"""The stage base class: consume some event types, emit events, pass the rest through.

A stage works on one data event at a time while it keeps watching its inbox for control events, so a
`Cancel` interrupts the work in progress (e.g. synthesis of a long reply) instead of queueing behind
it. Blocking inference is run off the event loop with `run_blocking`.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor
from typing import ClassVar, TypeVar

from sayso.errors import SaysoError
from sayso.events import Cancel, EndOfStream, ErrorEvent, Event
from sayso.runtime.channel import Channel, ChannelClosed

log = logging.getLogger(__name__)
R = TypeVar("R")


async def run_blocking(fn: Callable[[], R], executor: Executor | None = None) -> R:
    """Run blocking work (model inference) in the bounded pool, keeping the loop responsive."""
    return await asyncio.get_running_loop().run_in_executor(executor, fn)


class Stage(abc.ABC):
    """One step of the pipeline."""

    consumes: ClassVar[tuple[type[Event], ...]] = ()
    """Event types handed to `process`; every other data event is passed through unchanged."""

    name: ClassVar[str] = "stage"

    forward_consumed: ClassVar[bool] = True
    """Pass consumed events on too, so clients and later stages see every milestone (transcript,
    intent...). Stages whose input is bulk audio (VAD frames) turn this off."""

    @abc.abstractmethod
    def process(self, event: Event) -> AsyncIterator[Event]:
        """Handle one consumed event, yielding the events it produces."""

    async def flush(self) -> AsyncIterator[Event]:
        """At end of stream: yield whatever the stage still holds."""
        return
        yield  # pragma: no cover  (makes this an async generator)

    def on_cancel(self, event: Cancel) -> None:  # noqa: B027  (optional hook)
        """Forget state of the cancelled turn."""

    async def run(self, inbox: Channel, outbox: Channel) -> None:
        """Pump events from `inbox` to `outbox` until end of stream or the inbox closes."""
        while True:
            try:
                event = await inbox.get()
            except ChannelClosed:
                return
            if isinstance(event, EndOfStream):
                await self._emit(self.flush(), outbox)
                await outbox.put(event)
                return
            if isinstance(event, Cancel):
                self.on_cancel(event)
                outbox.put_control(event)
                continue
            if not isinstance(event, self.consumes):
                await outbox.put(event)
                continue
            if self.forward_consumed:
                await outbox.put(event)
            await self._work(event, inbox, outbox)

    async def _work(self, event: Event, inbox: Channel, outbox: Channel) -> None:
        """Process `event` while serving control events that arrive meanwhile."""
        work = asyncio.create_task(self._emit(self.process(event), outbox))
        watcher: asyncio.Task[None] | None = None
        try:
            while not work.done():
                watcher = asyncio.create_task(inbox.wait_control())
                await asyncio.wait({work, watcher}, return_when=asyncio.FIRST_COMPLETED)
                watcher.cancel()
                if work.done() or not inbox.has_control:
                    continue
                control = await inbox.get()
                if isinstance(control, Cancel) and control.turn_id in ("", event.turn_id):
                    work.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await work
                    self.on_cancel(control)
                    outbox.put_control(control)
                    return
                if isinstance(control, Cancel):
                    self.on_cancel(control)
                outbox.put_control(control)
        finally:
            # The stage itself may be cancelled (pipeline shut down, client gone): leave no
            # orphaned tasks behind.
            for task in (work, watcher):
                if task is not None and not task.done():
                    task.cancel()

    async def _emit(self, events: AsyncIterator[Event], outbox: Channel) -> None:
        try:
            async for out in events:
                await outbox.put(out)
        except SaysoError as exc:
            outbox.put_control(ErrorEvent(code=exc.code, message=exc.message))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("stage %s failed", self.name)
            outbox.put_control(
                ErrorEvent(
                    code="internal", message=f"{self.name}: {type(exc).__name__}", server_fault=True
                )
            )
