"""Optional clean-up before VAD/ASR: WebRTC noise suppression and automatic gain control.

`webrtc-noise-gain` wraps the WebRTC audio processing module; it works on 10 ms frames of 16-bit
16 kHz mono PCM and keeps state between frames, so one processor handles one whole signal.
"""

from __future__ import annotations

import numpy as np

from sayso.audio.io import PCM16_SCALE, pcm16_bytes
from sayso.constants import SAMPLE_RATE
from sayso.errors import ConfigError

WEBRTC_FRAME_MS: int = 10
"""Frame length the WebRTC processor requires, in ms."""
WEBRTC_FRAME_SAMPLES: int = SAMPLE_RATE * WEBRTC_FRAME_MS // 1000
"""Samples per WebRTC frame (160)."""
MAX_NOISE_SUPPRESSION: int = 4
"""Strongest noise suppression level (0 = off)."""
MAX_AUTO_GAIN_DBFS: int = 31
"""Largest AGC target; the target level is -auto_gain_dbfs dBFS (0 = AGC off)."""


def enhance(
    samples: np.ndarray, *, noise_suppression: int = 2, auto_gain_dbfs: int = 3
) -> np.ndarray:
    """Denoise and level 16 kHz mono float32 audio; returns the same length.

    `noise_suppression` is 0 (off) to 4 (strongest). `auto_gain_dbfs` is the AGC target level as
    dB below full scale, 0 (off) to 31: the default 3 aims at -3 dBFS.
    """
    if not 0 <= noise_suppression <= MAX_NOISE_SUPPRESSION:
        raise ConfigError(f"noise_suppression must be 0..{MAX_NOISE_SUPPRESSION}")
    if not 0 <= auto_gain_dbfs <= MAX_AUTO_GAIN_DBFS:
        raise ConfigError(f"auto_gain_dbfs must be 0..{MAX_AUTO_GAIN_DBFS}")
    # Deferred: the native module is only needed when enhancement is switched on.
    from webrtc_noise_gain import AudioProcessor

    processor = AudioProcessor(auto_gain_dbfs, noise_suppression)
    n = len(samples)
    padded_len = -(-n // WEBRTC_FRAME_SAMPLES) * WEBRTC_FRAME_SAMPLES
    padded = np.zeros(padded_len, dtype=np.float32)
    padded[:n] = samples
    pcm = pcm16_bytes(padded)
    frame_bytes = WEBRTC_FRAME_SAMPLES * 2
    out = b"".join(
        processor.Process10ms(pcm[i : i + frame_bytes]).audio
        for i in range(0, len(pcm), frame_bytes)
    )
    return (np.frombuffer(out, dtype="<i2").astype(np.float32) / PCM16_SCALE)[:n]
