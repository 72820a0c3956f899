from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from sayso.errors import BadInput
from sayso.evaluation.augment.effects import (
    NoiseBank,
    WhiteNoise,
    add_noise,
    mu_law_round_trip,
    power,
    reverberate,
    speed_perturb,
    telephone,
)

from .eval_signals import RATE, babble_like, speech_like, tone


@pytest.fixture
def speech() -> np.ndarray:
    return speech_like()


@pytest.fixture
def noise() -> np.ndarray:
    return babble_like()


def _snr_db(clean: np.ndarray, mixed: np.ndarray) -> float:
    return float(10 * np.log10(power(clean) / power(mixed - clean)))


@pytest.mark.parametrize("snr", [0.0, 5.0, 10.0, 20.0])
def test_mix_hits_the_target_snr(speech: np.ndarray, noise: np.ndarray, snr: float) -> None:
    mixed = add_noise(speech, noise, snr, np.random.default_rng(0))
    assert mixed.shape == speech.shape
    assert mixed.dtype == np.float32
    assert abs(_snr_db(speech, mixed) - snr) < 0.5


def test_short_noise_is_looped_and_resampled(speech: np.ndarray) -> None:
    noise_8k = np.random.default_rng(3).standard_normal(4000).astype(np.float32)  # 0.5 s at 8 kHz
    mixed = add_noise(speech, noise_8k, 10.0, np.random.default_rng(0), noise_rate=8000)
    assert abs(_snr_db(speech, mixed) - 10.0) < 0.5


def test_mixing_is_seeded(speech: np.ndarray, noise: np.ndarray) -> None:
    a = add_noise(speech, noise, 5.0, np.random.default_rng(7))
    b = add_noise(speech, noise, 5.0, np.random.default_rng(7))
    c = add_noise(speech, noise, 5.0, np.random.default_rng(8))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_loud_mix_is_limited_not_clipped(noise: np.ndarray) -> None:
    loud = speech_like(level=0.95)
    mixed = add_noise(loud, noise, 0.0, np.random.default_rng(0))
    assert np.max(np.abs(mixed)) <= 0.99 + 1e-6


def test_silent_inputs_are_refused(speech: np.ndarray, noise: np.ndarray) -> None:
    with pytest.raises(BadInput, match="silent"):
        add_noise(np.zeros(100, np.float32), noise, 5.0, np.random.default_rng(0))
    with pytest.raises(BadInput, match="silent"):
        add_noise(speech, np.zeros(100, np.float32), 5.0, np.random.default_rng(0))


@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_speed_changes_duration_and_pitch_by_the_factor(factor: float) -> None:
    clip = tone(440.0, seconds=1.0)
    out = speed_perturb(clip, factor)
    assert abs(out.size - clip.size / factor) <= 2
    spectrum = np.abs(np.fft.rfft(out))
    peak_hz = np.argmax(spectrum) * RATE / out.size
    assert peak_hz == pytest.approx(440.0 * factor, rel=0.01)


def test_speed_factor_must_be_positive() -> None:
    with pytest.raises(BadInput):
        speed_perturb(tone(440.0), 0.0)


def _synthetic_rir(delay: int = 80, seconds: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(5)
    n = int(seconds * RATE)
    tail = rng.standard_normal(n) * np.exp(-np.arange(n) / (0.05 * RATE)) * 0.3
    rir = np.concatenate([np.zeros(delay), [0.5], tail])
    return rir


def test_reverb_keeps_length_level_and_timing(speech: np.ndarray) -> None:
    out = reverberate(speech, _synthetic_rir())
    assert out.shape == speech.shape
    assert power(out) == pytest.approx(power(speech), rel=1e-3)
    assert not np.allclose(out, speech)
    # A pure delayed impulse must give back the input, neither delayed nor rescaled.
    impulse = np.zeros(50)
    impulse[30] = 0.25
    assert np.allclose(reverberate(speech, impulse), speech, atol=1e-5)


def test_reverb_refuses_a_silent_rir(speech: np.ndarray) -> None:
    with pytest.raises(BadInput):
        reverberate(speech, np.zeros(10))


def _band_gain(freq: float, **kwargs: bool) -> float:
    clip = tone(freq, seconds=1.0)
    out = telephone(clip, **kwargs)
    assert out.shape == clip.shape
    middle = slice(2000, -2000)  # skip filter edge effects
    return float(np.sqrt(power(out[middle]) / power(clip[middle])))


def test_telephone_band_limits() -> None:
    assert _band_gain(1000.0) == pytest.approx(1.0, abs=0.05)
    assert _band_gain(6000.0) < 0.01  # above 4 kHz nothing survives the 8 kHz round trip
    assert _band_gain(100.0) < 0.2
    assert _band_gain(1000.0, mu_law=True) == pytest.approx(1.0, abs=0.1)


def test_mu_law_round_trip_error_is_small_and_relative() -> None:
    x = np.linspace(-1, 1, 1001).astype(np.float32)
    y = mu_law_round_trip(x)
    assert np.max(np.abs(y - x)) < 0.04
    quiet = np.float32(0.001)
    assert abs(mu_law_round_trip(np.array([quiet]))[0] - quiet) < 0.0005


def _noise_manifest(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    lines = []
    for name, category, rate in [("a", "hum", 16000), ("b", "rain", 8000)]:
        sf.write(tmp_path / f"{name}.wav", 0.1 * rng.standard_normal(rate // 2), rate)
        lines.append(json.dumps({"audio": f"{name}.wav", "category": category}))
    manifest = tmp_path / "noise.jsonl"
    manifest.write_text("\n".join(lines) + "\n")
    return manifest


def test_noise_bank_loads_and_samples_reproducibly(tmp_path: Path) -> None:
    bank = NoiseBank(_noise_manifest(tmp_path))
    assert len(bank) == 2
    assert bank.categories == ("hum", "rain")
    assert bank.clip(1).size == 8000  # 0.5 s resampled from 8 kHz to 16 kHz
    first = [bank.sample(np.random.default_rng(3)).size for _ in range(2)]
    assert first[0] == first[1]
    only_rain = NoiseBank(tmp_path / "noise.jsonl", categories={"rain"})
    assert len(only_rain) == 1


def test_noise_bank_bad_line_names_the_line(tmp_path: Path) -> None:
    manifest = tmp_path / "noise.jsonl"
    manifest.write_text('{"audio": "a.wav"}\n{"category": "rain"}\n')
    with pytest.raises(BadInput, match=r"noise.jsonl:2: 'audio'"):
        NoiseBank(manifest)


def test_white_noise_source_is_seeded() -> None:
    source = WhiteNoise(seconds=0.1)
    a = source.sample(np.random.default_rng(1))
    assert a.size == 1600
    assert np.array_equal(a, source.sample(np.random.default_rng(1)))
