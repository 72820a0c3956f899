"""Speculative recognition hands over a result only for the same audio."""

from __future__ import annotations

import asyncio

from sayso.session.speculative import Speculator


async def test_hit_miss_and_discard() -> None:
    loop = asyncio.get_running_loop()
    spec: Speculator[str] = Speculator()
    first: asyncio.Future[str] = loop.create_future()
    spec.start((0, 50), first)
    spec.discard()  # the user went on talking
    assert first.cancelled()
    second: asyncio.Future[str] = loop.create_future()
    second.set_result("turn on the light")
    spec.start((0, 80), second)
    taken = spec.take((0, 80))
    assert taken is second and await taken == "turn on the light"
    third: asyncio.Future[str] = loop.create_future()
    spec.start((100, 150), third)
    assert spec.take((100, 160)) is None  # different audio: a miss
    assert spec.take((0, 10)) is None
    assert (spec.stats.started, spec.stats.hits, spec.stats.discarded) == (3, 1, 2)
    assert spec.stats.misses == 2
