"""The user's noise folder, split into a training half and an evaluation half.

A folder with a `manifest.jsonl` (sayso's noise manifests: `audio`, `category`) is read through
it, so impulse responses are told apart by category; otherwise every audio file in the folder is
noise, and files under a folder named `rir` are impulse responses. Clips alternate between the
halves in sorted order, so both halves cover every category. Without a folder, seeded white
noise stands in (and the report says so).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Final

import numpy as np

from sayso.errors import BadInput
from sayso.evaluation.augment.noise import NOT_NOISE, NoiseSource, WhiteNoise, trim_silence
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.manifest import iter_jsonl

AUDIO_SUFFIXES: Final[frozenset[str]] = frozenset({".wav", ".flac", ".ogg", ".mp3"})


class ClipNoise:
    """Noise drawn uniformly from a list of files (read on first use)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self._cache: dict[int, np.ndarray] = {}

    def sample(self, rng: np.random.Generator) -> np.ndarray:
        """One clip, chosen with `rng`."""
        index = int(rng.integers(0, len(self.paths)))
        if index not in self._cache:
            clip = trim_silence(read_clip(self.paths[index]))
            self._cache[index] = clip if clip.size else np.zeros(1600, np.float32)
        return self._cache[index]


@dataclasses.dataclass
class NoiseHalves:
    """Noise and impulse responses for training and for the gate, never shared."""

    train: NoiseSource
    eval: NoiseSource
    train_rirs: list[np.ndarray]
    eval_rirs: list[np.ndarray]
    described: dict[str, object]
    """What the report says about the split."""


def _listed(folder: Path) -> tuple[list[Path], list[Path]]:
    manifest = folder / "manifest.jsonl"
    noise: list[Path] = []
    rirs: list[Path] = []
    if manifest.is_file():
        for _, obj in iter_jsonl(manifest):
            path = (folder / str(obj.get("audio", ""))).resolve()
            (rirs if str(obj.get("category", "")) in NOT_NOISE else noise).append(path)
    else:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in AUDIO_SUFFIXES:
                (rirs if "rir" in path.parent.name.lower() else noise).append(path)
    return sorted(noise), sorted(rirs)


def split_noise(folder: Path | None) -> NoiseHalves:
    """Split `folder`'s clips into halves (even positions train, odd ones evaluate)."""
    if folder is None:
        white = WhiteNoise()
        return NoiseHalves(white, white, [], [], {"source": "white noise (no --noise given)"})
    if not folder.is_dir():
        raise BadInput(f"--noise {folder} is not a folder")
    noise, rirs = _listed(folder)
    if len(noise) < 2:
        raise BadInput(f"--noise {folder} needs at least 2 noise clips (found {len(noise)})")
    rir_audio = [read_clip(p) for p in rirs]
    return NoiseHalves(
        ClipNoise(noise[0::2]),
        ClipNoise(noise[1::2]),
        rir_audio[0::2],
        rir_audio[1::2],
        {
            "source": str(folder),
            "train_clips": len(noise[0::2]),
            "eval_clips": len(noise[1::2]),
            "train_rirs": len(rir_audio[0::2]),
            "eval_rirs": len(rir_audio[1::2]),
        },
    )
