"""Fixed frames and frame events, including wall-clock pacing."""

from __future__ import annotations

import time

import numpy as np
import pytest

from sayso.audio.framing import frame_events, frames
from sayso.constants import FRAME_SAMPLES, SAMPLE_RATE
from sayso.events import AudioFrame, EndOfStream


def test_frames_pad_the_last_one() -> None:
    x = np.arange(FRAME_SAMPLES * 2 + 10, dtype=np.float32)
    out = list(frames(x))
    assert [len(f) for f in out] == [FRAME_SAMPLES] * 3
    assert out[2][9] == x[-1] and not np.any(out[2][10:])
    assert list(frames(np.zeros(0, np.float32))) == []
    with pytest.raises(ValueError):
        list(frames(x, 0))


async def test_frame_events_carry_position_and_end_with_end_of_stream() -> None:
    x = np.zeros(FRAME_SAMPLES * 3, np.float32)
    events = [e async for e in frame_events(x, turn_id="t1")]
    audio = [e for e in events if isinstance(e, AudioFrame)]
    assert [e.start_s for e in audio] == pytest.approx([0.0, 0.032, 0.064])
    assert all(e.turn_id == "t1" for e in events)
    assert isinstance(events[-1], EndOfStream)


async def test_realtime_paces_at_wall_clock_speed() -> None:
    n = 10
    x = np.zeros(FRAME_SAMPLES * n, np.float32)
    start = time.monotonic()
    count = 0
    async for event in frame_events(x, turn_id="t", realtime=True):
        if isinstance(event, AudioFrame):
            count += 1
            # never released before its due time
            assert time.monotonic() - start >= event.start_s - 0.002
    elapsed = time.monotonic() - start
    assert count == n
    assert (n - 1) * FRAME_SAMPLES / SAMPLE_RATE - 0.01 <= elapsed  # paced, never early
