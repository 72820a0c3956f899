"""Feature shapes and one physical sanity property per kind."""

from __future__ import annotations

import numpy as np
import pytest

from sayso.audio.features import compute_features, slaney_mel_filters
from sayso.constants import N_FFT, N_MELS, N_MFCC, SAMPLE_RATE
from sayso.errors import BadInput


def sine(hz: float, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(round(SAMPLE_RATE * seconds)) / SAMPLE_RATE
    return (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


@pytest.mark.parametrize(
    ("kind", "shape"), [("logmel", (100, N_MELS)), ("fbank", (98, N_MELS)), ("mfcc", (98, N_MFCC))]
)
def test_shapes(kind: str, shape: tuple[int, int]) -> None:
    out = compute_features(sine(440), kind)
    assert out.shape == shape and out.dtype == np.float32
    assert np.all(np.isfinite(out))


def test_logmel_is_whisper_scaled_and_peaks_at_the_tone() -> None:
    out = compute_features(sine(1000), "logmel")
    # Whisper keeps 8 log10 units below the maximum, then divides by 4
    assert out.max() - out.min() <= 2.0 + 1e-6
    filters = slaney_mel_filters(SAMPLE_RATE, N_FFT, N_MELS)
    tone_bin = round(1000 / (SAMPLE_RATE / N_FFT))
    assert np.argmax(out[50]) == np.argmax(filters[:, tone_bin])


def test_slaney_filters_have_unit_area() -> None:
    filters = slaney_mel_filters(SAMPLE_RATE, N_FFT, N_MELS)
    area = filters.sum(axis=1) * SAMPLE_RATE / N_FFT
    # Slaney normalisation gives each filter unit area; the narrow low ones are coarsely sampled
    assert np.allclose(area, 1.0, atol=0.12)
    assert np.mean(area) == pytest.approx(1.0, abs=0.01)


def test_fbank_uses_htk_mel_and_natural_log() -> None:
    out = compute_features(sine(4000), "fbank")
    mel = lambda f: 1127.0 * np.log(1 + f / 700.0)  # noqa: E731
    centres = np.linspace(mel(20), mel(SAMPLE_RATE / 2), N_MELS + 2)[1:-1]
    assert np.argmax(out[50]) == np.argmin(np.abs(centres - mel(4000)))
    # doubling the amplitude adds ln(4) to every energy (power, natural log)
    louder = compute_features(sine(4000) * 2, "fbank")
    assert np.allclose(louder[50] - out[50], np.log(4.0), atol=0.01)


def test_mfcc_is_orthonormal_dct_of_fbank() -> None:
    x = sine(440) + sine(2300) * 0.3
    fbank, mfcc = compute_features(x, "fbank"), compute_features(x, "mfcc")
    n, k = np.arange(N_MELS), np.arange(N_MFCC)[:, None]
    dct = np.sqrt(2.0 / N_MELS) * np.cos(np.pi * k * (2 * n + 1) / (2 * N_MELS))
    dct[0] /= np.sqrt(2.0)
    assert np.allclose(fbank @ dct.T, mfcc, atol=1e-3)


def test_bad_requests() -> None:
    with pytest.raises(BadInput) as info:
        compute_features(np.zeros(100, np.float32), "fbank")
    assert info.value.code == "audio_empty"
    with pytest.raises(BadInput) as info:
        compute_features(sine(440), "plp")
    assert info.value.code == "format_unsupported"
