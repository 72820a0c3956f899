"""Does a burst over the reply hold articulated words, or is it a hum? An audio cue, in numpy.

Whisper writes words on a hum ("Hmmmm." → "I can't remember him.", "Ohhh." → "So"), so the
transcript of a burst cannot tell that it has none. The sound can: a hum or a drawn-out vowel
("mm", "mm-hm", "uh-huh", "ahh") keeps the mouth still, so the shape of its spectrum stays put
while the voice sounds; words move the tongue and lips from sound to sound, and the shape moves
with them (formant transitions) every few tens of ms. The cue is how much the smoothed spectral
envelope of the voiced frames changes over 20 ms, as the median over the burst: a hum's "h" or a
pause between "hmm, hmm" are unvoiced and not compared, and the median ignores the one
transition a hum has (m → h → m). A word whose consonants are all voiceless around one
vowel ("stop", "six") moves its voiced envelope little, so the cue also looks for frication:
20 ms in which the energy above 2 kHz outweighs the energy below (an "s", "t", "k" or "ch"); a
hum's breathy "h" stays well under it. A burst is wordless only with neither.

Measured on rendered hums against real one-word speech (FSDD digits) and sentences (CMU ARCTIC
"cathy"), thresholds chosen on one half of voices and speakers: BENCHMARKS.md, "Hums do not
barge in (issue 15, round 9)". A long steady vowel in a real word ("fourrr") looks like a hum
to it; that is why the cue only stops the speculation deciding alone (`barge_in.py`).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from sayso.constants import MS_PER_SECOND, SAMPLE_RATE

WINDOW_MS: float = 25.0
"""Analysis window, ms."""
HOP_MS: float = 10.0
"""Hop between windows, ms."""
N_FFT: int = 512
"""FFT size of the spectrum, samples (the 400-sample window, zero-padded)."""
BAND_HZ: tuple[float, float] = (100.0, 3800.0)
"""Band the envelope is read in, Hz: below 4 kHz so telephone-band (8 kHz) audio, such as the
FSDD digits the cue was checked on, measures the same as a 16 kHz microphone."""
N_BANDS: int = 24
"""Mel bands over `BAND_HZ`."""
N_SHAPE: int = 8
"""Cepstral coefficients c1..c8 kept: the envelope's shape (formants), not its level (c0) and
not the harmonics of the voice (higher coefficients follow the pitch)."""
LAG_MS: float = 20.0
"""Frames this far apart are compared: a formant transition takes 20-50 ms."""
LOUD_DB: float = 30.0
"""Windows more than this far below the burst's loudest are ignored (silence, padding)."""
VOICING_MIN: float = 0.5
"""Normalised autocorrelation peak (pitch 70-400 Hz) a window needs to count as voiced."""
F0_MIN_HZ: float = 70.0
F0_MAX_HZ: float = 400.0
MIN_PAIRS: int = 5
"""Fewer voiced pairs than this (~50 ms of voicing): no cue, the burst is not judged."""
ANALYSED_MAX_S: float = 3.0
"""Only the burst's first seconds are read: enough for a hum, bounded work on the event loop."""
WORDLESS_BELOW_DB: float = 1.6
"""A burst whose median envelope change is below this (dB RMS per band over 20 ms) is wordless.
Chosen in `scripts/barge_in_checks.py`'s replay, on the audio the speculation decides on, as the
highest 0.05 dB step below every real word of the calibration half (3 FSDD speakers, Cathy's
"arctic_a" sentences) that would interrupt: the lowest was a "four" at 1.62. Hums there (3
espeak-ng voices) lie at 0.7-1.5. Held out, real words reach down to 1.1 ("four" drawn out),
so a higher value trades real one-word barge-ins for hums about one for one; BENCHMARKS.md,
"Hums do not barge in (issue 15, round 9)"."""

FRICATION_HZ: float = 2000.0
"""Energy above this against the energy below (100 Hz up) tells frication from voice, Hz."""
FRICATION_MIN_DB: float = 6.0
"""A burst with 20 ms of frication this strong (above-2-kHz over below, dB) has a consonant.
espeak-ng's hums reach 0.6 dB at most (the "h" of "Hmm, hmm"), its "Stop." 17, "Six." 20;
real sentences 4-34 (median 26). 8 kHz audio has nothing above 4 kHz: the cue then rests on the
envelope alone."""
FRICATION_FLOOR_DB: float = 25.0
"""Windows more than this below the burst's loudest are not searched for frication."""
FRICATION_OVER_NOISE_DB: float = 10.0
"""Nor windows less than this above the burst's own noise floor (its quietest tenth: the speech
pad before the onset), so that a room's hiss is not a consonant. Without it a synthetic hum in
white noise at 20 dB SNR read 6.2 dB of frication and counted as words."""
NOISE_FLOOR_PERCENTILE: float = 10.0
"""Percentile of the window levels taken as the noise floor."""

_WINDOW = round(WINDOW_MS * SAMPLE_RATE / MS_PER_SECOND)
_HOP = round(HOP_MS * SAMPLE_RATE / MS_PER_SECOND)
_LAG = round(LAG_MS / HOP_MS)


def _mel(hz: np.ndarray) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + hz / 700.0)


def _filterbank() -> np.ndarray:
    """Triangular mel filters over `BAND_HZ`, (N_BANDS, N_FFT // 2 + 1)."""
    low, high = _mel(np.array(BAND_HZ))
    edges = 700.0 * (10 ** (np.linspace(low, high, N_BANDS + 2) / 2595.0) - 1.0)
    bins = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    bank = np.zeros((N_BANDS, len(bins)))
    for i in range(N_BANDS):
        a, b, c = edges[i : i + 3]
        bank[i] = np.clip(np.minimum((bins - a) / (b - a), (c - bins) / (c - b)), 0.0, None)
    return bank


def _shape_basis() -> np.ndarray:
    """Orthonormal DCT-II rows 1..N_SHAPE over the bands, (N_SHAPE, N_BANDS)."""
    k = np.arange(N_BANDS)
    rows = np.arange(1, N_SHAPE + 1)
    return np.sqrt(2.0 / N_BANDS) * np.cos(np.pi * (k[None, :] + 0.5) * rows[:, None] / N_BANDS)


_BANK = _filterbank()
_BASIS = _shape_basis()
_HANN = np.hanning(_WINDOW)
_HANN_AC = np.fft.irfft(np.abs(np.fft.rfft(_HANN, 2 * N_FFT)) ** 2)[:_WINDOW]
_HANN_AC = _HANN_AC / _HANN_AC[0]
"""The window's own autocorrelation: dividing by it keeps a low voice's pitch peak near 1."""


def _frames(audio: np.ndarray) -> np.ndarray:
    n = 1 + (len(audio) - _WINDOW) // _HOP
    idx = np.arange(_WINDOW)[None, :] + _HOP * np.arange(n)[:, None]
    return np.asarray(audio[idx], np.float64) * _HANN


def _voicing(frames: np.ndarray) -> np.ndarray:
    """Peak of each window's normalised autocorrelation over the pitch range (1: periodic)."""
    centred = frames - frames.mean(axis=1, keepdims=True) * _HANN
    power = np.abs(np.fft.rfft(centred, 2 * N_FFT, axis=1)) ** 2
    ac = np.fft.irfft(power, axis=1)[:, :_WINDOW]
    ac = ac / (ac[:, :1] + 1e-12) / (_HANN_AC + 1e-3)
    lo, hi = int(SAMPLE_RATE / F0_MAX_HZ), int(SAMPLE_RATE / F0_MIN_HZ)
    return np.asarray(ac[:, lo:hi].max(axis=1))


@dataclasses.dataclass(frozen=True)
class Articulation:
    """What the sound of a burst says about words in it."""

    envelope_change_db: float | None
    """Median change of the voiced spectral envelope over 20 ms, dB RMS per band; None: too
    little voicing to tell."""
    frication_db: float
    """The burst's strongest 20 ms of energy above `FRICATION_HZ` against below, dB."""

    @property
    def wordless(self) -> bool:
        """No articulated words: a still envelope and no frication (unknown counts as words)."""
        change = self.envelope_change_db
        still = change is not None and change < WORDLESS_BELOW_DB
        return still and self.frication_db < FRICATION_MIN_DB


def articulation(audio: np.ndarray) -> Articulation | None:
    """Both cues of a burst's 16 kHz mono audio; None when it is too short to read."""
    audio = np.asarray(audio[: round(ANALYSED_MAX_S * SAMPLE_RATE)], np.float32)
    if len(audio) < _WINDOW + _LAG * _HOP:
        return None
    frames = _frames(audio)
    spectrum = np.abs(np.fft.rfft(frames, N_FFT, axis=1)) ** 2
    return Articulation(_envelope_change(frames, spectrum), _frication(spectrum))


def envelope_change_db(audio: np.ndarray) -> float | None:
    """Median change of the voiced spectral envelope over 20 ms, dB RMS per band.

    None: too little voicing to tell. `audio` is 16 kHz mono float32.
    """
    measured = articulation(audio)
    return None if measured is None else measured.envelope_change_db


def _envelope_change(frames: np.ndarray, spectrum: np.ndarray) -> float | None:
    bands = spectrum @ _BANK.T + 1e-10
    level = 10.0 * np.log10(bands.sum(axis=1))
    voiced = (level > level.max() - LOUD_DB) & (_voicing(frames) >= VOICING_MIN)
    pairs = np.flatnonzero(voiced[_LAG:] & voiced[:-_LAG])
    if len(pairs) < MIN_PAIRS:
        return None
    shape = (10.0 * np.log10(bands)) @ _BASIS.T
    change = np.linalg.norm(shape[pairs + _LAG] - shape[pairs], axis=1) / math.sqrt(N_BANDS)
    return float(np.median(change))


def _frication(spectrum: np.ndarray) -> float:
    """Highest high-over-low energy ratio held for 20 ms among the loud windows, dB."""
    bins = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    low = spectrum[:, (bins >= BAND_HZ[0]) & (bins < FRICATION_HZ)].sum(axis=1) + 1e-10
    high = spectrum[:, bins >= FRICATION_HZ].sum(axis=1) + 1e-10
    level = 10.0 * np.log10(low + high)
    floor = np.percentile(level, NOISE_FLOOR_PERCENTILE) + FRICATION_OVER_NOISE_DB
    searched = (level > level.max() - FRICATION_FLOOR_DB) & (level > floor)
    ratio = np.where(searched, 10.0 * np.log10(high / low), -np.inf)
    held = np.minimum(ratio[_LAG - 1 :], ratio[: len(ratio) - _LAG + 1])  # over 2 hops: 20 ms
    return float(held.max()) if len(held) else float("-inf")
