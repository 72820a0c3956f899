"""The echo check: normalised cross-correlation over a range of delays."""

from __future__ import annotations

import numpy as np

from sayso.session.echo import peak_correlation

RATE = 16_000


def noise(seconds: float, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, 0.1, round(seconds * RATE)).astype(np.float32)


def test_delayed_attenuated_copy_is_found_with_its_lag() -> None:
    reference = noise(0.6, 1)
    window = 0.5 * reference[300 : 300 + 4096]  # the reference started playing 300 samples earlier
    ncc, lag = peak_correlation(window, reference)
    assert ncc > 0.99
    assert lag == 300


def test_unrelated_input_does_not_correlate() -> None:
    ncc, _ = peak_correlation(noise(0.25, 2), noise(0.6, 3))
    assert ncc < 0.2


def test_talking_over_the_echo_lowers_the_peak() -> None:
    reference = noise(0.6, 4)
    echo = 0.5 * reference[1000 : 1000 + 4096]
    user_louder = 2.0 * noise(4096 / RATE, 5)  # 12 dB above the echo
    ncc, _ = peak_correlation(echo + user_louder, reference)
    assert ncc < 0.5


def test_silence_and_short_reference_give_zero() -> None:
    assert peak_correlation(np.zeros(4096, np.float32), noise(0.6, 6))[0] == 0.0
    assert peak_correlation(noise(0.3, 7), noise(0.1, 8))[0] == 0.0
    silent_ref = np.zeros(RATE, np.float32)
    assert peak_correlation(noise(0.25, 9), silent_ref)[0] == 0.0
