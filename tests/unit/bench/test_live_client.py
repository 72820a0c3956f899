"""The benchmark's simulated microphone: chunks go out at real-time pace (scripted clock)."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import numpy as np
import pytest

from sayso.bench import live
from sayso.bench.live import CHUNK_S, QUIET_CHUNK, LiveClient

from .live_clock import use_clock

_REAL_MONOTONIC = time.monotonic
_REAL_SLEEP = asyncio.sleep


class Clock:
    """A monotonic clock that only `sleep` advances, for the test's own thread.

    Patching `time.monotonic` and `asyncio.sleep` reaches every thread of the process: an event
    loop left running by an earlier test (a server thread) would otherwise advance this clock by
    its own sleeps (CI once saw a 6,892 s step). Other threads keep the real clock.
    """

    def __init__(self) -> None:
        self.t = 100.0
        self.sleeps: list[float] = []
        self.owner = threading.get_ident()

    def monotonic(self) -> float:
        return self.t if threading.get_ident() == self.owner else _REAL_MONOTONIC()

    async def sleep(self, seconds: float) -> None:
        if threading.get_ident() != self.owner:
            await _REAL_SLEEP(seconds)
            return
        self.sleeps.append(seconds)
        self.t += seconds


class Socket:
    """Records what the client sends; never answers."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.sent: list[tuple[float, dict[str, object]]] = []

    async def send(self, message: str) -> None:
        self.sent.append((self.clock.t, json.loads(message)))

    def __aiter__(self) -> Socket:
        return self

    async def __anext__(self) -> str:
        await asyncio.Event().wait()  # no server events
        raise StopAsyncIteration


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    use_clock(monkeypatch, fake.monotonic, fake.sleep)
    return fake


def test_silence_goes_out_one_chunk_per_chunk_time_not_as_fast_as_it_can(clock: Clock) -> None:
    async def run() -> list[float]:
        socket = Socket(clock)
        client = LiveClient(socket)
        await client.idle_until(clock.t + 1.0)  # one second of silence between two commands
        await client.stream(np.zeros(round(3 * CHUNK_S * 16_000), np.float32))  # then 3 chunks
        client._reader.cancel()
        return [t for t, _ in socket.sent]

    times = asyncio.run(run())
    steps = np.diff(times)
    # 1 s of silence is 25 chunks of 40 ms (plus the one due at 1.0 s itself, as float
    # rounding falls); the command's chunks keep the same clock.
    assert len(times) - 3 in (25, 26)
    assert np.allclose(steps, CHUNK_S)


def test_silence_chunks_are_pcm16_zeros_of_one_chunk() -> None:
    import base64

    raw = base64.b64decode(QUIET_CHUNK)
    assert len(raw) == 2 * round(live.WIRE_RATE * CHUNK_S) and not any(raw)


def test_a_client_that_fell_behind_restarts_its_clock_instead_of_bursting(clock: Clock) -> None:
    async def run() -> list[float]:
        socket = Socket(clock)
        client = LiveClient(socket)
        await client._chunk(QUIET_CHUNK)
        clock.t += 1.0  # the client's loop was busy for a second
        await client._chunk(QUIET_CHUNK)
        await client._chunk(QUIET_CHUNK)
        client._reader.cancel()
        return [t for t, _ in socket.sent]

    first, second, third = asyncio.run(run())
    assert second - first == pytest.approx(1.0) and third - second == pytest.approx(CHUNK_S)


def test_first_reads_the_arrival_times_of_one_event_type(clock: Clock) -> None:
    async def run() -> tuple[float | None, float | None, float | None]:
        client = LiveClient(Socket(clock))
        for t, kind in ((1.0, "a"), (2.0, "b"), (3.0, "a")):
            client._times.setdefault(kind, []).append(t)
        client._reader.cancel()
        return client.first("a", 2.0), client.first("b"), client.first("c")

    assert asyncio.run(run()) == (3.0, 2.0, None)
