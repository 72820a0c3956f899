"""The simulated user's voices: render a scripted turn with its pauses, rate and voice.

A turn with pauses (`say: "Set a timer for | five minutes."`) is rendered piece by piece and
joined with exactly the scripted silence (each piece's own leading and trailing silence cut
first). A piece followed by a pause is rendered with a comma after it, so the voice does not
close the sentence there (no final fall): a continuation, as a speaker pausing mid-sentence.
Piper renders without its random variation, so every run hears the same audio, unless asked
for it (`variation`): then each render differs (onnxruntime's noise cannot be seeded), as
`sayso bench live` renders and as people vary; its flat deterministic prosody alone made the
end-of-turn model trust a final pitch fall that varied speech often lacks (BENCHMARKS.md, "End
of turn live, round 4").
"""

from __future__ import annotations

import dataclasses
import shutil
from typing import Any

import numpy as np

from sayso.config import Settings
from sayso.constants import MS_PER_SECOND, SAMPLE_RATE
from sayso.errors import EngineUnavailable
from sayso.evaluation.data.audio_io import to_mono_16k
from sayso.evaluation.data.synth import ESPEAK_WPM
from sayso.evaluation.dialogue.scenarios import Turn

EDGE_BELOW_PEAK_DB = 40.0
"""A piece's edges quieter than this under its peak are silence (cut before joining)."""
BLOCK_S = 0.01
"""Block size of that cut, seconds."""


class UserVoices:
    """Loads each voice ("piper", "espeak") on first use; `voices(text)` uses the default."""

    def __init__(self, settings: Settings, default: str, *, variation: bool = False) -> None:
        self.settings = settings
        self.default = default
        self.variation = variation
        """Piper with its random variation (`tts.noise_scale`, `tts.noise_w`)."""
        self._engines: dict[str, Any] = {}

    def __call__(self, text: str) -> np.ndarray:
        """`text` in the default voice at normal speed, 16 kHz mono float32."""
        return self.speak(self.default, text, 1.0)

    def speak(self, voice: str, text: str, speed: float) -> np.ndarray:
        """`text` in `voice` at `speed`, 16 kHz mono float32."""
        engine = self._engine(voice)
        chunks = [np.asarray(c, np.float32) for c in engine.synthesize(text, speed)]
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        return to_mono_16k(audio, int(engine.capabilities.sample_rate))

    def turn(self, turn: Turn) -> np.ndarray:
        """The user's speech of a `say:` turn, with its pauses."""
        voice = turn.voice or self.default
        pieces = turn.pieces
        if len(pieces) == 1:
            return self.speak(voice, pieces[0], turn.speed)
        out: list[np.ndarray] = []
        for k, piece in enumerate(pieces):
            last = k == len(pieces) - 1
            text = piece if last or piece[-1] in ",.!?" else f"{piece},"
            out.append(trim_silence(self.speak(voice, text, turn.speed)))
            if not last:
                gap = round(turn.pauses_ms[k] * SAMPLE_RATE / MS_PER_SECOND)
                out.append(np.zeros(gap, np.float32))
        return np.concatenate(out)

    def _engine(self, name: str) -> Any:
        if name not in self._engines:
            self._engines[name] = _load(name, self.settings, self.variation)
        return self._engines[name]


def _load(name: str, settings: Settings, variation: bool = False) -> Any:
    if name == "piper":
        from sayso import registry

        # Without Piper's random variation: a scenario renders the same audio on every run, so
        # a re-run reproduces the numbers (espeak-ng is deterministic already).
        config = (settings.tts if variation
                  else dataclasses.replace(settings.tts, noise_scale=0.0, noise_w=0.0))
        engine: Any = registry.create("tts", settings.tts.engine, config)
    else:
        if shutil.which("espeak-ng") is None:
            raise EngineUnavailable("the espeak voice needs espeak-ng (apt-get install espeak-ng)")
        from sayso.tts.espeak import EspeakTts

        engine = EspeakTts(wpm=ESPEAK_WPM)
    engine.load()
    return engine


def trim_silence(audio: np.ndarray) -> np.ndarray:
    """`audio` without its leading and trailing near-silence."""
    block = round(BLOCK_S * SAMPLE_RATE)
    n = len(audio) // block
    if n == 0:
        return audio
    rms = np.sqrt(np.mean(audio[: n * block].reshape(n, block) ** 2, axis=1)) + 1e-12
    loud = np.flatnonzero(20 * np.log10(rms / rms.max()) > -EDGE_BELOW_PEAK_DB)
    return audio[loud[0] * block : (loud[-1] + 1) * block]
