"""The stage runner with scripted fake stages (pure pipeline logic; engines tested elsewhere)."""

import asyncio
from collections.abc import AsyncIterator
from typing import ClassVar

from sayso.errors import BadInput
from sayso.events import Cancel, EndOfStream, ErrorEvent, Event, ReplyText, Transcript
from sayso.runtime.runner import Pipeline
from sayso.runtime.stage import Stage
from sayso.runtime.testing import of_type, run_stages


class Upper(Stage):
    consumes: ClassVar[tuple[type[Event], ...]] = (Transcript,)

    async def process(self, event: Event) -> AsyncIterator[Event]:
        assert isinstance(event, Transcript)
        if event.text == "bad":
            raise BadInput("bad words", code="bad_words")
        yield ReplyText(turn_id=event.turn_id, text=event.text.upper())


class Slow(Stage):
    """Emits one piece, then takes a long time: a stand-in for long synthesis."""

    consumes: ClassVar[tuple[type[Event], ...]] = (ReplyText,)

    def __init__(self) -> None:
        self.cancelled = 0

    async def process(self, event: Event) -> AsyncIterator[Event]:
        yield event
        await asyncio.sleep(10)
        yield ReplyText(turn_id=event.turn_id, text="never")

    def on_cancel(self, event: Cancel) -> None:
        self.cancelled += 1


async def collect(pipeline: Pipeline, events: list[Event]) -> list[Event]:
    async def source() -> AsyncIterator[Event]:
        for e in events:
            yield e

    return [e async for e in pipeline.run(source())]


async def test_consumed_events_are_transformed_and_others_pass_through() -> None:
    out = await collect(
        Pipeline([Upper()]),
        [Transcript(turn_id="t", text="hi"), ReplyText(turn_id="t", text="as is"), EndOfStream()],
    )
    texts = [e.text for e in out if isinstance(e, ReplyText)]
    assert texts == ["HI", "as is"]
    assert isinstance(out[0], Transcript)  # consumed events are forwarded too
    assert isinstance(out[-1], EndOfStream)


async def test_errors_become_error_events_and_the_stream_goes_on() -> None:
    out = await collect(
        Pipeline([Upper()]),
        [Transcript(turn_id="t", text="bad"), Transcript(turn_id="t", text="ok"), EndOfStream()],
    )
    errors = [e for e in out if isinstance(e, ErrorEvent)]
    assert [e.code for e in errors] == ["bad_words"]
    assert any(isinstance(e, ReplyText) and e.text == "OK" for e in out)


async def test_cancel_interrupts_work_in_progress() -> None:
    slow = Slow()
    pipeline = Pipeline([Upper(), slow])
    seen: list[Event] = []

    async def source() -> AsyncIterator[Event]:
        yield Transcript(turn_id="t", text="hello")
        await asyncio.sleep(0.05)
        pipeline.inbox.put_control(Cancel(turn_id="t", reason="barge_in"))
        await asyncio.sleep(0.05)
        yield EndOfStream()

    async def run() -> None:
        async for e in pipeline.run(source()):
            seen.append(e)

    await asyncio.wait_for(run(), 2.0)  # would take 10 s if the cancel waited behind the work
    assert slow.cancelled == 1
    names = [type(e).__name__ for e in seen]
    assert names == ["Transcript", "ReplyText", "ReplyText", "Cancel", "EndOfStream"]
    assert not any(isinstance(e, ReplyText) and e.text == "never" for e in seen)


async def test_the_harness_feeds_events_and_overtakes_with_controls() -> None:
    slow = Slow()
    out = await run_stages(
        [Upper(), slow],
        [Transcript(turn_id="t", text="hello")],
        controls=[(0.2, Cancel(turn_id="t", reason="barge_in"))],
    )
    texts = [e.text for e in of_type(out, ReplyText) if isinstance(e, ReplyText)]
    assert texts == ["HELLO", "HELLO"] and slow.cancelled == 1  # no "never": the Cancel cut it
    assert of_type(out, Cancel) and isinstance(out[-1], EndOfStream)


class Broken(Stage):
    consumes: ClassVar[tuple[type[Event], ...]] = (Transcript,)

    async def process(self, event: Event) -> AsyncIterator[Event]:
        raise RuntimeError("a bug")
        yield event  # pragma: no cover - makes this an async generator


async def test_a_bug_is_a_server_fault_and_bad_input_is_not() -> None:
    bug = await run_stages([Broken()], [Transcript(turn_id="t", text="x")])
    bad = await run_stages([Upper()], [Transcript(turn_id="t", text="bad")])
    faults = [(e.code, e.server_fault) for e in [*bug, *bad] if isinstance(e, ErrorEvent)]
    assert faults == [("internal", True), ("bad_words", False)]
