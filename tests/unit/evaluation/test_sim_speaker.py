"""The simulated loudspeaker pauses and resumes a reply as the page does (pure logic)."""

from __future__ import annotations

import numpy as np

from sayso.constants import SAMPLE_RATE
from sayso.evaluation.dialogue.sim import Loudspeaker
from sayso.events import AudioChunk


def chunk(seconds: float) -> AudioChunk:
    ramp = np.arange(round(seconds * SAMPLE_RATE), dtype=np.float32) + 1.0
    return AudioChunk(turn_id="r", samples=ramp, sample_rate=SAMPLE_RATE)


def test_a_pause_holds_the_rest_and_resume_plays_it_from_the_same_sample() -> None:
    speaker = Loudspeaker()
    speaker.play(chunk(1.0), t=0.0)
    speaker.pause(0.5)
    speaker.play(chunk(1.0), t=0.6)  # arrives while paused: held too
    assert not speaker.output(0.7, SAMPLE_RATE).any()  # silence while paused
    speaker.resume(2.0)
    after = speaker.output(2.0, 4)
    assert list(after) == [SAMPLE_RATE // 2 + 1 + k for k in range(4)]  # where it stopped
    total = speaker.output(2.0, 3 * SAMPLE_RATE)
    assert np.count_nonzero(total) == SAMPLE_RATE // 2 + SAMPLE_RATE


def test_stop_drops_what_a_pause_held() -> None:
    speaker = Loudspeaker()
    speaker.play(chunk(1.0), t=0.0)
    speaker.pause(0.5)
    speaker.stop(0.6)
    speaker.resume(1.0)
    assert not speaker.output(0.5, 2 * SAMPLE_RATE).any()
