"""Reading and writing evaluation audio as 16 kHz mono float32."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput


def to_mono_16k(samples: np.ndarray, rate: int) -> np.ndarray:
    """Down-mix to mono (channel mean) and resample to the pipeline rate; float32 out."""
    audio = np.asarray(samples, dtype=np.float32)
    if audio.ndim == 2:
        audio = audio.mean(axis=1, dtype=np.float32)
    elif audio.ndim != 1:
        raise BadInput(f"audio must be 1-D or (samples, channels), got shape {audio.shape}")
    if rate <= 0:
        raise BadInput(f"sample rate must be positive, got {rate}")
    if rate != SAMPLE_RATE and audio.size:
        audio = soxr.resample(audio, rate, SAMPLE_RATE).astype(np.float32)
    return audio


def read_clip(path: Path) -> np.ndarray:
    """Read a data-set clip (speech, noise, an impulse response) as 16 kHz mono float32.

    Lenient on purpose, unlike the front end's `sayso.audio.io.load_audio` (which refuses what a
    user turn must not get: over-long, near-empty or non-finite input): any length, as stored.
    """
    try:
        samples, rate = sf.read(str(path), dtype="float32", always_2d=False)
    except (OSError, sf.LibsndfileError) as exc:
        raise BadInput(f"cannot read audio {path}: {exc}") from exc
    return to_mono_16k(samples, int(rate))


def write_clip(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> Path:
    """Write 16-bit PCM WAV (samples clipped to [-1, 1]); folders are created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), np.clip(samples, -1.0, 1.0), rate, subtype="PCM_16")
    return path
