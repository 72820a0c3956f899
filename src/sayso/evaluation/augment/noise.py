"""Noise sources for augmentation: clips listed in a manifest, or seeded white noise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

import numpy as np

from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.manifest import iter_jsonl

WHITE_NOISE_SECONDS: Final[float] = 5.0
"""Length of a generated white-noise clip; `add_noise` loops it as needed."""


@runtime_checkable
class NoiseSource(Protocol):
    """Something that hands out 16 kHz mono float32 noise clips."""

    def sample(self, rng: np.random.Generator) -> np.ndarray:
        """A noise clip chosen (or generated) with `rng`."""
        ...


NOT_NOISE: Final[frozenset[str]] = frozenset({"room_impulse_response", "rir"})
"""Categories a noise manifest may also list that are not noise (impulse responses)."""
SILENCE_LEVEL: Final[float] = 1e-4
"""Absolute sample value (full scale, -80 dBFS) under which padding counts as silence."""


def trim_silence(samples: np.ndarray) -> np.ndarray:
    """Cut leading and trailing padding below `SILENCE_LEVEL` (ESC-50 clips are zero-padded)."""
    loud = np.flatnonzero(np.abs(samples) > SILENCE_LEVEL)
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples[:0]


class NoiseBank:
    """Noise clips listed in a JSON Lines manifest (`audio` relative to it, optional `category`).

    Clips are read on first use and cached, so constructing a bank only reads the manifest.
    """

    def __init__(
        self,
        manifest_path: str | os.PathLike[str],
        categories: set[str] | None = None,
        *,
        exclude: frozenset[str] = NOT_NOISE,
    ):
        manifest = Path(manifest_path)
        entries: list[tuple[Path, str]] = []
        for lineno, obj in iter_jsonl(manifest):
            audio = obj.get("audio")
            if not isinstance(audio, str) or not audio:
                raise BadInput(f"{manifest}:{lineno}: 'audio' must be a non-empty string")
            category = str(obj.get("category", ""))
            if (categories is None or category in categories) and category not in exclude:
                entries.append(((manifest.parent / audio).resolve(), category))
        if not entries:
            raise BadInput(f"noise manifest {manifest} lists no usable clips")
        self._entries = entries
        self._cache: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def categories(self) -> tuple[str, ...]:
        """Distinct categories, sorted."""
        return tuple(sorted({category for _, category in self._entries}))

    def clip(self, index: int) -> np.ndarray:
        """Clip `index` as 16 kHz mono float32."""
        if index not in self._cache:
            path = self._entries[index][0]
            clip = trim_silence(read_clip(path))
            if not clip.size:
                raise BadInput(f"noise clip {path} is silent")
            self._cache[index] = clip
        return self._cache[index]

    def sample(self, rng: np.random.Generator) -> np.ndarray:
        """A clip drawn uniformly with `rng`."""
        return self.clip(int(rng.integers(0, len(self._entries))))


class WhiteNoise:
    """Gaussian white noise, generated from the caller's rng (no files needed)."""

    def __init__(self, seconds: float = WHITE_NOISE_SECONDS) -> None:
        self._samples = max(1, int(seconds * SAMPLE_RATE))

    def sample(self, rng: np.random.Generator) -> np.ndarray:
        """A fresh clip of unit-variance noise (`add_noise` rescales it)."""
        return rng.standard_normal(self._samples).astype(np.float32)
