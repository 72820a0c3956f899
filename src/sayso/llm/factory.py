"""Build the LLM backend, the tool registry and the brain from `LlmConfig`."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from typing import Final

from sayso.actions.home import HomeSpec
from sayso.config import LlmConfig
from sayso.dialogue.confirm import ConfirmationGate
from sayso.dialogue.memory import MemoryStore
from sayso.errors import ConfigError
from sayso.languages import base as base_language
from sayso.llm.backends.llamacpp import EMBEDDED_MODEL_PACKAGE
from sayso.llm.base import LlmBackend
from sayso.llm.brain import AskFirst, Brain
from sayso.llm.tools.grounding import Grounder, ToolGrounding
from sayso.llm.tools.typed import Tool, ToolRegistry

API_KEY_ENV = "SAYSO_LLM_API_KEY"
"""Environment variable read when `LlmConfig.api_key` is not set."""
ENGINES = ("auto", "llama-cpp", "openai", "none")
"""Accepted values of `LlmConfig.engine`."""


EMBEDDED_LANGUAGES: Final[frozenset[str]] = frozenset({"en"})
"""What the embedded gemma-3-270m answers in: a base model this small, prompted with English
examples, answered "Wie geht es dir?" and "¿Cuál es la capital de Francia?" in English."""


def resolve_engine(config: LlmConfig) -> str:
    """The engine to use; "auto" is "llama-cpp" when it and a model are installed, else "none"."""
    if config.engine not in ENGINES:
        raise ConfigError(f"llm.engine must be one of {', '.join(ENGINES)}, not {config.engine!r}")
    if config.engine != "auto":
        return config.engine
    # find_spec, not import: deciding must not pay for loading the native library.
    has_model = config.model_path is not None or _installed(EMBEDDED_MODEL_PACKAGE)
    return "llama-cpp" if _installed("llama_cpp") and has_model else "none"


def create_backend(config: LlmConfig) -> LlmBackend | None:
    """The configured backend, not yet loaded; None for engine "none"."""
    engine = resolve_engine(config)
    if engine == "none":
        return None
    if engine == "llama-cpp":
        from sayso.llm.backends.llamacpp import LlamaCppBackend, LlamaCppConfig

        return LlamaCppBackend(LlamaCppConfig(
            model_path=config.model_path, n_threads=config.n_threads, n_ctx=config.n_ctx,
            compact_tools=config.compact_tools,
            lora_path=config.lora,
        ))
    if not config.base_url:
        raise ConfigError("llm.engine 'openai' needs llm.base_url (e.g. http://127.0.0.1:11434/v1)")
    from sayso.llm.backends.openai_http import OpenAIHttpBackend

    api_key = config.api_key or os.environ.get(API_KEY_ENV)
    return OpenAIHttpBackend(config.base_url, config.model, api_key, timeout_s=config.timeout_s)


def build_tools(config: LlmConfig, builtin: Iterable[Tool]) -> ToolRegistry:
    """Built-in tools, then installed `sayso.tools` entry points, then `config.tools`.

    Later tools replace earlier ones of the same name; `config.allow` restricts what may run.
    """
    registry = ToolRegistry(builtin, allow=config.allow)
    for item in ToolRegistry.from_entry_points():
        registry.add(item)
    registry.load_configured(config.tools)
    return registry


def build_brain(
    config: LlmConfig, backend: LlmBackend, tools: ToolRegistry, memory: MemoryStore,
    gate: ConfirmationGate, ask_first: AskFirst | None = None, ground: Grounder | None = None,
) -> Brain:
    """A brain over a loaded backend, sharing `memory` and `gate` with the fast path."""
    if isinstance(ground, ToolGrounding) and not config.repair_arguments:
        ground.repair = None
    return Brain(
        backend, tools, memory, gate, filler_after_s=config.filler_after_s,
        max_tokens=config.max_tokens, ask_first=ask_first, ground=ground,
        languages=brain_languages(config),
    )


def brain_languages(config: LlmConfig) -> frozenset[str] | None:
    """The base languages the brain answers in; None: every language."""
    if config.languages is not None:
        return frozenset(base_language(code) for code in config.languages)
    embedded = resolve_engine(config) == "llama-cpp" and config.model_path is None
    return EMBEDDED_LANGUAGES if embedded else None


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def attach_retriever(config: LlmConfig, backend: LlmBackend, home: HomeSpec) -> bool:
    """Give the embedded backend per-request examples (`llm.shots`); True when attached.

    "auto" attaches them when the embedding model is installed; "retrieved" requires it.
    """
    from sayso.llm.backends.llamacpp import LlamaCppBackend
    from sayso.llm.embed import PACKAGE, model_dir

    if config.shots == "static" or not isinstance(backend, LlamaCppBackend):
        return False
    if config.shots == "auto" and not _installed(PACKAGE):
        return False
    model_dir()  # "retrieved" without the package: the one-line install hint
    from sayso.llm.retrieval import ShotRetriever
    from sayso.llm.shot_pool import shot_pool

    backend.retrieve = ShotRetriever(shot_pool(home)).load()
    return True
