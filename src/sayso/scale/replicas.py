"""The Ray Serve deployments: each replica loads one engine from the settings and serves it.

Replicas are stateless between calls (a session's state lives in the front-end), so any replica
can serve any call and a replica that dies is replaced by Ray Serve without losing a session;
the call in flight fails and its turn ends with the usual apology.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from sayso import registry
from sayso.asr.base import AsrCapabilities, AsrEngine, AsrRequest, AsrResult
from sayso.config import Settings
from sayso.dialogue.messages import Message
from sayso.llm.base import LlmBackend, LlmDelta, ToolSpec
from sayso.tts.base import TtsCapabilities, TtsEngine


def where() -> dict[str, Any]:
    """Which process and Ray node serve a call (for tests and `sayso engines`)."""
    import ray

    return {"pid": os.getpid(), "node_id": ray.get_runtime_context().get_node_id()}


class AsrReplica:
    """One loaded recogniser."""

    def __init__(self, settings: Settings) -> None:
        cfg = dataclasses.replace(
            settings.asr, languages=settings.asr.languages or settings.intents.all_languages
        )
        self.engine: AsrEngine = registry.create("asr", settings.asr.engine, cfg)
        self.engine.load()

    def capabilities(self) -> AsrCapabilities:
        """The engine's capabilities."""
        return self.engine.capabilities

    def transcribe(self, audio: np.ndarray, request: AsrRequest | None) -> AsrResult:
        """Recognise `audio`; the acoustic scorer holds the encoder output and stays here."""
        return dataclasses.replace(self.engine.transcribe(audio, request), acoustic=None)

    def where(self) -> dict[str, Any]:
        """The replica's process and node."""
        return where()


class TtsReplica:
    """One loaded voice."""

    def __init__(self, settings: Settings) -> None:
        self.engine: TtsEngine = registry.create("tts", settings.tts.engine, settings.tts)
        self.engine.load()

    def capabilities(self) -> TtsCapabilities:
        """The engine's capabilities."""
        return self.engine.capabilities

    def synthesize(self, text: str, speed: float) -> Iterator[np.ndarray]:
        """Audio chunks of `text`, streamed as they are made."""
        yield from self.engine.synthesize(text, speed)

    def where(self) -> dict[str, Any]:
        """The replica's process and node."""
        return where()


class LlmReplica:
    """One loaded language model."""

    def __init__(self, settings: Settings) -> None:
        from sayso.llm import factory

        backend = factory.create_backend(settings.llm)
        if backend is None:
            raise ValueError("llm.engine is none: nothing to deploy")
        backend.load()
        self.backend: LlmBackend = backend

    def features(self) -> tuple[bool, bool, bool]:
        """(native_tools, grammar, streaming) of the backend."""
        b = self.backend
        return b.native_tools, b.grammar, b.streaming

    def stream(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec] | None,
        grammar: str | None,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str],
    ) -> Iterator[LlmDelta]:
        """The reply, delta by delta; a cancelled call stops at the next delta."""
        yield from self.backend.stream(
            messages, tools=tools, grammar=grammar, max_tokens=max_tokens,
            temperature=temperature, stop=stop,
        )

    def count_tokens(self, text: str) -> int | None:
        """Tokens of `text` with the model's tokenizer."""
        return self.backend.count_tokens(text)

    def where(self) -> dict[str, Any]:
        """The replica's process and node."""
        return where()
