"""The session's bounded output: a stalled consumer loses its oldest events, never blocks."""

from __future__ import annotations

from sayso.events import BargeIn, ErrorEvent, PartialTranscript, ReplyText
from sayso.session.event_queue import EventQueue


async def test_drops_partials_first_then_oldest_and_reports_it() -> None:
    box = EventQueue(capacity=3)
    box.put(ReplyText(text="a"))
    box.put(PartialTranscript(text="p"))
    box.put(BargeIn(response_id="r", voiced_ms=300.0))
    box.put(ReplyText(text="b"))  # evicts the partial
    box.put(ReplyText(text="c"))  # evicts the oldest data event ("a")
    box.close()
    got = [e async for e in box]
    assert isinstance(got[0], ErrorEvent) and got[0].code == "output_overflow"
    assert [type(e).__name__ for e in got[1:]] == ["BargeIn", "ReplyText", "ReplyText"]
    assert [e.text for e in got[2:]] == ["b", "c"]  # type: ignore[attr-defined]
    assert box.dropped == 2


async def test_put_after_close_is_ignored() -> None:
    box = EventQueue()
    box.close()
    box.put(ReplyText(text="late"))
    assert [e async for e in box] == []
