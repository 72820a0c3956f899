"""Whisper speech recognition through faster-whisper (CTranslate2), on CPU."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

import numpy as np

from sayso import constants as C
from sayso import languages
from sayso.asr.base import AsrCapabilities, AsrRequest, AsrResult
from sayso.asr.whisper.decode import (
    LEAD_SILENCE_S,
    TRIM_VALIDATED,
    WINDOW_S,
    DecodeOptions,
    decode_long,
    decode_short,
)
from sayso.asr.whisper.models import embedded_name, trained_encoder_pad, trained_lead
from sayso.config import AsrConfig
from sayso.errors import BadInput, ConfigError, NotLoaded

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

_log = logging.getLogger(__name__)


class FasterWhisperAsr:
    """Whisper via faster-whisper: N-best and word timings for utterances, windows for long audio.

    Construction is cheap; `load()` reads the model (about 1.5 s for tiny.en).
    `encoder_pad_s` trades accuracy for latency on short audio (seconds of padding encoded after
    the speech; None: the measured default for the model, else the full 30 s window).
    """

    def __init__(
        self, config: AsrConfig | None = None, *, encoder_pad_s: float | None = None
    ) -> None:
        self.config = config or AsrConfig()
        if encoder_pad_s is None:
            encoder_pad_s = served_encoder_pad(self.config.model)
        self.encoder_pad_s = encoder_pad_s
        trained = trained_lead(self.config.model)
        self.lead_s = LEAD_SILENCE_S if trained is None else trained
        """Silence before the audio (`decode.LEAD_SILENCE_S`; an adapted model's as trained)."""
        if self.config.beam_size < 1 or self.config.nbest < 1:
            raise ConfigError("asr.beam_size and asr.nbest must be at least 1")
        self.capabilities = AsrCapabilities(
            nbest=self.config.nbest > 1,
            word_timings=self.config.word_timestamps,
            streaming=False,
            biasing=True,
            languages=("en",) if self.config.model.endswith(".en") else (),
        )
        self._model: WhisperModel | None = None

    @property
    def model(self) -> WhisperModel:
        """The loaded faster-whisper model."""
        if self._model is None:
            raise NotLoaded("FasterWhisperAsr.model used before load()")
        return self._model

    @property
    def loaded(self) -> bool:
        """True after `load()`."""
        return self._model is not None

    def load(self) -> None:
        """Load the configured model (idempotent)."""
        if self._model is not None:
            return
        from sayso.asr.whisper.models import load_whisper_model, model_identity

        self._model = load_whisper_model(
            self.config.model, self.config.compute_type, self.config.cpu_threads
        )
        # The constrained decoder's calibration is stored per model (`Transcript.acoustic`).
        identity = model_identity(self.config.model, self.config.compute_type)
        self._model.sayso_identity = identity
        if not self._model.model.is_multilingual:
            self.capabilities = _with_languages(self.capabilities, ("en",))

    def prepare_constrained(self) -> None:
        """Load the constrained decoder's weights now (blocking) rather than in a first turn."""
        if self._model is None:
            raise NotLoaded("FasterWhisperAsr.prepare_constrained() called before load()")
        from sayso.asr.whisper.constrained import stepper_of

        stepper_of(self._model)

    def transcribe(self, audio: np.ndarray, request: AsrRequest | None = None) -> AsrResult:
        """Recognise 16 kHz mono float32 `audio` (blocking)."""
        if self._model is None:
            raise NotLoaded("FasterWhisperAsr.transcribe() called before load()")
        samples = _check_audio(audio)
        opts = self._options(request or AsrRequest())
        if len(samples) / C.SAMPLE_RATE <= WINDOW_S:
            return decode_short(self._model, samples, opts)
        return decode_long(self._model, samples, opts)

    def _options(self, request: AsrRequest) -> DecodeOptions:
        assert self._model is not None
        # "auto" (or none) detects; "zh-CN" / "de-CH" are "zh" / "de" to Whisper.
        language = languages.whisper_code(request.language or self.config.language)
        if language not in (None, "en") and not self._model.model.is_multilingual:
            # The model cannot write another language; decoding as English is the useful answer.
            _log.warning("model %s is English-only; ignoring %r", self.config.model, language)
            language = "en"
        beam = request.beam_size or self.config.beam_size
        if beam < 1:
            raise BadInput(f"beam_size must be at least 1, got {beam}")
        if request.temperature < 0:
            raise BadInput(f"temperature must be >= 0, got {request.temperature}")
        phrases = [p.strip() for p in request.bias_phrases if p.strip()]
        return DecodeOptions(
            language=language,
            beam_size=beam,
            nbest=self.config.nbest,
            temperature=request.temperature,
            prompt=request.prompt or self.config.initial_prompt,
            hotwords=", ".join(phrases) or None,
            # Alignment is one more decoder pass (~5 % of a turn's recognition).
            word_timestamps=(self.config.word_timestamps and request.word_timings
                             and not request.partial),
            encoder_pad_s=self.encoder_pad_s,
            # A live segment brings its own pre-roll: silence is added only where it lacks it
            # (the end-of-turn cues were calibrated on segments with the pre-roll alone).
            lead_s=max(0.0, self.lead_s - request.lead_in_s),
            candidates=tuple(
                code for code in map(languages.whisper_code, self.config.languages) if code
            ),
        )


def served_encoder_pad(model: str) -> float | None:
    """Seconds encoded after the speech for model `model` (a name or folder); None: 30 s window.

    A model `sayso adapt asr` made is served as its decoder was trained (its folder records it):
    trained on full-window encodings and served trimmed, the pizza model's open-speech WER rose
    (gate: Cathy 5.5 -> 6.9 %; BENCHMARKS.md, "Round 4, lead"). Others get the trim measured for
    their name (`TRIM_VALIDATED`), the embedded models also when given by their folder.
    """
    recorded, pad = trained_encoder_pad(model)
    if recorded:
        return pad
    return TRIM_VALIDATED.get(embedded_name(model))


def _check_audio(audio: np.ndarray) -> np.ndarray:
    samples = np.asarray(audio)
    if samples.ndim != 1:
        raise BadInput(f"ASR expects mono audio (1-D samples), got shape {samples.shape}")
    if samples.size == 0:
        raise BadInput("ASR got empty audio")
    if not np.issubdtype(samples.dtype, np.floating):
        raise BadInput(f"ASR expects float samples in [-1, 1], got {samples.dtype}")
    return np.ascontiguousarray(samples, dtype=np.float32)


def _with_languages(caps: AsrCapabilities, languages: tuple[str, ...]) -> AsrCapabilities:
    return dataclasses.replace(caps, languages=languages)
