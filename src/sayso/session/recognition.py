"""Recognition jobs of a session, run in the assistant's shared inference pool."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

import numpy as np

from sayso.asr.base import AsrEngine, AsrRequest, AsrResult
from sayso.events import Transcript

PARTIAL_BEAM = 1
"""Greedy decoding for partial and barge-in transcripts: they only need to be fast."""

BiasSource = Callable[[], tuple[str, ...]]


class Recognizer:
    """Submits transcriptions of utterance audio to the pool and builds `Transcript` events."""

    def __init__(
        self,
        engine: AsrEngine,
        executor: Executor,
        *,
        language: str | None,
        bias: BiasSource | None = None,
    ) -> None:
        self.engine = engine
        self.executor = executor
        self.language = language
        self.bias = bias

    def submit(self, audio: np.ndarray, *, quick: bool = False) -> asyncio.Future[Transcript]:
        """Start transcribing `audio` (a copy is taken); the future gives the `Transcript`."""
        samples = np.array(audio, dtype=np.float32, copy=True)
        phrases = self.bias() if self.bias else ()
        request = AsrRequest(
            language=self.language,
            bias_phrases=phrases,
            beam_size=PARTIAL_BEAM if quick else None,
            partial=quick,
        )
        loop = asyncio.get_running_loop()

        def job() -> Transcript:
            result: AsrResult = self.engine.transcribe(samples, request)
            return Transcript(
                text=result.text.strip(),
                language=result.language,
                hypotheses=result.hypotheses,
                words=result.words,
                audio_duration_s=result.duration_s,
                no_speech_prob=result.no_speech_prob,
                bias_phrases=phrases,
                grammar_checked=result.grammar_checked,
            )

        return loop.run_in_executor(self.executor, job)


def pool_idle(executor: Executor) -> bool:
    """True when a job submitted now would start at once and leave no queue behind it.

    Reads `ThreadPoolExecutor` internals (queued work, idle or not yet started threads); best
    effort, and any other executor counts as idle.
    """
    if not isinstance(executor, ThreadPoolExecutor):
        return True
    queue: Any = getattr(executor, "_work_queue", None)
    if queue is not None and not queue.empty():
        return False
    idle: Any = getattr(executor, "_idle_semaphore", None)
    threads: Any = getattr(executor, "_threads", ())
    spare = len(threads) < getattr(executor, "_max_workers", 0)
    return spare or idle is None or getattr(idle, "_value", 1) > 0


_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
_HUM = re.compile(r"(?:[mh]+|[aou]+h+)")
"""A hum or interjection however Whisper spells it: "mmm", "mhm", "mmhm", "hmm", "uhh", "ohh"."""


def normalise(text: str) -> str:
    """Lower-case words only, hyphens as spaces ("Mm-hm." → "mm hm")."""
    return " ".join(_WORD.findall(text.lower())).replace("-", " ")


def is_backchannel(text: str, backchannels: tuple[str, ...]) -> bool:
    """True when `text` is empty or only listener feedback ("yeah", "mm-hm, okay")."""
    words = normalise(text)
    if not words:
        return True
    phrases = sorted({normalise(b) for b in backchannels if normalise(b)}, key=len, reverse=True)
    rest = f" {words} "
    for phrase in phrases:
        while f" {phrase} " in rest:
            rest = rest.replace(f" {phrase} ", " ")
    return all(_HUM.fullmatch(word) for word in rest.split())
