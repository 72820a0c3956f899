"""A simulated microphone and loudspeaker around a live `Session`, in real time.

The loudspeaker plays the reply chunks the session emits from the moment each arrives (queued
behind the previous one), stops on barge-in, as a client flushing its buffer does, and pauses and
resumes when the session says so (`PlaybackPaused`, `PlaybackResumed`), as the page does. The
microphone streams 20 ms chunks on the wall clock: the user's speech, then silence as a real
microphone keeps sending, plus optionally the loudspeaker's output delayed and attenuated (echo),
through a room impulse response when one is given.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, Final

import numpy as np
from scipy.signal import fftconvolve

from sayso.audio.io import resample
from sayso.constants import SAMPLE_RATE
from sayso.events import (
    AudioChunk,
    BargeIn,
    Event,
    PlaybackPaused,
    PlaybackResumed,
    ResponseDone,
)

CHUNK_S: Final[float] = 0.02
CHUNK: Final[int] = round(CHUNK_S * SAMPLE_RATE)


class Loudspeaker:
    """Reply audio scheduled on the monotonic clock, as a client would play it."""

    def __init__(self, rir: np.ndarray | None = None) -> None:
        self.pieces: list[tuple[float, np.ndarray, np.ndarray]] = []
        """(start, the chunk as sent, as it reaches the microphone: through the room)."""
        self.rir = rir
        """Room impulse response of the loudspeaker → microphone path (None: a direct path)."""
        self._end = 0.0
        self._held: list[np.ndarray] = []  # what a pause kept back, in order
        self.paused = False

    def play(self, chunk: AudioChunk, t: float) -> None:
        """Queue `chunk` to start at `t` or when the previous one ends."""
        if not len(chunk.samples):
            return
        audio = resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE)
        if self.paused:
            self._held.append(audio)
            return
        self._schedule(audio, t)

    def _schedule(self, audio: np.ndarray, t: float) -> None:
        start = max(self._end, t)
        self._end = start + len(audio) / SAMPLE_RATE
        heard = audio
        if self.rir is not None:  # each chunk with its full tail: the sum is the whole convolution
            heard = np.asarray(fftconvolve(audio, self.rir), np.float32)
        self.pieces.append((start, audio, heard))

    def stop(self, t: float) -> None:
        """Drop everything not played by `t` (barge-in)."""
        self._cut(t)
        self._held, self.paused = [], False

    def pause(self, t: float) -> None:
        """Stop at `t`, keeping what was not played for `resume`."""
        if not self.paused:
            self._held = self._cut(t) + self._held
            self.paused = True

    def resume(self, t: float) -> None:
        """Play what the pause kept from `t` on."""
        if self.paused:
            self.paused = False
            held, self._held = self._held, []
            for audio in held:
                self._schedule(audio, t)

    def _cut(self, t: float) -> list[np.ndarray]:
        """Cut playback at `t`; the unplayed rest of every chunk, in order."""
        kept, rest = [], []
        for start, audio, heard in self.pieces:
            played = round((t - start) * SAMPLE_RATE)
            if played > 0:
                kept.append((start, audio[:played], heard[: min(len(heard), played)]))
            if played < len(audio):
                rest.append(audio[max(played, 0) :])
        self.pieces = kept
        self._end = min(self._end, t)
        return rest

    def output(self, t0: float, n: int) -> np.ndarray:
        """What left the loudspeaker during `n` samples from wall time `t0`."""
        out = np.zeros(n, np.float32)
        for start, _, audio in self.pieces:
            offset = round((t0 - start) * SAMPLE_RATE)
            lo, hi = max(offset, 0), min(offset + n, len(audio))
            if hi > lo:
                out[lo - offset : hi - offset] += audio[lo:hi]
        return out


class SimulatedCall:
    """Drives a session in real time and records every event with its arrival time."""

    def __init__(self, session: Any, *, echo_gain: float = 0.0, echo_delay_s: float = 0.1,
                 rir: np.ndarray | None = None):
        self.session = session
        self.echo_gain = echo_gain
        self.echo_delay_s = echo_delay_s
        self.speaker = Loudspeaker(rir)
        self.events: list[tuple[float, Event]] = []
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> SimulatedCall:
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
            elif isinstance(event, BargeIn):
                self.speaker.stop(t)
            elif isinstance(event, PlaybackPaused):
                self.speaker.pause(t)
            elif isinstance(event, PlaybackResumed):
                self.speaker.resume(t)
            elif isinstance(event, ResponseDone) and self.speaker.paused:
                self.speaker.stop(t)  # cancelled while paused: what it held never plays

    def count(self, kind: type[Event], since: int = 0) -> int:
        """Events of `kind` recorded from index `since` on."""
        return sum(isinstance(e, kind) for _, e in self.events[since:])

    async def say(
        self,
        speech: np.ndarray,
        *,
        until: Callable[[], bool] | None = None,
        timeout_s: float = 30.0,
    ) -> bool:
        """Stream `speech`, then silence until `until()` holds; False if `timeout_s` ran out."""
        start = time.monotonic()
        k = 0
        while True:
            spoken = speech[k * CHUNK : (k + 1) * CHUNK]
            if len(spoken) == 0 and (until is None or until()):
                return True
            if time.monotonic() - start > timeout_s:
                return False
            due = start + (k + 1) * CHUNK_S
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            mic = np.zeros(CHUNK, np.float32)
            mic[: len(spoken)] += spoken
            if self.echo_gain:
                heard_at = due - CHUNK_S - self.echo_delay_s
                mic += self.echo_gain * self.speaker.output(heard_at, CHUNK)
            self.session.push_audio(mic, captured_at=due)  # as a sound card stamps it
            k += 1

    async def silence(self, seconds: float) -> None:
        """Stream `seconds` of silence (plus echo)."""
        await self.say(np.zeros(round(seconds * SAMPLE_RATE), np.float32))
