"""The voices that speak the training and evaluation sentences, split so evaluation voices are new.

Only one Piper voice ships offline, so a Piper "voice" here is one setting of its sampling
parameters (speed, `noise_scale`, `noise_w`); espeak-ng contributes its accents and voice
variants at several rates. The evaluation voices are never trained on; they include the two voices
sayso's own benchmarks render with (Piper at its defaults, espeak-ng "en-us" at 150 wpm), so the
gate measures what BENCHMARKS.md measures.
"""

from __future__ import annotations

import dataclasses
import shutil
import zlib
from collections.abc import Callable
from typing import Any, Final

import numpy as np

from sayso.config import TtsConfig
from sayso.evaluation.data.audio_io import to_mono_16k


@dataclasses.dataclass(frozen=True)
class VoiceSpec:
    """One way of speaking: an engine and its settings."""

    name: str
    """Unique label used in ids and reports."""
    engine: str
    """"piper" or "espeak"."""
    speed: float = 1.0
    """Speaking-rate factor (Piper divides its length_scale by it)."""
    noise_scale: float | None = None
    """Piper's voice-variation noise; None keeps the voice's own."""
    noise_w: float | None = None
    """Piper's phoneme-duration noise; None keeps the voice's own."""
    espeak_voice: str = "en-us"
    """espeak-ng voice and variant ("en-gb+m3")."""
    wpm: int = 150
    """espeak-ng words per minute."""

    @property
    def stateful(self) -> bool:
        """Whether a clip depends on what the same loaded voice spoke before it.

        Piper draws its sampling noise from a generator inside the loaded ONNX model, seeded when
        the model loads (`load_speaker`'s seed): the n-th text a voice loaded with a given seed
        speaks always sounds the same, but the same text spoken later sounds different.
        espeak-ng has no randomness.
        """
        return self.engine == "piper"


def _piper(name: str, speed: float, noise: float, noise_w: float) -> VoiceSpec:
    return VoiceSpec(name, "piper", speed=speed, noise_scale=noise, noise_w=noise_w)


def _espeak(voice: str, wpm: int) -> VoiceSpec:
    return VoiceSpec(f"espeak-{voice}-{wpm}", "espeak", espeak_voice=voice, wpm=wpm)


TRAIN_VOICES: Final[tuple[VoiceSpec, ...]] = (
    _piper("piper-fast-calm", 1.15, 0.5, 0.6),
    _piper("piper-slow-lively", 0.85, 0.8, 0.9),
    _piper("piper-lively", 1.05, 0.9, 1.0),
    _piper("piper-slow-flat", 0.9, 0.4, 0.5),
    _espeak("en-us+m3", 140),
    _espeak("en-us+f2", 170),
    _espeak("en-us+f4", 155),
    _espeak("en-gb+m2", 160),
    _espeak("en-gb+f5", 145),
    _espeak("en-gb-scotland+m4", 150),
    _espeak("en-029+m6", 165),
    _espeak("en-us+klatt2", 150),
    _espeak("en-gb-x-rp+m5", 175),
    _espeak("en-us+m7", 135),
)
"""Voices the model is trained on."""

EVAL_VOICES: Final[tuple[VoiceSpec, ...]] = (
    VoiceSpec("piper-default", "piper"),
    _piper("piper-quick-varied", 1.1, 0.75, 0.8),
    _espeak("en-us", 150),
    _espeak("en-gb-x-rp+f3", 160),
)
"""Held-out voices: never trained on, used only by the gate."""

Speaker = Callable[[str], np.ndarray]
"""Text → 16 kHz mono float32."""


def voice_seed(seed: int, spec: VoiceSpec) -> int:
    """The seed `spec` is loaded with in a run seeded with `seed` (stable across machines)."""
    return zlib.crc32(f"{seed}/{spec.name}".encode())


def load_speaker(spec: VoiceSpec, seed: int = 0) -> Speaker:
    """Load `spec`'s engine and return a function that speaks a text at 16 kHz.

    `seed` seeds a stateful voice's own generator (see `VoiceSpec.stateful`).
    """
    if spec.engine == "piper":
        import onnxruntime

        from sayso.tts.piper import PiperTts

        engine: Any = PiperTts(TtsConfig(noise_scale=spec.noise_scale, noise_w=spec.noise_w))
        # ONNX Runtime seeds a random kernel from this global when the model's session is made;
        # unset, it differs per process and the run would not be reproducible.
        onnxruntime.set_seed(voice_seed(seed, spec))
    else:
        from sayso.tts.espeak import EspeakTts

        engine = EspeakTts(voice=spec.espeak_voice, wpm=spec.wpm)
    engine.load()

    def speak(text: str) -> np.ndarray:
        chunks = [np.asarray(c, np.float32) for c in engine.synthesize(text, spec.speed)]
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        return to_mono_16k(audio, int(engine.capabilities.sample_rate))

    return speak


def available(specs: tuple[VoiceSpec, ...]) -> tuple[VoiceSpec, ...]:
    """`specs` without espeak-ng voices when espeak-ng is not installed."""
    if shutil.which("espeak-ng") is not None:
        return specs
    return tuple(s for s in specs if s.engine != "espeak")
