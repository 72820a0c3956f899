"""Acoustic features for `sayso features`: Whisper-style log-mel, Kaldi fbank and MFCC.

All kinds use a 25 ms window (400 samples), a 10 ms hop (160 samples) and a 512-point FFT on
16 kHz mono audio, and return an array of shape (frames, dims), float32.

=========  ====  ================================================================================
kind       dims  definition and units
=========  ====  ================================================================================
logmel     80    Whisper-style. Periodic Hann window, frames centred on k·10 ms (reflect padding),
                 power spectrum |X|², 80 Slaney-scale mel filters (Slaney area normalisation,
                 0-8000 Hz), then log10(max(E, 1e-10)), floored at (max over the clip - 8), then
                 (x + 4) / 4. Unitless; speech lies roughly in [-1, 1.5]. Frames: len // 160.
fbank      80    Kaldi-style (``compute-fbank-feats``). Samples scaled to the 16-bit integer range
                 (×32768) as Kaldi reads WAV; DC removed per frame, pre-emphasis 0.97, Povey
                 window, no dither, power spectrum, 80 HTK-scale mel filters (20-8000 Hz), natural
                 log of each filter energy (floored at float epsilon). Units: ln of energy in
                 (16-bit sample)². Frames: 1 + (len - 400) // 160 (Kaldi ``snip_edges``).
mfcc       13    Orthonormal DCT-II of the 80 fbank values above, first 13 coefficients, no
                 liftering, c0 kept (not replaced by log energy). Units: ln-energy cepstra.
                 Frames: as fbank.
=========  ====  ================================================================================
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from sayso.constants import (
    FEATURE_HOP_MS,
    FEATURE_HOP_SAMPLES,
    FEATURE_WINDOW_MS,
    FEATURE_WINDOW_SAMPLES,
    N_FFT,
    N_MELS,
    N_MFCC,
    SAMPLE_RATE,
)
from sayso.errors import BadInput

FeatureKind = Literal["logmel", "mfcc", "fbank"]
FEATURE_KINDS: tuple[FeatureKind, ...] = ("logmel", "mfcc", "fbank")

KALDI_INT16_SCALE: float = 32768.0
"""Kaldi computes features on samples in the 16-bit integer range."""
WHISPER_LOG_FLOOR: float = 1e-10
"""Smallest mel power before log10, as in Whisper."""
WHISPER_DYNAMIC_RANGE: float = 8.0
"""Log10 units kept below the clip's maximum (80 dB), as in Whisper."""


def compute_features(samples: np.ndarray, kind: FeatureKind | str) -> np.ndarray:
    """Compute features of 16 kHz mono float32 audio as (frames, dims); see the module table."""
    samples = np.asarray(samples, dtype=np.float32)
    if len(samples) < FEATURE_WINDOW_SAMPLES:
        raise BadInput(
            f"audio is too short for features ({len(samples)} samples, need "
            f"{FEATURE_WINDOW_SAMPLES})",
            code="audio_empty",
        )
    if kind == "logmel":
        return whisper_logmel(samples)
    if kind == "fbank":
        return _kaldi(samples, mfcc=False)
    if kind == "mfcc":
        return _kaldi(samples, mfcc=True)
    raise BadInput(
        f"unknown feature kind {kind!r} (use {', '.join(FEATURE_KINDS)})", code="format_unsupported"
    )


def whisper_logmel(samples: np.ndarray) -> np.ndarray:
    """Whisper-style log10 mel power, (frames, N_MELS); see the module table."""
    half = FEATURE_WINDOW_SAMPLES // 2
    padded = np.pad(samples.astype(np.float64), half, mode="reflect")
    n_frames = len(samples) // FEATURE_HOP_SAMPLES
    starts = np.arange(n_frames) * FEATURE_HOP_SAMPLES
    idx = starts[:, None] + np.arange(FEATURE_WINDOW_SAMPLES)[None, :]
    window = np.hanning(FEATURE_WINDOW_SAMPLES + 1)[:-1]  # periodic Hann, like torch.hann_window
    power = np.abs(np.fft.rfft(padded[idx] * window, n=N_FFT, axis=1)) ** 2
    mel = power @ slaney_mel_filters(SAMPLE_RATE, N_FFT, N_MELS).T
    log_spec = np.log10(np.maximum(mel, WHISPER_LOG_FLOOR))
    log_spec = np.maximum(log_spec, log_spec.max() - WHISPER_DYNAMIC_RANGE)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)


def slaney_mel_filters(sample_rate: int, n_fft: int, n_mels: int) -> np.ndarray:
    """Build the Slaney mel filterbank (librosa default), shape (n_mels, n_fft // 2 + 1)."""
    fft_freqs = np.linspace(0.0, sample_rate / 2, n_fft // 2 + 1)
    mel_points = np.linspace(_hz_to_slaney(0.0), _hz_to_slaney(sample_rate / 2), n_mels + 2)
    hz_points = _slaney_to_hz(mel_points)
    widths = np.diff(hz_points)
    ramps = hz_points[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    return weights * (2.0 / (hz_points[2:] - hz_points[:-2]))[:, None]


_SLANEY_LINEAR_HZ_PER_MEL = 200.0 / 3
_SLANEY_LOG_START_HZ = 1000.0
_SLANEY_LOG_START_MEL = _SLANEY_LOG_START_HZ / _SLANEY_LINEAR_HZ_PER_MEL
_SLANEY_LOG_STEP = np.log(6.4) / 27.0


def _hz_to_slaney(hz: float) -> float:
    if hz < _SLANEY_LOG_START_HZ:
        return hz / _SLANEY_LINEAR_HZ_PER_MEL
    return float(_SLANEY_LOG_START_MEL + np.log(hz / _SLANEY_LOG_START_HZ) / _SLANEY_LOG_STEP)


def _slaney_to_hz(mels: np.ndarray) -> np.ndarray:
    linear = mels * _SLANEY_LINEAR_HZ_PER_MEL
    logarithmic = _SLANEY_LOG_START_HZ * np.exp(_SLANEY_LOG_STEP * (mels - _SLANEY_LOG_START_MEL))
    return np.where(mels < _SLANEY_LOG_START_MEL, linear, logarithmic)


def _kaldi(samples: np.ndarray, *, mfcc: bool) -> np.ndarray:
    # Deferred: the native extension is only needed by `sayso features`.
    import kaldi_native_fbank as knf

    opts: Any = knf.MfccOptions() if mfcc else knf.FbankOptions()
    opts.frame_opts.samp_freq = SAMPLE_RATE
    opts.frame_opts.frame_length_ms = FEATURE_WINDOW_MS
    opts.frame_opts.frame_shift_ms = FEATURE_HOP_MS
    opts.frame_opts.dither = 0.0
    opts.frame_opts.window_type = "povey"
    opts.frame_opts.preemph_coeff = 0.97
    opts.mel_opts.num_bins = N_MELS
    if mfcc:
        opts.num_ceps = N_MFCC
        opts.use_energy = False
        opts.cepstral_lifter = 0.0
    extractor = knf.OnlineMfcc(opts) if mfcc else knf.OnlineFbank(opts)
    extractor.accept_waveform(SAMPLE_RATE, samples * np.float32(KALDI_INT16_SCALE))
    extractor.input_finished()
    rows = [extractor.get_frame(i) for i in range(extractor.num_frames_ready)]
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), N_MFCC if mfcc else N_MELS)
