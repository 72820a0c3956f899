"""Cutting audio into fixed frames, and replaying a signal as a stream of `AudioFrame` events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import numpy as np

from sayso.constants import FRAME_SAMPLES, SAMPLE_RATE
from sayso.events import AudioFrame, EndOfStream, Event, now


def frames(samples: np.ndarray, frame_samples: int = FRAME_SAMPLES) -> Iterator[np.ndarray]:
    """Yield consecutive frames of `frame_samples`; the last one is zero-padded to full length."""
    if frame_samples <= 0:
        raise ValueError("frame_samples must be positive")
    samples = np.asarray(samples, dtype=np.float32)
    for start in range(0, len(samples), frame_samples):
        frame = samples[start : start + frame_samples]
        if len(frame) < frame_samples:
            frame = np.pad(frame, (0, frame_samples - len(frame)))
        yield frame


async def frame_events(
    samples: np.ndarray,
    *,
    turn_id: str,
    realtime: bool = False,
    frame_samples: int = FRAME_SAMPLES,
    sample_rate: int = SAMPLE_RATE,
) -> AsyncIterator[Event]:
    """Yield the signal as `AudioFrame` events, then `EndOfStream`.

    With `realtime`, frame k is released at ``t0 + k * frame duration`` on the monotonic clock, so
    waiting is measured against the schedule rather than summed sleeps, and drift cannot build up.
    """
    frame_s = frame_samples / sample_rate
    t0 = now()
    for index, frame in enumerate(frames(samples, frame_samples)):
        if realtime:
            delay = t0 + index * frame_s - now()
            if delay > 0:
                await asyncio.sleep(delay)
        else:
            # Yield to the loop between frames so a file replay does not starve other tasks.
            await asyncio.sleep(0)
        yield AudioFrame(
            samples=frame,
            start_s=index * frame_s,
            sample_rate=sample_rate,
            turn_id=turn_id,
            t_source=now(),
        )
    yield EndOfStream(turn_id=turn_id)
