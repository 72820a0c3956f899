"""A stage test harness: feed events into stages, collect the events that come out.

Shipped with the package (not only the test suite) so that third-party engines and stages can be
tested the same way: `events_out = await run_stages([MyStage()], [event, ...])`. The stages run in
a real `Pipeline` (channels, lanes, runner), so what a test sees is what production sees.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Sequence

from sayso.events import EndOfStream, Event
from sayso.runtime.runner import Pipeline
from sayso.runtime.stage import Stage


async def run_stages(
    stages: Sequence[Stage],
    events: Iterable[Event] | AsyncIterator[Event],
    *,
    end: bool = True,
    controls: Sequence[tuple[float, Event]] = (),
) -> list[Event]:
    """Every event out of `stages` for `events` in (and an `EndOfStream` after them if `end`).

    `controls` are (delay in seconds, event) pairs put on the control lane while the input is
    being fed (a Cancel arriving mid-reply, a barge-in).
    """
    pipeline = Pipeline(list(stages))

    async def inject() -> None:
        for delay, control in controls:
            await asyncio.sleep(delay)
            pipeline.inbox.put_control(control)

    async def source() -> AsyncIterator[Event]:
        injector = asyncio.create_task(inject())
        if isinstance(events, AsyncIterator):
            async for event in events:
                yield event
        else:
            for event in events:
                yield event
        await injector  # the input stays open until every control is in, as a live client's
        if end:
            yield EndOfStream()

    return [event async for event in pipeline.run(source())]


def of_type(events: Iterable[Event], kind: type[Event]) -> list[Event]:
    """The events of one type, in order."""
    return [event for event in events if isinstance(event, kind)]
