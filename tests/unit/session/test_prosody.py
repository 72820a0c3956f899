"""The prosody cues of the end of a turn (`session/prosody.py`): pitch fall and final lengthening,
on synthetic tones (pure numpy, no audio files)."""

from __future__ import annotations

import numpy as np

from sayso.constants import SAMPLE_RATE
from sayso.session.prosody import final_pitch_change, final_prosody, voiced_runs


def tone(start_hz: float, end_hz: float, seconds: float = 1.0) -> np.ndarray:
    """A voiced-like harmonic tone gliding from `start_hz` to `end_hz` over its last half."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    f = np.where(t < seconds / 2, start_hz,
                 start_hz + (end_hz - start_hz) * (t - seconds / 2) / (seconds / 2))
    phase = 2 * np.pi * np.cumsum(f) / SAMPLE_RATE
    return (0.3 * np.sin(phase) + 0.15 * np.sin(2 * phase)).astype(np.float32)


def test_the_pitch_cue_hears_a_fall_and_a_rise() -> None:
    falling = final_pitch_change(tone(200, 120))
    rising = final_pitch_change(tone(150, 220))
    assert falling is not None and falling < -3.0
    assert rising is not None and rising > 3.0
    assert final_pitch_change(np.zeros(SAMPLE_RATE, np.float32)) is None


def syllables(lengths_s: list[float], gap_s: float = 0.08) -> np.ndarray:
    """Voiced bursts of the given lengths (a 150 Hz tone) with silent gaps between."""
    gap = np.zeros(int(gap_s * SAMPLE_RATE), np.float32)
    parts = []
    for seconds in lengths_s:
        parts += [tone(150, 150, seconds), gap]
    return np.concatenate(parts)


def test_final_lengthening_is_the_last_stretch_against_the_speakers_usual_one() -> None:
    drawn_out = final_prosody(syllables([0.12, 0.12, 0.12, 0.12, 0.30])).lengthening
    clipped = final_prosody(syllables([0.16, 0.16, 0.16, 0.16, 0.08])).lengthening
    assert drawn_out is not None and 2.0 < drawn_out < 3.0
    assert clipped is not None and 0.3 < clipped < 0.7
    assert final_prosody(syllables([0.2, 0.2])).lengthening is None  # nothing to compare with


def test_voiced_runs_bridge_dropouts_and_drop_clicks() -> None:
    voiced = np.array([1, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1], bool)
    assert voiced_runs(voiced) == [6, 4]  # a 1-window gap bridged, a lone window dropped
