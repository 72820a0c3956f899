"""Seeded audio degradations for robustness tests: noise at an SNR, speed, reverberation, telephone.

Every function takes and returns 16 kHz mono float32 unless told otherwise; randomness comes only
from the `numpy.random.Generator` passed in, so a run is reproducible.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import soxr
from scipy import signal

from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput
from sayso.evaluation.augment.noise import NoiseBank, NoiseSource, WhiteNoise

__all__ = [
    "NoiseBank",
    "NoiseSource",
    "WhiteNoise",
    "add_noise",
    "reverberate",
    "speed_perturb",
    "telephone",
]

PEAK_LIMIT: Final[float] = 0.99
"""A mix louder than this full-scale peak is scaled down as a whole (keeps the SNR)."""
TELEPHONE_RATE: Final[int] = 8_000
"""Narrow-band telephone sample rate in Hz."""
TELEPHONE_LOW_HZ: Final[float] = 300.0
TELEPHONE_HIGH_HZ: Final[float] = 3_400.0
TELEPHONE_FILTER_ORDER: Final[int] = 4
"""Butterworth order of the telephone band-pass (applied forward and backward: zero phase)."""
SILENT_POWER: Final[float] = 1e-10
"""Mean-square power (full scale) at or below which a noise segment counts as silent (-100 dBFS)."""
SILENT_SEGMENT_RETRIES: Final[int] = 16
"""Other offsets tried when the noise segment drawn first is silent."""
MU_LAW_MU: Final[int] = 255
"""G.711 μ-law compression constant (8-bit codes)."""


def power(samples: np.ndarray) -> float:
    """Mean square over the whole clip (full-scale units)."""
    return float(np.mean(np.square(samples, dtype=np.float64))) if samples.size else 0.0


def add_noise(
    speech: np.ndarray,
    noise: np.ndarray,
    snr_db: float,
    rng: np.random.Generator,
    *,
    noise_rate: int = SAMPLE_RATE,
) -> np.ndarray:
    """Mix `noise` into `speech` at `snr_db`.

    SNR = 10·log10(P_speech / P_noise), where each power is the mean square over the whole
    speech-length clip (silences in the speech count, as in most noisy-ASR benchmarks). The noise is
    resampled to 16 kHz, looped if shorter than the speech, and cut at an offset drawn from `rng`.
    If the mix would clip it is scaled down as a whole, which leaves the SNR unchanged.
    """
    if speech.size == 0:
        raise BadInput("cannot add noise to empty speech")
    speech_power = power(speech)
    if speech_power == 0.0:
        raise BadInput("speech is silent; an SNR is undefined")
    if noise_rate != SAMPLE_RATE:
        noise = soxr.resample(np.asarray(noise, dtype=np.float32), noise_rate, SAMPLE_RATE)
    segment = _fit_length(np.asarray(noise, dtype=np.float32), speech.size, rng)
    noise_power = power(segment)
    # Event sounds (a bark, a sneeze) have silent stretches; a speech-length cut can land in one.
    # Redraw the offset a few times (from the same rng: still reproducible) before giving up.
    for _ in range(SILENT_SEGMENT_RETRIES):
        if noise_power > SILENT_POWER:
            break
        segment = _fit_length(np.asarray(noise, dtype=np.float32), speech.size, rng)
        noise_power = power(segment)
    if noise_power <= SILENT_POWER:
        raise BadInput("noise clip is silent")
    gain = np.sqrt(speech_power / (noise_power * 10.0 ** (snr_db / 10.0)))
    mix = speech.astype(np.float64) + gain * segment
    return _limit_peak(mix).astype(np.float32)


def _fit_length(noise: np.ndarray, length: int, rng: np.random.Generator) -> np.ndarray:
    if noise.size == 0:
        raise BadInput("noise clip is empty")
    offset = int(rng.integers(0, noise.size))
    repeats = -(-(offset + length) // noise.size)  # ceiling division
    return np.tile(noise, repeats)[offset : offset + length]


def _limit_peak(samples: np.ndarray) -> np.ndarray:
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return samples * (PEAK_LIMIT / peak) if peak > PEAK_LIMIT else samples


def speed_perturb(samples: np.ndarray, factor: float, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Play `factor` times faster (pitch shifts too), like Kaldi's sox speed perturbation.

    The clip is resampled as if it had been recorded at `rate · factor`, so its length becomes
    `len / factor`.
    """
    if factor <= 0:
        raise BadInput(f"speed factor must be positive, got {factor}")
    if factor == 1.0 or samples.size == 0:
        return np.asarray(samples, dtype=np.float32).copy()
    out = soxr.resample(np.asarray(samples, dtype=np.float32), rate * factor, rate)
    return np.asarray(out, dtype=np.float32)


def reverberate(samples: np.ndarray, rir: np.ndarray) -> np.ndarray:
    """Convolve with a room impulse response, keeping the input's length, timing and RMS level.

    The RIR is normalised to its direct-path peak (its largest magnitude) and the output starts at
    that peak, so the dry sound is not delayed; the wet signal is then scaled back to the input RMS.
    """
    rir = np.asarray(rir, dtype=np.float64).ravel()
    if rir.size == 0 or not np.any(rir):
        raise BadInput("room impulse response is empty or silent")
    if samples.size == 0:
        return np.asarray(samples, dtype=np.float32).copy()
    direct = int(np.argmax(np.abs(rir)))
    wet = signal.fftconvolve(samples.astype(np.float64), rir / abs(rir[direct]))
    wet = wet[direct : direct + samples.size]
    wet_power, dry_power = power(wet), power(samples)
    if wet_power > 0.0:
        wet = wet * np.sqrt(dry_power / wet_power)
    return _limit_peak(wet).astype(np.float32)


def telephone(samples: np.ndarray, *, mu_law: bool = False) -> np.ndarray:
    """Narrow-band telephone line: 300-3400 Hz band-pass, 8 kHz round trip, optional G.711 μ-law."""
    if samples.size == 0:
        return np.asarray(samples, dtype=np.float32).copy()
    sos = signal.butter(
        TELEPHONE_FILTER_ORDER,
        [TELEPHONE_LOW_HZ, TELEPHONE_HIGH_HZ],
        btype="bandpass",
        fs=SAMPLE_RATE,
        output="sos",
    )
    band = signal.sosfiltfilt(sos, samples.astype(np.float64))
    narrow = soxr.resample(band.astype(np.float32), SAMPLE_RATE, TELEPHONE_RATE)
    if mu_law:
        narrow = mu_law_round_trip(narrow)
    wide = soxr.resample(narrow, TELEPHONE_RATE, SAMPLE_RATE)
    return _match_length(np.asarray(wide, dtype=np.float32), samples.size)


def mu_law_round_trip(samples: np.ndarray, mu: int = MU_LAW_MU) -> np.ndarray:
    """Compress with μ-law, quantise to 8-bit codes, and expand again."""
    x = np.clip(samples.astype(np.float64), -1.0, 1.0)
    compressed = np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu)
    codes = np.round((compressed + 1.0) / 2.0 * mu)  # 0..255
    decoded = codes / mu * 2.0 - 1.0
    return (np.sign(decoded) * np.expm1(np.abs(decoded) * np.log1p(mu)) / mu).astype(np.float32)


def _match_length(samples: np.ndarray, length: int) -> np.ndarray:
    # Resampling round trips can differ by a sample; pad or trim so callers keep alignment.
    if samples.size >= length:
        return samples[:length]
    return np.pad(samples, (0, length - samples.size))
