"""Simple prosody cues of the end of a turn, in numpy: the pitch fall and final lengthening.

Statements and commands end with falling pitch; a speaker who pauses mid-sentence ("set a
timer for …") usually holds it level or lets it rise. The pitch is estimated per 40 ms window by
normalised autocorrelation (70-400 Hz), on voiced windows only; the cue is the median pitch of
the last voiced stretch against the median of the whole utterance, in semitones (negative: a
fall). Speakers also slow down on the last syllable of a sentence (final lengthening): the
second cue is the length of the last voiced stretch (a run of voiced windows, about a syllable's
vowel and voiced consonants) against the median stretch of the same utterance, so it is
relative to this speaker's rate. Cheap: ~1-3 ms for a few seconds of audio.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sayso.constants import SAMPLE_RATE

WINDOW_S = 0.040
"""Analysis window, seconds (at least two periods of the lowest pitch)."""
HOP_S = 0.010
"""Hop between windows, seconds."""
F0_MIN_HZ = 70.0
F0_MAX_HZ = 400.0
VOICING_MIN = 0.45
"""Normalised autocorrelation peak a window needs to count as voiced."""
LOUD_DB = 30.0
"""Windows more than this far below the loudest one are ignored (silence, breath)."""
FINAL_VOICED_WINDOWS = 8
"""The last voiced stretch the final pitch is read from: 8 windows = 80 ms of voicing. On the
calibration half of the rendered pause set, the last 80 ms told a sentence's end from a
mid-sentence pause better than the last 150 or 250 ms (AUC 0.79 vs 0.70 and 0.67): the fall is
on the last syllable."""
MIN_VOICED_WINDOWS = 20
"""Fewer voiced windows than this: no cue (too little pitch to compare)."""
RUN_GAP_WINDOWS = 2
"""Unvoiced gaps this short (20 ms) inside a voiced stretch do not split it (tracker dropouts)."""
MIN_RUN_WINDOWS = 3
"""Voiced stretches shorter than 30 ms are clicks or tracker noise, not syllables."""
MIN_RUNS = 3
"""Fewer stretches than this: no lengthening cue (no usual length to compare with)."""


@dataclasses.dataclass(frozen=True)
class Prosody:
    """The end-of-turn cues of one stretch of speech (None: not enough voicing to tell)."""

    pitch_change_st: float | None
    """Final pitch against the utterance's median, semitones (negative: falls)."""
    lengthening: float | None
    """Last voiced stretch / median voiced stretch (above 1: the speaker drew it out)."""


def pitch_track(audio: np.ndarray, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Pitch per window in Hz, NaN where unvoiced or quiet."""
    win, hop = round(WINDOW_S * rate), round(HOP_S * rate)
    if len(audio) < win:
        return np.zeros(0)
    n = 1 + (len(audio) - win) // hop
    idx = np.arange(win)[None, :] + hop * np.arange(n)[:, None]
    frames = audio[idx].astype(np.float64)
    frames -= frames.mean(axis=1, keepdims=True)
    energy = (frames**2).sum(axis=1) + 1e-12
    spec = np.fft.rfft(frames * np.hanning(win), 2 * win, axis=1)
    ac = np.fft.irfft(np.abs(spec) ** 2, axis=1)[:, :win]
    ac /= ac[:, :1] + 1e-12
    lo, hi = int(rate / F0_MAX_HZ), min(int(rate / F0_MIN_HZ), win - 1)
    lag = lo + np.argmax(ac[:, lo:hi], axis=1)
    peak = ac[np.arange(n), lag]
    loud = 10 * np.log10(energy / energy.max()) > -LOUD_DB
    f0 = rate / lag.astype(np.float64)
    return np.where((peak >= VOICING_MIN) & loud, f0, np.nan)


def final_prosody(audio: np.ndarray, rate: int = SAMPLE_RATE) -> Prosody:
    """Pitch change and final lengthening of `audio` (one pitch track for both)."""
    f0 = pitch_track(audio, rate)
    return Prosody(_pitch_change(f0), _lengthening(~np.isnan(f0)))


def final_pitch_change(audio: np.ndarray, rate: int = SAMPLE_RATE) -> float | None:
    """Final pitch against the utterance's median, semitones (negative: falls); None: unknown."""
    return _pitch_change(pitch_track(audio, rate))


def voiced_runs(voiced: np.ndarray) -> list[int]:
    """Lengths (windows) of the voiced stretches, short gaps bridged, clicks dropped."""
    runs: list[int] = []
    length = gap = 0
    for v in voiced:
        if v:
            length, gap = length + gap + 1, 0
        elif length:
            gap += 1
            if gap > RUN_GAP_WINDOWS:
                runs.append(length)
                length = gap = 0
    if length:
        runs.append(length)
    return [r for r in runs if r >= MIN_RUN_WINDOWS]


def _lengthening(voiced: np.ndarray) -> float | None:
    runs = voiced_runs(voiced)
    if len(runs) < MIN_RUNS:
        return None
    return float(runs[-1] / np.median(runs[:-1]))


def _pitch_change(f0: np.ndarray) -> float | None:
    voiced = f0[~np.isnan(f0)]
    if len(voiced) < MIN_VOICED_WINDOWS:
        return None
    final = float(np.median(voiced[-FINAL_VOICED_WINDOWS:]))
    return float(12.0 * np.log2(final / float(np.median(voiced))))
