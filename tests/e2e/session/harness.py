"""Test helpers around `sayso.evaluation.dialogue.sim`: the same simulated microphone and
loudspeaker the dialogue evaluation drives a live `Session` with, plus rendering and trimming."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import soxr

from sayso.constants import SAMPLE_RATE
from sayso.evaluation.dialogue.sim import SimulatedCall
from sayso.events import Event


def render(engine: object, text: str) -> np.ndarray:
    """Synthesise `text` with a loaded TTS engine; 16 kHz mono float32."""
    chunks = list(engine.synthesize(text))  # type: ignore[attr-defined]
    audio = np.concatenate(chunks).astype(np.float32)
    rate = engine.capabilities.sample_rate  # type: ignore[attr-defined]
    return soxr.resample(audio, rate, SAMPLE_RATE).astype(np.float32)


class Conversation(SimulatedCall):
    """The evaluation's simulated call, with the lookups tests assert on."""

    def of(self, kind: type[Event]) -> list[Event]:
        return [e for _, e in self.events if isinstance(e, kind)]

    async def say(
        self,
        speech: np.ndarray,
        *,
        until: Callable[[], bool] | None = None,
        timeout_s: float = 30.0,
    ) -> bool:
        """Stream `speech`, then silence until `until()` holds; a timeout fails the test."""
        if not await super().say(speech, until=until, timeout_s=timeout_s):
            raise TimeoutError("the session did not get there in time")
        return True

    async def listen(self, until: Callable[[], bool], seconds: float) -> bool:
        """Stream silence until `until()` holds or `seconds` pass; whether it held."""
        return await super().say(np.zeros(0, np.float32), until=until, timeout_s=seconds)

    def has(self, kind: type[Event], n: int = 1) -> Callable[[], bool]:
        return lambda: len(self.of(kind)) >= n


def trim(audio: np.ndarray, below_peak_db: float = 40.0) -> np.ndarray:
    """Cut leading and trailing near-silence (blocks more than `below_peak_db` under the peak)."""
    block = SAMPLE_RATE // 100
    n = len(audio) // block
    rms = np.sqrt(np.mean(audio[: n * block].reshape(n, block) ** 2, axis=1)) + 1e-12
    loud = np.flatnonzero(20 * np.log10(rms / rms.max()) > -below_peak_db)
    return audio[loud[0] * block : (loud[-1] + 1) * block]
