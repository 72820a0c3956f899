"""Live latency over `/v1/realtime`: clients that stream speech in real time, as a microphone does.

Each client streams a spoken command (then silence until reply audio arrives) and measures the
response gap from the moment its last voiced chunk was sent to the first `response.audio.delta`.
It then holds its playback (the reply stays "playing"), speaks an interruption and measures the
barge-in: first voiced chunk of the interruption → `sayso.barge_in` (the reply is cancelled), and
the reaction the user hears: → the first of `sayso.response.pause` and `sayso.barge_in` (the
clients pause when told: `client_pauses`; whether the server pauses is its
`session.barge_in_pause_ms`). N clients run at once.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import time
from collections.abc import Sequence
from typing import Any, Final

import numpy as np

from sayso.audio.io import pcm16_bytes, resample
from sayso.constants import MS_PER_SECOND, SAMPLE_RATE

WIRE_RATE: Final[int] = 24_000
"""The Realtime protocol's default input rate, Hz."""
CHUNK_S: Final[float] = 0.04
"""Microphone chunk, seconds."""
VOICED_BELOW_PEAK_DB: Final[float] = 40.0
"""Audio more than this below the clip's peak counts as silence when finding speech edges."""
WAIT_S: Final[float] = 30.0
"""Longest wait for a reply or a barge-in (two shared cores may be busy), seconds."""
HOLD_INTERVAL_S: Final[float] = 0.2
QUIET_CHUNK: Final[str] = base64.b64encode(bytes(2 * round(WIRE_RATE * CHUNK_S))).decode("ascii")
"""One chunk of digital silence on the wire (PCM16, base64), made once."""
IDLE_SETTLE_S: Final[float] = 1.0
"""Wait after the idle sessions started before reading RSS, seconds."""


def voiced_span(audio: np.ndarray) -> tuple[int, int]:
    """(first, last + 1) sample of the audio within `VOICED_BELOW_PEAK_DB` of its peak."""
    block = SAMPLE_RATE // 100
    n = max(1, len(audio) // block)
    rms = np.sqrt(np.mean(audio[: n * block].reshape(n, block) ** 2, axis=1)) + 1e-12
    loud = np.flatnonzero(20 * np.log10(rms / rms.max()) > -VOICED_BELOW_PEAK_DB)
    return int(loud[0] * block), int((loud[-1] + 1) * block)


class LiveClient:
    """One Realtime connection: a reader task keeps every event with its arrival time."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.events: list[tuple[float, dict[str, Any]]] = []
        self.arrived = asyncio.Event()
        """Set by the first event (or the connection's end)."""
        self._times: dict[str, list[float]] = {}
        """Arrival times per event type (`first` is asked every chunk: no scan of all events)."""
        self._due: float | None = None
        """When the next chunk is due (monotonic s): the microphone's clock."""
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                t, event = time.monotonic(), json.loads(message)
                self.events.append((t, event))
                self._times.setdefault(event.get("type", ""), []).append(t)
                self.arrived.set()
        finally:
            self.arrived.set()  # closed: nothing more will come

    def first(self, kind: str, after: float = 0.0) -> float | None:
        """Arrival time of the first `kind` event at or after `after`."""
        return next((t for t in self._times.get(kind, ()) if t >= after), None)

    async def send(self, kind: str, **fields: Any) -> None:
        """Send one client event."""
        await self.ws.send(json.dumps({"type": kind, **fields}))

    async def stream(self, audio: np.ndarray, mark: int | None = None) -> float | None:
        """Send 16 kHz `audio` in real time; returns when the chunk holding sample `mark` went."""
        wire = resample(audio, SAMPLE_RATE, WIRE_RATE)
        step = round(WIRE_RATE * CHUNK_S)
        marked = None
        for i in range(0, len(wire), step):
            await self._chunk(base64.b64encode(pcm16_bytes(wire[i : i + step])).decode("ascii"))
            if mark is not None and marked is None and (i + step) * SAMPLE_RATE / WIRE_RATE > mark:
                marked = time.monotonic()
        return marked

    async def _chunk(self, payload: str) -> None:
        """Send one chunk when the microphone clock says it is due.

        The clock runs on across calls: a chunk of silence after another goes 40 ms later, not
        at once (before round 4 every `stream(quiet)` call started its own clock, so silence
        went as fast as the server read it: every client flooded the server).
        """
        t = time.monotonic()
        if self._due is None or t - self._due > CHUNK_S:
            self._due = t  # first chunk, or this client fell behind: restart the clock
        await asyncio.sleep(max(0.0, self._due - t))
        await self.send("input_audio_buffer.append", audio=payload)
        self._due += CHUNK_S

    async def silence_until(self, kind: str, after: float) -> float | None:
        """Stream silence until a `kind` event arrives after `after` (or the wait runs out)."""
        deadline = time.monotonic() + WAIT_S
        while (seen := self.first(kind, after)) is None and time.monotonic() < deadline:
            await self._chunk(QUIET_CHUNK)
        return seen

    async def refused(self) -> bool:
        """Wait for the first event: True when it refuses the session (the server is full)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.arrived.wait(), WAIT_S)
        if not self.events:
            return True  # closed (or silent) without a session
        first = self.events[0][1]
        return first["type"] == "error" and first["error"].get("code") in REFUSALS

    async def idle_until(self, t: float) -> None:
        """Stream silence until monotonic time `t` (a user between two commands)."""
        while time.monotonic() < t:
            await self._chunk(QUIET_CHUNK)

    async def close(self) -> None:
        """Close the connection and stop reading."""
        await self.ws.close()
        self._reader.cancel()


REFUSALS: Final[tuple[str, ...]] = ("server_full", "too_many_sessions")
"""Error codes of a session the server did not admit."""


async def one_client(
    url: str,
    commands: Sequence[np.ndarray],
    interruption: np.ndarray,
    *,
    turns: int = 1,
    period_s: float = 0.0,
) -> dict[str, Any]:
    """Speak `turns` commands (one every `period_s`), then one interruption; times in ms or None.

    A session the server refuses (`server_full`) is reported as refused, with no measures.
    """
    from websockets.asyncio.client import connect

    client = LiveClient(await connect(f"{url}/v1/realtime", max_size=None))
    try:
        if await client.refused():
            return {"refused": True, "gaps_ms": [], "gap_ms": None, "barge_in_ms": None,
                    "reaction_ms": None, "server": []}
        # Like the page, this client pauses a reply when told to (it holds its playback anyway).
        await client.send("session.update", session={"sayso": {"client_pauses": True}})
        gaps: list[float | None] = []
        start = time.monotonic()
        for k in range(turns):
            await client.idle_until(start + k * period_s)
            gaps.append(await _command(client, commands[k % len(commands)], last=k == turns - 1))
        barge, reaction = (
            await _barge_in(client, interruption) if gaps[-1] is not None else (None, None)
        )
        await client.silence_until("sayso.turn.latency", 0.0)
        return {"refused": False, "gaps_ms": gaps, "gap_ms": gaps[0], "barge_in_ms": barge,
                "reaction_ms": reaction,
                "server": _server_gaps(client), "turn_end": server_turn_ends(client.events),
                "decisions": server_decisions(client.events)}
    finally:
        await client.close()


async def _command(client: LiveClient, command: np.ndarray, *, last: bool) -> float | None:
    """Say one command; the response gap in ms (None: no reply).

    Waits for the reply to end unless it is the `last` (the interruption talks over that one).
    """
    ended = await client.stream(command, mark=voiced_span(command)[1] - 1)
    assert ended is not None
    first_audio = await client.silence_until("response.audio.delta", ended)
    if first_audio is None:
        return None
    if not last:
        await client.silence_until("response.done", first_audio)
    return (first_audio - ended) * MS_PER_SECOND


async def _barge_in(
    client: LiveClient, interruption: np.ndarray
) -> tuple[float | None, float | None]:
    """(onset → `sayso.barge_in`, onset → the reply paused or cancelled), ms or None."""
    stop = asyncio.Event()

    async def hold() -> None:
        # The client's playback "has not advanced": the reply stays active until interrupted.
        while not stop.is_set():
            await client.send("sayso.playback", played_ms=0)
            await asyncio.sleep(HOLD_INTERVAL_S)

    holder = asyncio.create_task(hold())
    try:
        onset = await client.stream(interruption, mark=voiced_span(interruption)[0])
        assert onset is not None
        seen = await client.silence_until("sayso.barge_in", onset)
    finally:
        stop.set()
        await holder
    paused = client.first("sayso.response.pause", onset)
    heard = min((t for t in (paused, seen) if t is not None), default=None)
    return _ms(onset, seen), _ms(onset, heard)


def _ms(start: float, end: float | None) -> float | None:
    return None if end is None else (end - start) * MS_PER_SECOND


def server_turn_ends(events: Sequence[tuple[float, dict[str, Any]]]) -> list[dict[str, float]]:
    """Per answered turn: the end silence asked for, when the prepared reply was ready, the gap.

    `reply_ready_before_endpoint` is negative when it was ready after the endpoint, absent when
    nothing was prepared; `response_gap` is the server's own (speech end → first reply audio).
    """
    keys = ("end_silence", "reply_ready_before_endpoint", "endpoint_wait", "response_gap")
    return [
        {k: float(e["latency_ms"][k]) for k in keys if k in e["latency_ms"]}
        for _, e in events
        if e["type"] == "sayso.turn.latency" and "response_gap" in e.get("latency_ms", {})
    ]


def server_decisions(events: Sequence[tuple[float, dict[str, Any]]]) -> list[str]:
    """Per answered turn the end-of-turn cues decided: the server's line, cue by cue (no words).

    The cues a live session read, with its frame phase, wire and load: what an offline replay
    of the same commands should reproduce (BENCHMARKS.md, "End of turn at every frame phase").
    """
    return [
        str(e["turn_end"])
        for _, e in events
        if e["type"] == "sayso.turn.latency" and e.get("turn_end")
    ]


def _server_gaps(client: LiveClient) -> list[float]:
    return [
        float(e["latency_ms"]["response_gap"])
        for _, e in client.events
        if e["type"] == "sayso.turn.latency" and "response_gap" in e.get("latency_ms", {})
    ]


async def run_concurrent(
    url: str,
    commands: Sequence[np.ndarray],
    interruption: np.ndarray,
    n: int,
    *,
    turns: int = 1,
    period_s: float = 0.0,
) -> list[dict[str, Any]]:
    """`n` clients at once, client i starting with command i mod len(commands).

    With several `turns`, client i starts i/n of a period after client 0, as independent users
    would; with one, all speak at once (the worst case).
    """

    async def client(i: int) -> dict[str, Any]:
        if turns > 1:
            await asyncio.sleep(i * period_s / n)
        mine = [commands[(i + k) % len(commands)] for k in range(len(commands))]
        return await one_client(url, mine, interruption, turns=turns, period_s=period_s)

    return list(await asyncio.gather(*(client(i) for i in range(n))))


async def idle_sessions_rss(url: str, n: int, rss: Any) -> tuple[float | None, float | None]:
    """RSS before and while `n` admitted sessions are open and silent (a session's own memory).

    `rss` is a function returning the process RSS in MiB (the server runs in this process).
    """
    from websockets.asyncio.client import connect

    before = rss()
    clients = [LiveClient(await connect(f"{url}/v1/realtime", max_size=None)) for _ in range(n)]
    try:
        for client in clients:
            await client.refused()  # wait until each session has started (VAD forked)
        await asyncio.sleep(IDLE_SETTLE_S)
        return before, rss()
    finally:
        for client in clients:
            await client.close()
