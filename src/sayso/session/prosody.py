"""A simple prosody cue of the end of a turn, in numpy: the fall of the pitch at the end.

Statements and commands end with falling pitch; a speaker who pauses mid-sentence ("set a
timer for …") usually holds it level or lets it rise. The pitch is estimated per 40 ms window by
normalised autocorrelation (70-400 Hz), on voiced windows only; the cue is the median pitch of
the last voiced stretch against the median of the whole utterance, in semitones (negative: a
fall). Cheap: ~1-3 ms for a few seconds of audio.
"""

from __future__ import annotations

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
FINAL_VOICED_WINDOWS = 15
"""The last voiced stretch the final pitch is read from: 15 windows = 150 ms of voicing."""
MIN_VOICED_WINDOWS = 20
"""Fewer voiced windows than this: no cue (too little pitch to compare)."""


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


def final_pitch_change(audio: np.ndarray, rate: int = SAMPLE_RATE) -> float | None:
    """Final pitch against the utterance's median, semitones (negative: falls); None: unknown."""
    f0 = pitch_track(audio, rate)
    voiced = f0[~np.isnan(f0)]
    if len(voiced) < MIN_VOICED_WINDOWS:
        return None
    final = float(np.median(voiced[-FINAL_VOICED_WINDOWS:]))
    return float(12.0 * np.log2(final / float(np.median(voiced))))
