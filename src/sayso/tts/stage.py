"""The TTS stage: reply text in, audio chunks out, sentence by sentence."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Executor
from typing import ClassVar

import numpy as np

from sayso.events import AudioChunk, Cancel, Event, ReplyText
from sayso.runtime.stage import Stage, run_blocking
from sayso.tts.base import TtsEngine
from sayso.tts.sentences import split_sentences


class TtsStage(Stage):
    """Speaks each `ReplyText`; the first sentence's audio leaves before the next is synthesised.

    Synthesis is pulled one chunk at a time from the inference pool, so a `Cancel` (barge-in) stops
    the reply between chunks instead of after the whole text.
    """

    consumes: ClassVar[tuple[type[Event], ...]] = (ReplyText,)
    name: ClassVar[str] = "tts"

    def __init__(
        self,
        engine: TtsEngine,
        *,
        speed: float = 1.0,
        executor: Executor | None = None,
        voices: Callable[[str], TtsEngine] | None = None,
    ):
        self.engine = engine
        self.voices = voices
        """language → the voice that speaks it (`tts.voices.VoiceBook`); None: always `engine`."""
        self.speed = speed
        self.executor = executor
        self._sentence_index = 0

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Synthesise the text of one reply piece."""
        assert isinstance(event, ReplyText)
        sentences = [s for s in split_sentences(event.text) if s.strip()]
        engine = self.engine
        if self.voices is not None and event.language:
            engine = await run_blocking(lambda: self._voice(event.language), self.executor)
        rate = engine.capabilities.sample_rate
        cached = getattr(engine, "cached", None)
        for sentence in sentences:
            # A sentence already synthesised (a recurring reply, or one prepared before the end
            # of the turn) leaves at once, without queueing in the pool behind other sessions.
            held = cached(sentence, self.speed) if cached is not None else None
            if held is not None:
                for samples in held:
                    yield self._chunk(event, samples, rate, sentence)
            else:
                chunks = engine.synthesize(sentence, self.speed)
                while (samples := await self._pull(chunks)) is not None:
                    yield self._chunk(event, samples, rate, sentence)
            self._sentence_index += 1
        if event.is_final:
            # An empty closing chunk marks the end, so no chunk waits for its successor.
            self._sentence_index = 0
            yield AudioChunk(
                turn_id=event.turn_id,
                t_source=event.t_created,
                samples=np.zeros(0, np.float32),
                sample_rate=rate,
                is_last=True,
            )

    def _chunk(self, event: ReplyText, samples: np.ndarray, rate: int, text: str) -> AudioChunk:
        return AudioChunk(
            turn_id=event.turn_id,
            t_source=event.t_created,
            samples=samples,
            sample_rate=rate,
            sentence_index=self._sentence_index,
            text=text,
        )

    def _voice(self, language: str) -> TtsEngine:
        assert self.voices is not None
        return self.voices(language)  # loads the voice on its language's first reply

    async def _pull(self, chunks: Iterator[np.ndarray]) -> np.ndarray | None:
        return await run_blocking(lambda: _next(chunks), self.executor)

    def on_cancel(self, event: Cancel) -> None:
        """A new reply starts numbering sentences from zero."""
        self._sentence_index = 0


def _next(chunks: Iterator[np.ndarray]) -> np.ndarray | None:
    return next(chunks, None)
