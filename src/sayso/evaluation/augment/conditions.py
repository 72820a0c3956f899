"""Test conditions (noise, speed, reverb, telephone) and the seeded loop that applies them."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from sayso.errors import ConfigError
from sayso.evaluation.augment.effects import add_noise, reverberate, speed_perturb, telephone
from sayso.evaluation.augment.noise import NoiseSource
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.progress import ProgressBar


@dataclasses.dataclass(frozen=True)
class Condition:
    """One way to degrade every utterance before it reaches the engine.

    Applied in the order speed → reverberation → noise → telephone channel (noise joins in the room,
    before the line).
    """

    name: str
    """Unique label, e.g. "babble-5dB"."""
    snr_db: float | None = None
    """Target SNR in dB; None adds no noise."""
    noise: NoiseSource | None = None
    """Where noise comes from; required when `snr_db` is set."""
    speed: float = 1.0
    """Speed factor (1.1 = 10 % faster and shorter)."""
    reverb: np.ndarray | None = dataclasses.field(default=None, compare=False)
    """Room impulse response at 16 kHz; None for dry audio."""
    telephone: bool = False
    """Pass through a narrow-band telephone channel."""
    mu_law: bool = False
    """With `telephone`, also quantise with 8-bit μ-law."""
    series: str = "default"
    """Line this condition belongs to in SNR plots (e.g. "babble", "reverb+noise")."""

    def __post_init__(self) -> None:
        if self.snr_db is not None and self.noise is None:
            raise ConfigError(f"condition {self.name!r} sets snr_db but no noise source")
        if self.speed <= 0:
            raise ConfigError(f"condition {self.name!r}: speed must be positive, got {self.speed}")

    def describe(self) -> dict[str, Any]:
        """JSON-ready description for reports."""
        return {
            "name": self.name,
            "snr_db": self.snr_db,
            "speed": self.speed,
            "reverb": self.reverb is not None,
            "telephone": self.telephone,
            "mu_law": self.mu_law,
            "series": self.series,
        }


CLEAN = Condition("clean")
"""The unmodified audio."""


def apply_condition(
    audio: np.ndarray, condition: Condition, rng: np.random.Generator
) -> np.ndarray:
    """Degrade `audio` as `condition` says, drawing randomness only from `rng`."""
    out = audio
    if condition.speed != 1.0:
        out = speed_perturb(out, condition.speed)
    if condition.reverb is not None:
        out = reverberate(out, condition.reverb)
    if condition.snr_db is not None and condition.noise is not None:
        out = add_noise(out, condition.noise.sample(rng), condition.snr_db, rng)
    if condition.telephone:
        out = telephone(out, mu_law=condition.mu_law)
    return out


def condition_seed(utterance_id: str, condition_name: str, seed: int = 0) -> int:
    """A 64-bit seed from the ids alone, so any subset or shard of a run repeats exactly."""
    # hashlib rather than hash(): Python salts str hashes per process.
    digest = hashlib.sha256(f"{seed}\x00{condition_name}\x00{utterance_id}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


def iter_conditioned(
    utterances: Sequence[Utterance],
    conditions: Sequence[Condition],
    *,
    seed: int = 0,
    description: str = "evaluating",
    progress: bool = True,
) -> Iterator[tuple[Utterance, Condition, np.ndarray]]:
    """Yield each utterance under each condition; every file is read once."""
    check_conditions(conditions)
    with ProgressBar(len(utterances) * len(conditions), description, enabled=progress) as bar:
        for utt in utterances:
            clean = read_clip(utt.audio)
            for condition in conditions:
                rng = np.random.default_rng(condition_seed(utt.id, condition.name, seed))
                yield utt, condition, apply_condition(clean, condition, rng)
                bar.advance()


def check_conditions(conditions: Sequence[Condition]) -> None:
    """Refuse an empty list or repeated names (rows are keyed by condition name)."""
    if not conditions:
        raise ConfigError("at least one condition is needed (use CLEAN for unmodified audio)")
    names = [c.name for c in conditions]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(f"condition names must be unique; repeated: {', '.join(repeated)}")
