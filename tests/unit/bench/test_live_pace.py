"""`sayso bench live`'s microphone keeps real time across sends (pure logic, a fake clock).

A client that streams silence one 40 ms chunk per call must still send 40 ms per 40 ms: sent
as fast as the socket takes them, seconds of "silence" arrive in a fraction of a second and the
server ends turns at its longest silence before their cues are read.
"""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest

from sayso.bench import live
from sayso.constants import SAMPLE_RATE

from .live_clock import use_clock


class Clock:
    """Monotonic time that only `sleep` advances."""

    def __init__(self) -> None:
        self.t = 100.0

    def monotonic(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)


class Socket:
    """Records when each message was sent; yields nothing."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.sent: list[float] = []
        self.closed = asyncio.Event()

    async def send(self, message: str) -> None:
        self.sent.append(self.clock.t)

    def __aiter__(self) -> Any:
        return self

    async def __anext__(self) -> str:
        await self.closed.wait()
        raise StopAsyncIteration

    async def close(self) -> None:
        self.closed.set()


async def test_single_chunk_sends_are_paced_like_a_microphone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    use_clock(monkeypatch, clock.monotonic, clock.sleep)
    socket = Socket(clock)
    client = live.LiveClient(socket)
    chunk = np.zeros(round(live.CHUNK_S * SAMPLE_RATE), np.float32)
    for _ in range(10):  # as `silence_until` streams: one chunk per call
        await client.stream(chunk)
    await client.stream(np.zeros(3 * len(chunk), np.float32))  # then a longer piece
    await client.close()
    gaps = np.diff(socket.sent)
    assert len(socket.sent) == 13
    assert np.allclose(gaps, live.CHUNK_S)
