"""Configuration: one frozen dataclass per stage, loaded from an optional YAML file.

Every field has a working default, so `sayso turn` runs with no configuration at all on the embedded
models. A YAML file (``--config`` or ``$SAYSO_CONFIG``) overrides fields section by section, e.g.::

    asr: {model: base.en, beam_size: 5}
    intents: {custom: my_pizza.yaml}
"""

from __future__ import annotations

import dataclasses
import math
import os
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml

from sayso import constants as C
from sayso import languages
from sayso.errors import ConfigError

PRIVATE_DIR_MODE = 0o700
"""The data directory is created readable by its owner only."""


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
class IntentsConfig:
    """Fast-path understanding."""

    engine: str = "hassil"
    """Engine name from the registry."""
    language: str = "en"
    """Language of the Home Assistant intent templates and responses (the default language)."""
    languages: tuple[str, ...] = ()
    """Further languages understood and answered when a turn is in one of them (the recogniser
    detected it, `asr.language: auto`); each is loaded on its first turn."""
    custom: tuple[str, ...] = ()
    """Paths of user intent files in hassil template YAML."""
    builtin: bool = True
    """Load Home Assistant's and sayso's own intents; false keeps only the custom files (a
    single-domain assistant such as an order kiosk, or a question with a closed answer set)."""

    def __post_init__(self) -> None:
        # One spelling per language (Home Assistant's): "zh-cn" and "zh" both mean "zh-CN".
        object.__setattr__(self, "language", languages.canonical(self.language) or "en")
        others = (languages.canonical(code) for code in self.languages)
        object.__setattr__(
            self, "languages", tuple(dict.fromkeys(c for c in others if c != self.language))
        )

    @property
    def all_languages(self) -> tuple[str, ...]:
        """The default language first, then the others."""
        return (self.language, *self.languages)


@dataclasses.dataclass(frozen=True)
class HomeConfig:
    """The virtual home, clock and stored state."""

    home_file: str | None = None
    """Home description YAML; None uses the bundled demo home."""
    db_path: str | None = None
    """SQLite state file; None uses `<data_dir>/state.sqlite3`."""
    timezone: str | None = None
    """IANA time zone for alarms and "what time is it"; None uses the system zone."""


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


SHOT_MODES: tuple[str, ...] = ("auto", "retrieved", "static")
"""Values of `llm.shots`."""


@dataclasses.dataclass(frozen=True)
class LlmConfig:
    """The LLM brain: answers what the fast intent path does not match."""

    engine: str = "auto"
    """"auto" (llama-cpp when installed, else none), "llama-cpp", "openai" or "none"."""
    model_path: str | None = None
    """GGUF file for llama-cpp; None uses the embedded gemma-3-270m (a small base model)."""
    lora: str | None = None
    """GGUF LoRA adapter for llama-cpp, written by `sayso adapt llm` (deploy only a passing one)."""
    n_threads: int = 2
    """CPU threads for in-process generation."""
    n_ctx: int = 2048
    """Context window in tokens (llama-cpp)."""
    base_url: str | None = None
    """OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 (Ollama); engine "openai"."""
    model: str = "default"
    """Model name sent to the OpenAI-compatible server."""
    api_key: str | None = None
    """API key for the server; None reads $SAYSO_LLM_API_KEY."""
    tools: tuple[str, ...] = ()
    """Extra tools as "module:function" (typed functions; schema from the signature)."""
    allow: tuple[str, ...] | None = None
    """Allow-list of tool names; None allows every registered tool."""
    confirm_timeout_s: float = 30.0
    """How long a sensitive tool call waits for a spoken "yes", in seconds."""
    filler_after_s: float = 0.7
    """Say a short filler when a tool runs longer than this, in seconds."""
    max_tokens: int = 64
    """Longest spoken answer, in tokens."""
    budget_tokens: int = 1024
    """Conversation memory budget per session, in tokens."""
    shots: str = "static"
    """Worked examples in the embedded model's prompt: "static" (each tool's own examples, a
    prompt whose prefix llama.cpp evaluates once), "retrieved" (the nearest examples of a pool
    generated from the tools and the home, by sentence embedding; needs the llm-retrieval extra)
    or "auto" (retrieved when installed). With `lora`, "static" means no examples (the prompt the
    adapter was trained on) and "retrieved" adds the retrieved ones. BENCHMARKS.md has the
    ablation."""
    compact_tools: bool = False
    """List the tools to the embedded model as `name(args)`, without descriptions."""
    repair_arguments: bool = True
    """Replace a call's argument by the one value the request plainly states (its one duration,
    number, device, contact or list), before the grounding checks the call."""
    timeout_s: float = 30.0
    """An LLM server silent for this long (no next bytes of its answer) has stalled: the turn
    ends with a spoken apology, in seconds (engine "openai")."""

    def __post_init__(self) -> None:
        if not 0.0 < self.timeout_s < float("inf"):  # written so that NaN fails too
            raise ConfigError(f"llm.timeout_s must be a positive number, got {self.timeout_s}")
        if self.shots not in SHOT_MODES:
            raise ConfigError(f"llm.shots must be one of {', '.join(SHOT_MODES)}, got {self.shots}")


TURN_DETECTION_MODES: tuple[str, ...] = ("server_vad", "manual")
"""`server_vad`: the VAD ends turns; `manual`: the client ends them with `commit()`."""

WAKE_MODELS: tuple[str, ...] = ("hey_jarvis", "alexa", "hey_mycroft", "hey_rhasspy")
"""openWakeWord's pre-trained models (the `wake` extra); a path to an .onnx model works too."""


@dataclasses.dataclass(frozen=True)
class WakeConfig:
    """The optional wake word in front of live turn taking (`wake:`); off by default."""

    enabled: bool = False
    """Listen for the wake word before a command (live sessions, Wyoming `detect`)."""
    engine: str = "openwakeword"
    """Registered wake-word engine."""
    model: str = "hey_jarvis"
    """A pre-trained model name (see `WAKE_MODELS`) or the path of an openWakeWord .onnx model."""
    threshold: float = 0.5
    """Model score (0..1) at which the phrase counts as said."""
    listen_s: float = 5.0
    """After the wake word, how long sayso waits for the command to start, seconds."""
    follow_up_s: float = 6.0
    """After a reply, how long the user may speak again without the wake word, seconds; 0
    disables (a question sayso asked keeps listening until the answer regardless)."""

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError(f"wake.threshold must be in (0, 1), got {self.threshold}")
        if not (math.isfinite(self.listen_s) and self.listen_s > 0):
            raise ConfigError(f"wake.listen_s must be a positive number, got {self.listen_s}")
        if not (math.isfinite(self.follow_up_s) and self.follow_up_s >= 0):
            raise ConfigError(f"wake.follow_up_s must not be negative, got {self.follow_up_s}")
        if not self.model.strip():
            raise ConfigError("wake.model must name a model or an .onnx file")


DEFAULT_BACKCHANNELS: tuple[str, ...] = (
    "mm-hm", "mm-hmm", "mhm", "mm", "hmm", "uh-huh", "uh huh", "yeah", "yep", "okay", "ok",
    "right", "i see", "got it", "alright", "all right", "uh", "um", "ah", "oh",
)
"""Listener feedback that never interrupts a reply (compared after normalisation)."""


@dataclasses.dataclass(frozen=True)
class SessionConfig:
    """Live sessions: turn taking, barge-in, echo gating, partial transcripts (`session:`).

    Replace it at run time with `Session.update`.
    """

    turn_detection: str = "server_vad"
    """"server_vad" (VAD endpointing) or "manual" (`commit()` ends the user's turn)."""
    vad: VadConfig = VadConfig()
    """Endpointing (threshold, silence, padding): the `vad:` section, which file turns use too;
    a Realtime client may change it per session (`turn_detection`)."""
    early_endpoint_ms: int = 256
    """Trailing silence that ends a turn its cues call "sure" over (a fitted probability,
    `session/turn_end.py`: grammar, Whisper's end of sentence, pitch, lengthening), ms; 0 turns
    cue-based ending off (every turn then waits `vad.min_silence_ms`). The turn cannot end
    before its speculative recognition is ready."""
    doubtful_endpoint_ms: int = 800
    """Trailing silence that ends a turn its cues call "likely" over, ms."""
    mixed_endpoint_ms: int = 1000
    """Trailing silence that ends a turn its cues call "maybe" over, ms."""
    unsure_endpoint_ms: int = 1000
    """Trailing silence that ends any other turn, ms. Longer than `vad.min_silence_ms`: people
    pause mid-sentence for 250-800 ms ("set the thermostat to twenty … two degrees"); a
    question to the LLM may wait this long."""
    hold_endpoint_ms: int = 1000
    """Trailing silence that ends a turn whose last word cannot end a request ("set a timer
    for …"), ms. The five values and the tiers' probabilities were calibrated on rendered
    turns with mid-sentence pauses (`sayso eval dialogue … --turn-end`, BENCHMARKS.md)."""
    prepare_replies: bool = True
    """While the trailing silence runs, plan a speculative command's action (changing nothing)
    and synthesise its reply's first sentence, so the reply is ready at the endpoint."""
    barge_in_min_ms: int = 250
    """Voiced speech needed to interrupt a reply, ms."""
    backchannels: tuple[str, ...] = DEFAULT_BACKCHANNELS
    """Words that never interrupt a reply; empty: any speech long enough interrupts at once."""
    backchannel_max_ms: int = 1200
    """Voiced speech after which a burst interrupts even before its transcript is known, ms."""
    echo_gating: bool = True
    """Ignore input that matches the reply being played (the assistant hearing itself)."""
    echo_cancellation: bool = False
    """Cancel the played reply from the input (WebRTC AEC3, the `aec` extra) before anything
    listens to it: for a loudspeaker without an echo canceller of its own (`sayso talk` turns it
    on when installed). Browsers cancel echo themselves (`echoCancellation`)."""
    playing_vad_threshold: float = 0.8
    """Raised speech threshold while reply audio is playing (margin against residual echo)."""
    echo_correlation: float = 0.5
    """Normalised cross-correlation with the played reply above which input counts as echo."""
    echo_max_delay_ms: int = 300
    """Longest loudspeaker → microphone delay searched by the echo check, ms."""
    partial_interval_ms: int = 600
    """Re-transcribe the speech so far this often while the user talks, ms; 0 disables."""
    max_utterance_s: float = 30.0
    """An utterance is ended after this long even if the user keeps talking, seconds."""
    wake: WakeConfig = WakeConfig()
    """The wake word and follow-up window: the `wake:` section; a Realtime client may turn it on
    per session (`session.sayso.wake`)."""

    def __post_init__(self) -> None:
        if self.turn_detection not in TURN_DETECTION_MODES:
            raise ConfigError(
                f"turn_detection must be one of {', '.join(TURN_DETECTION_MODES)}, "
                f"got {self.turn_detection!r}"
            )
        # Comparisons are written so that NaN fails them too; infinities are refused as well.
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not math.isfinite(value):
                raise ConfigError(f"session.{f.name} must be a finite number, got {value}")
        for name in ("playing_vad_threshold", "echo_correlation"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ConfigError(f"session.{name} must be in (0, 1], got {getattr(self, name)}")
        for name in ("barge_in_min_ms", "echo_max_delay_ms", "max_utterance_s"):
            if not getattr(self, name) > 0:
                raise ConfigError(f"session.{name} must be positive, got {getattr(self, name)}")
        for name in ("early_endpoint_ms", "doubtful_endpoint_ms", "mixed_endpoint_ms",
                     "unsure_endpoint_ms",
                     "hold_endpoint_ms", "partial_interval_ms", "backchannel_max_ms"):
            if not getattr(self, name) >= 0:
                raise ConfigError(f"session.{name} must not be negative, got {getattr(self, name)}")

    @property
    def manual(self) -> bool:
        """True when the client ends turns."""
        return self.turn_detection == "manual"


@dataclasses.dataclass(frozen=True)
class Settings:
    """All configuration."""

    audio: AudioConfig = AudioConfig()
    vad: VadConfig = VadConfig()
    asr: AsrConfig = AsrConfig()
    intents: IntentsConfig = IntentsConfig()
    home: HomeConfig = HomeConfig()
    tts: TtsConfig = TtsConfig()
    llm: LlmConfig = LlmConfig()
    session: SessionConfig = SessionConfig()
    wake: WakeConfig = WakeConfig()
    data_dir: str | None = None
    """Where state lives; None uses $SAYSO_DATA_DIR or ~/.local/share/sayso."""

    @property
    def bias_vocabulary(self) -> bool:
        """Whether recognition is biased towards the grammar's vocabulary.

        True when configured, and always for a single custom domain (`intents.builtin: false`),
        whose answers are a closed set (FSDD digits: 79.7 % → 91.0 %; open speech is not what
        such an assistant expects).
        """
        return self.asr.bias_vocabulary or not self.intents.builtin

    def live_session(self) -> SessionConfig:
        """Settings of a new live session: the `session:` section with the `vad:` endpointing."""
        return dataclasses.replace(self.session, vad=self.vad, wake=self.wake)

    def resolved_data_dir(self) -> Path:
        """The data directory, created if missing."""
        raw = self.data_dir or os.environ.get("SAYSO_DATA_DIR") or "~/.local/share/sayso"
        path = Path(raw).expanduser()
        # Private: the state holds the household's messages, lists and schedule.
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        return path

    def db_path(self) -> Path:
        """The SQLite state file."""
        if self.home.db_path:
            return Path(self.home.db_path).expanduser()
        return self.resolved_data_dir() / "state.sqlite3"


T = TypeVar("T")


def _build(cls: type[T], raw: Any, where: str) -> T:
    """`cls` from a YAML mapping, every value checked against the field's annotation."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(raw).__name__}")
    names = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in names:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(names)})")
        kwargs[key] = _typed(hints[key], value, f"{where}.{key}")
    return cls(**kwargs)


def _typed(kind: Any, value: Any, where: str) -> Any:
    """`value` as a `kind` (the annotation of a settings field), or one clear `ConfigError`."""
    options = typing.get_args(kind) if isinstance(kind, types.UnionType) else (kind,)
    if value is None and type(None) in options:
        return None
    for option in (o for o in options if o is not type(None)):
        if dataclasses.is_dataclass(option) and isinstance(option, type):
            return _build(option, value, where)
        if typing.get_origin(option) is tuple and isinstance(value, list | tuple | str):
            items = [value] if isinstance(value, str) else list(value)
            if all(isinstance(item, str) for item in items):
                return tuple(items)
        if option is bool and isinstance(value, bool):
            return value
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if option is float and number and math.isfinite(value):
            return float(value)
        if option is str and isinstance(value, str):
            return value
    wanted = " or ".join(_type_name(o) for o in options)
    raise ConfigError(f"{where} must be {wanted}, got {value!r}")


def _type_name(kind: Any) -> str:
    if kind is type(None):
        return "null"
    if typing.get_origin(kind) is tuple:
        return "a list of strings"
    if dataclasses.is_dataclass(kind):
        return "a mapping"
    return {int: "an integer", float: "a finite number", bool: "true or false"}.get(
        kind, "a string"
    )


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Load settings from YAML (or $SAYSO_CONFIG); `overrides` are dotted-free section dicts."""
    raw: dict[str, Any] = {}
    source = path or os.environ.get("SAYSO_CONFIG")
    if source:
        try:
            loaded = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read config {source}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"config {source} is not valid YAML: {exc}") from None
        raw = loaded or {}
    for section, values in overrides.items():
        raw.setdefault(section, {})
        if isinstance(values, dict):
            raw[section] = {**raw[section], **values}
        else:
            raw[section] = values
    session = raw.get("session")
    if isinstance(session, dict) and "vad" in session:
        raise ConfigError("config.session: endpointing lives in the vad: section, not session.vad")
    if isinstance(session, dict) and "wake" in session:
        raise ConfigError("config.session: the wake word lives in the wake: section")
    return _build(Settings, raw, "config")
