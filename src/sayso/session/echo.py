"""Is the microphone hearing the assistant's own reply? A delay-tolerant correlation check.

The engine knows which reply audio the loudspeaker was playing at every moment (`Playback`). For
a window of input it takes the reference audio played over the same span, extended backwards by
the longest expected acoustic + buffering delay, and computes the normalised cross-correlation at
every lag: ``ncc(lag) = <x, r_lag> / (|x| |r_lag|)``. Scaling the input does not change it (any
loudspeaker gain), and the best lag is searched (any delay up to the maximum). A peak above the
configured threshold means the input is mostly the reply: if the user also talks, their voice
adds energy the reference does not explain and the peak drops (equal levels give about 0.7,
user 6 dB louder about 0.45).

Limits: this is a detector, not an echo canceller. Real rooms (reverberation, loudspeaker
distortion, resampling drift, automatic gain in the client) lower the peak, so quiet echo can be
missed; the raised VAD threshold while playing is the second line of defence. Loud double talk
still interrupts correctly, but a user speaking much more softly than the echo can be taken for
echo. A client-side acoustic echo canceller (WebRTC AEC3, speexdsp) is the real fix.
"""

from __future__ import annotations

import numpy as np

_EPS = 1e-9
MIN_INPUT_RMS: float = 1e-4
"""Input quieter than this (-80 dBFS) is never called echo (nothing to compare)."""


def peak_correlation(window: np.ndarray, reference: np.ndarray) -> tuple[float, int]:
    """Best normalised cross-correlation of `window` against every alignment inside `reference`.

    `reference` must be at least as long as `window`; returns (peak ncc in [0, 1], lag in samples
    from the start of `reference`). Uses FFT correlation and running energies: O(n log n).
    """
    x = np.asarray(window, dtype=np.float64)
    r = np.asarray(reference, dtype=np.float64)
    n, m = len(x), len(r)
    if n == 0 or m < n:
        return 0.0, 0
    x_norm = float(np.sqrt(np.dot(x, x)))
    if x_norm / np.sqrt(n) < MIN_INPUT_RMS:
        return 0.0, 0
    size = 1 << int(np.ceil(np.log2(n + m)))
    spectrum = np.fft.rfft(r, size) * np.conj(np.fft.rfft(x, size))
    dots = np.fft.irfft(spectrum, size)[: m - n + 1]
    energy = np.concatenate(([0.0], np.cumsum(r * r)))
    r_norms = np.sqrt(np.maximum(energy[n:] - energy[: m - n + 1], 0.0))
    ncc = np.abs(dots) / (x_norm * r_norms + _EPS)
    # Silent stretches of the reference give near-zero norms and meaningless ratios.
    ncc[r_norms < MIN_INPUT_RMS * np.sqrt(n)] = 0.0
    lag = int(np.argmax(ncc))
    return float(min(ncc[lag], 1.0)), lag
