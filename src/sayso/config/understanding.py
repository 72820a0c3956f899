"""Settings of the understanding and acting stages: intents, the home, the LLM."""

from __future__ import annotations

import dataclasses
import math

from sayso import languages
from sayso.errors import ConfigError


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
    ring_every_s: float = 15.0
    """A due timer or alarm is said again this long after the last time, seconds, until "stop"
    (`actions/ringing.py`): one sentence said once is easily missed from the next room."""
    ring_for_s: float = 300.0
    """Longest a due timer or alarm rings unanswered, seconds; 0 says it once."""

    def __post_init__(self) -> None:
        # Written so that NaN fails too.
        if not (math.isfinite(self.ring_every_s) and self.ring_every_s > 0.0):
            raise ConfigError(f"home.ring_every_s must be positive, got {self.ring_every_s}")
        if not (math.isfinite(self.ring_for_s) and self.ring_for_s >= 0.0):
            raise ConfigError(f"home.ring_for_s must not be negative, got {self.ring_for_s}")


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
    languages: tuple[str, ...] | None = None
    """Languages the brain answers in (e.g. ["en", "de"]); a turn no intent matched in another
    language is told "not understood" in its own language rather than answered in one the model
    does not speak. None: English for the embedded gemma-3-270m, every language for a model you
    configure (`model_path`, engine "openai")."""
    timeout_s: float = 30.0
    """An LLM server silent for this long (no next bytes of its answer) has stalled: the turn
    ends with a spoken apology, in seconds (engine "openai")."""

    def __post_init__(self) -> None:
        if not 0.0 < self.timeout_s < float("inf"):  # written so that NaN fails too
            raise ConfigError(f"llm.timeout_s must be a positive number, got {self.timeout_s}")
        if self.shots not in SHOT_MODES:
            raise ConfigError(f"llm.shots must be one of {', '.join(SHOT_MODES)}, got {self.shots}")
