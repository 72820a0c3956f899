"""Settings of the listening and speaking stages: audio input, VAD, ASR, TTS."""

from __future__ import annotations

import dataclasses

from sayso import constants as C
from sayso import languages
from sayso.errors import ConfigError


@dataclasses.dataclass(frozen=True)
class AudioConfig:
    """Audio front end."""

    max_seconds: float = C.MAX_INPUT_SECONDS
    """Longest input accepted, in seconds; longer input is refused."""


@dataclasses.dataclass(frozen=True)
class VadConfig:
    """Voice activity detection and endpointing."""

    engine: str = "silero"
    """"silero" or "energy" (silero falls back to energy when its model cannot load)."""
    threshold: float = C.VAD_THRESHOLD
    """Speech probability threshold, 0..1."""
    min_speech_ms: int = C.MIN_SPEECH_MS
    """Shortest voiced run that counts as speech, ms."""
    min_silence_ms: int = C.MIN_SILENCE_MS
    """Trailing silence that ends an utterance, ms."""
    speech_pad_ms: int = C.SPEECH_PAD_MS
    """Audio kept before the speech onset, ms."""
    trail_pad_ms: int = C.TRAIL_PAD_MS
    """Audio kept after the last voiced frame, ms (at most `min_silence_ms`)."""

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"vad.threshold must be in (0, 1], got {self.threshold}")
        for name in ("min_speech_ms", "min_silence_ms"):
            if not getattr(self, name) > 0:  # written so that NaN fails too
                raise ConfigError(f"vad.{name} must be positive, got {getattr(self, name)}")
        if not (self.speech_pad_ms >= 0 and self.trail_pad_ms >= 0):
            raise ConfigError("vad.speech_pad_ms and vad.trail_pad_ms must not be negative")


@dataclasses.dataclass(frozen=True)
class AsrConfig:
    """Speech recognition."""

    engine: str = "faster-whisper"
    """Engine name from the registry."""
    model: str = "tiny.en"
    """faster-whisper model name or local path; "tiny.en" uses the embedded copy when installed."""
    language: str | None = "en"
    """Language code, or "auto" (or None) to detect it per utterance (a multilingual model such
    as "base"; the detected language then picks the turn's intents, replies and voice)."""
    languages: tuple[str, ...] = ()
    """With `language: auto`, the languages detection chooses from; empty: the intents'
    languages (`intents.language` and `intents.languages`) when the assistant runs."""
    beam_size: int = 5
    """Beam width of the decoder."""
    nbest: int = 5
    """How many hypotheses to keep in the transcript (<= beam_size)."""
    word_timestamps: bool = True
    """Compute word timings."""
    compute_type: str = "int8"
    """CTranslate2 compute type ("int8", "float32", ...)."""
    cpu_threads: int = 0
    """Inference threads; 0 lets the engine choose (all cores)."""
    initial_prompt: str | None = None
    """Optional decoder prompt (vocabulary hint)."""
    grammar_rescoring: bool = True
    """When a spoken command's transcript is not a command, check the grammar sentences it is
    closest to (and small closed answer sets) against the audio and take one Whisper finds
    about as likely as what it heard (`sayso.understanding.grammar.rescore`)."""
    constrained_decoding: bool = True
    """When a transcript is not a command, decode the same audio again restricted to the grammar
    (engines that can: Whisper) and take the sentence unless the model's calibrated way out calls
    it open speech (`sayso.understanding.grammar.constrain`; `sayso eval calibrate` fits it)."""
    constrained_beam: int = 4
    """Hypotheses kept by the constrained search."""
    rescoring_margin: float = 2.0
    """Nats a grammar sentence may trail Whisper's own best guess and still be taken, plus
    `rescoring_margin_per_word` for each of its words."""
    rescoring_margin_per_word: float = 0.4
    bias_vocabulary: bool = False
    """Bias every utterance towards the home's names and slot values (hotwords). Off by default:
    measured on Cathy ARCTIC it raised open-speech WER from 5.7 % to 6.9 % and gave no gain on
    commands, where grammar-aware correction of the N-best list does the work instead."""


@dataclasses.dataclass(frozen=True)
class TtsConfig:
    """Speech synthesis."""

    engine: str = "piper"
    """Engine name from the registry."""
    voice: str | None = None
    """Piper voice .onnx path; None uses the embedded en_US-joe-medium voice."""
    speed: float = 1.0
    """Speaking rate multiplier (>1 is faster)."""
    noise_scale: float | None = None
    """Piper's voice-variation noise; None keeps the voice's own (0.667 for most voices). With
    both noise settings at 0 synthesis is deterministic (test and benchmark audio)."""
    noise_w: float | None = None
    """Piper's phoneme-duration noise; None keeps the voice's own."""
    language: str = "en"
    """Language the configured voice speaks; replies in other languages get another voice."""
    voices: tuple[str, ...] = ()
    """Piper voices for other languages, as "LANG=path.onnx" (e.g. "de=de_DE-thorsten.onnx");
    a reply in a language with no voice here is spoken by espeak-ng's voice of that language."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "language", languages.canonical(self.language) or "en")
        for entry in self.voices:
            code, sep, path = entry.partition("=")
            if not sep or not code.strip() or not path.strip():
                raise ConfigError(f"tts.voices entries are LANG=path.onnx, got {entry!r}")

    def voice_for(self, language: str) -> str | None:
        """The Piper voice configured for `language` (None: the main voice's or espeak-ng's)."""
        for entry in self.voices:
            code, _, path = entry.partition("=")
            if languages.same(code, language):
                return path.strip()
        return None
