"""A simulated microphone and loudspeaker around a live `Session`.

The loudspeaker plays the reply chunks the session emits, in real time from the moment each
arrives (queued behind the previous one). The microphone streams 20 ms chunks in real time: the
user's speech (when there is some) plus, optionally, the loudspeaker's output delayed and
attenuated (echo). Between utterances it keeps streaming silence, as a real microphone does, so the
session sees its endpoints.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import numpy as np
import soxr

from sayso.constants import SAMPLE_RATE
from sayso.events import AudioChunk, Event
from sayso.session import Session

CHUNK_S = 0.02
CHUNK = round(CHUNK_S * SAMPLE_RATE)


def render(engine: object, text: str) -> np.ndarray:
    """Synthesise `text` with a loaded TTS engine; 16 kHz mono float32."""
    chunks = list(engine.synthesize(text))  # type: ignore[attr-defined]
    audio = np.concatenate(chunks).astype(np.float32)
    rate = engine.capabilities.sample_rate  # type: ignore[attr-defined]
    return soxr.resample(audio, rate, SAMPLE_RATE).astype(np.float32)


class Speaker:
    """Reply audio scheduled on the monotonic clock as the client would play it."""

    def __init__(self) -> None:
        self.pieces: list[tuple[float, np.ndarray]] = []
        self._end = 0.0

    def play(self, chunk: AudioChunk, t: float) -> None:
        if not len(chunk.samples):
            return
        audio = soxr.resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE).astype(np.float32)
        start = max(self._end, t)
        self.pieces.append((start, audio))
        self._end = start + len(audio) / SAMPLE_RATE

    def stop(self, t: float) -> None:
        """Barge-in: the client flushes what it has not played yet."""
        kept = []
        for start, audio in self.pieces:
            if start >= t:
                continue
            n = min(len(audio), round((t - start) * SAMPLE_RATE))
            kept.append((start, audio[:n]))
        self.pieces = kept
        self._end = min(self._end, t)

    def output(self, t0: float, n: int) -> np.ndarray:
        """What left the loudspeaker during `n` samples from wall time `t0`."""
        out = np.zeros(n, np.float32)
        for start, audio in self.pieces:
            offset = round((t0 - start) * SAMPLE_RATE)
            lo, hi = max(offset, 0), min(offset + n, len(audio))
            if hi > lo:
                out[lo - offset : hi - offset] += audio[lo:hi]
        return out


class Conversation:
    """Drives a session in real time and records every event with its arrival time."""

    def __init__(self, session: Session, *, echo_gain: float = 0.0, echo_delay_s: float = 0.1):
        self.session = session
        self.echo_gain = echo_gain
        self.echo_delay_s = echo_delay_s
        self.speaker = Speaker()
        self.events: list[tuple[float, Event]] = []
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Conversation:
        await self.session.start()
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.session.close()
        if self._reader is not None:
            await asyncio.wait_for(self._reader, 5.0)

    async def _read(self) -> None:
        async for event in self.session.events():
            t = time.monotonic()
            self.events.append((t, event))
            if isinstance(event, AudioChunk):
                self.speaker.play(event, t)
            elif type(event).__name__ == "BargeIn":
                self.speaker.stop(t)

    def of(self, kind: type[Event]) -> list[Event]:
        return [e for _, e in self.events if isinstance(e, kind)]

    async def say(self, speech: np.ndarray, *, until: Callable[[], bool] | None = None,
                  timeout_s: float = 30.0) -> None:
        """Stream `speech`, then silence until `until()` holds (or the timeout)."""
        start = time.monotonic()
        k = 0
        while True:
            spoken = speech[k * CHUNK : (k + 1) * CHUNK]
            if len(spoken) == 0 and (until is None or until()):
                return
            if time.monotonic() - start > timeout_s:
                raise TimeoutError("the session did not get there in time")
            due = start + (k + 1) * CHUNK_S
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            mic = np.zeros(CHUNK, np.float32)
            mic[: len(spoken)] += spoken
            if self.echo_gain:
                heard_at = due - CHUNK_S - self.echo_delay_s
                mic += self.echo_gain * self.speaker.output(heard_at, CHUNK)
            self.session.push_audio(mic)
            k += 1

    async def silence(self, seconds: float) -> None:
        """Stream `seconds` of silence (plus echo)."""
        await self.say(np.zeros(round(seconds * SAMPLE_RATE), np.float32))

    def has(self, kind: type[Event], n: int = 1) -> Callable[[], bool]:
        return lambda: len(self.of(kind)) >= n


def trim(audio: np.ndarray, below_peak_db: float = 40.0) -> np.ndarray:
    """Cut leading and trailing near-silence (blocks more than `below_peak_db` under the peak)."""
    block = SAMPLE_RATE // 100
    n = len(audio) // block
    rms = np.sqrt(np.mean(audio[: n * block].reshape(n, block) ** 2, axis=1)) + 1e-12
    loud = np.flatnonzero(20 * np.log10(rms / rms.max()) > -below_peak_db)
    return audio[loud[0] * block : (loud[-1] + 1) * block]
