"""Engines that run in Ray Serve replicas, behind the same Protocols as in-process engines.

The calls block (the assistant already runs engines on its inference threads, never on the event
loop). A call that cannot reach a replica within `CALL_TIMEOUT_S` raises `EngineUnavailable`, so
a turn fails like any engine failure: an apology, and the session goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any, Final

import numpy as np

from sayso.asr.base import AsrCapabilities, AsrRequest, AsrResult
from sayso.config import AsrConfig, TtsConfig
from sayso.dialogue.messages import Message
from sayso.errors import EngineUnavailable
from sayso.llm.base import CancelToken, LlmDelta, ToolSpec
from sayso.tts.base import TtsCapabilities

CALL_TIMEOUT_S: Final[float] = 120.0
"""Longest wait for one engine call (a queue behind other sessions' work included), seconds."""


def _result(response: Any, what: str) -> Any:
    try:
        return response.result(timeout_s=CALL_TIMEOUT_S)
    except TimeoutError as e:
        raise EngineUnavailable(
            f"the {what} replicas did not answer in {CALL_TIMEOUT_S:g} s"
        ) from e
    except Exception as e:  # a replica died or the cluster went away: one line, not a Ray trace
        raise EngineUnavailable(f"the {what} replica failed: {type(e).__name__}: {e}") from e


class RemoteAsr:
    """`AsrEngine` served by the `AsrReplica` deployment."""

    def __init__(self, handle: Any, config: AsrConfig) -> None:
        self._handle = handle
        self.config = config
        """The settings the replicas were built from (read by `sayso engines` and warm-up)."""
        self.capabilities: AsrCapabilities = _result(handle.capabilities.remote(), "ASR")

    def load(self) -> None:
        """Nothing to load here: the replicas loaded the model when they started."""

    def transcribe(self, audio: np.ndarray, request: AsrRequest | None = None) -> AsrResult:
        """Recognise `audio` on a replica (no acoustic scorer: grammar rescoring stays off)."""
        return _result(self._handle.transcribe.remote(audio, request), "ASR")


class RemoteTts:
    """`TtsEngine` served by the `TtsReplica` deployment, streamed chunk by chunk."""

    def __init__(self, handle: Any, config: TtsConfig) -> None:
        self._handle = handle
        self.config = config
        self.capabilities: TtsCapabilities = _result(handle.capabilities.remote(), "TTS")

    def load(self) -> None:
        """Nothing to load here: the replicas loaded the voice when they started."""

    def synthesize(self, text: str, speed: float = 1.0) -> Iterator[np.ndarray]:
        """Audio chunks as the replica makes them."""
        chunks = self._handle.options(stream=True).synthesize.remote(text, speed)
        try:
            yield from chunks
        except Exception as e:
            raise EngineUnavailable(f"the TTS replica failed: {type(e).__name__}: {e}") from e


class RemoteLlm:
    """`LlmBackend` served by the `LlmReplica` deployment; `cancel()` stops the remote stream."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self.native_tools, self.grammar, self.streaming = _result(
            handle.features.remote(), "LLM"
        )
        self._lock = threading.Lock()
        self._running: set[Any] = set()

    def load(self) -> None:
        """Nothing to load here: the replicas loaded the model when they started."""

    def stream(
        self,
        messages: Sequence[Message],
        *,
        tools: Sequence[ToolSpec] | None = None,
        grammar: str | None = None,
        max_tokens: int = 128,
        temperature: float = 0.0,
        stop: Sequence[str] = (),
        cancel: CancelToken | None = None,
    ) -> Iterator[LlmDelta]:
        """The reply from a replica; stops (and cancels the remote call) once `cancel` is set."""
        deltas = self._handle.options(stream=True).stream.remote(
            list(messages), list(tools) if tools is not None else None, grammar, max_tokens,
            temperature, list(stop),
        )
        with self._lock:
            self._running.add(deltas)
        try:
            for delta in deltas:
                if cancel is not None and cancel.cancelled:
                    deltas.cancel()
                    return
                yield delta
        except Exception as e:
            if cancel is not None and cancel.cancelled:
                return
            raise EngineUnavailable(f"the LLM replica failed: {type(e).__name__}: {e}") from e
        finally:
            with self._lock:
                self._running.discard(deltas)

    def cancel(self) -> None:
        """Stop every generation in progress (barge-in)."""
        with self._lock:
            running = list(self._running)
        for deltas in running:
            deltas.cancel()

    def count_tokens(self, text: str) -> int | None:
        """Unknown here (the memory falls back to its estimate).

        Memory budgeting calls this on the event loop, where a blocking round trip to a replica
        is not allowed.
        """
        return None
