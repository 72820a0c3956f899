import asyncio
import dataclasses

import pytest

from sayso.events import Cancel, EndOfStream, Event, ReplyText
from sayso.runtime.channel import Channel, ChannelClosed


def text(t: str, turn: str = "a") -> ReplyText:
    return ReplyText(turn_id=turn, text=t)


async def test_control_overtakes_queued_data() -> None:
    ch = Channel()
    for i in range(3):
        await ch.put(text(str(i)))
    await ch.put(Cancel(turn_id="other"))
    await ch.put(EndOfStream())
    first = await ch.get()
    assert isinstance(first, Cancel)
    assert [(await ch.get()).text for _ in range(3)] == ["0", "1", "2"]  # type: ignore[attr-defined]
    assert isinstance(await ch.get(), EndOfStream)  # end of stream keeps its place


async def test_cancel_drops_queued_data_of_its_turn_only() -> None:
    ch = Channel()
    await ch.put(text("old", "a"))
    await ch.put(text("other", "b"))
    await ch.put(EndOfStream())
    await ch.put(Cancel(turn_id="a", reason="barge_in"))
    got = [await ch.get(), await ch.get(), await ch.get()]
    assert isinstance(got[0], Cancel)
    assert isinstance(got[1], ReplyText) and got[1].text == "other"
    assert isinstance(got[2], EndOfStream)  # never dropped
    assert len(ch) == 0


async def test_full_data_lane_applies_backpressure_but_control_passes() -> None:
    ch = Channel(capacity=2)
    await ch.put(text("1"))
    await ch.put(text("2"))
    blocked = asyncio.create_task(ch.put(text("3")))
    await asyncio.sleep(0.01)
    assert not blocked.done()
    ch.put_control(Cancel(turn_id="zzz"))  # never blocks
    assert isinstance(await ch.get(), Cancel)
    await ch.get()
    await asyncio.wait_for(blocked, 1.0)


async def test_closed_channel_drains_then_raises() -> None:
    ch = Channel()
    await ch.put(text("last"))
    ch.close()
    assert isinstance(await ch.get(), ReplyText)
    with pytest.raises(ChannelClosed):
        await ch.get()


def test_serialisation_is_derived_from_fields() -> None:
    ev = ReplyText(turn_id="t1", text="hello", is_final=False)
    d = ev.to_dict()
    assert d["type"] == "reply_text"
    assert {f.name for f in dataclasses.fields(ev)} <= set(d)
    assert d["text"] == "hello" and d["is_final"] is False
    assert isinstance(Event().t_created, float)
