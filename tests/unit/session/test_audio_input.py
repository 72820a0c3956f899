"""Input pushes of any length become numbered frames with capture times."""

from __future__ import annotations

import numpy as np
import pytest

from sayso.errors import BadInput
from sayso.session.audio_input import AudioInput


def test_any_chunk_length_is_reframed_with_times() -> None:
    audio = AudioInput(keep_s=10.0)
    signal = np.arange(1600 * 3, dtype=np.float32)
    for i, t in enumerate((1.0, 1.1, 1.2)):  # three 100 ms pushes
        audio.push(signal[i * 1600 : (i + 1) * 1600], t)
    frames = audio.frames()
    assert [f.index for f in frames] == list(range(9))  # 4800 // 512
    assert np.array_equal(np.concatenate([f.samples for f in frames]), signal[: 9 * 512])
    # Frame 2 ends at sample 1536, 64 samples before the end of the first push (at t=1.0).
    assert frames[2].t_end == pytest.approx(1.0 - 64 / 16000)
    assert np.array_equal(audio.audio(1, 3), signal[512:1536])
    assert audio.time_of(3) == frames[2].t_end
    assert audio.next_index == 9


def test_history_is_bounded_and_stereo_is_refused() -> None:
    audio = AudioInput(keep_s=0.1)
    audio.push(np.zeros(16000, np.float32), 0.0)
    audio.frames()
    assert len(audio.audio(0, 100)) <= 4 * 512
    with pytest.raises(BadInput):
        audio.push(np.zeros((10, 2), np.float32), 0.0)
