"""The ASR stage: speech segments in, transcripts out."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor
from typing import ClassVar

from sayso.asr.base import AsrEngine, AsrRequest, AsrResult
from sayso.events import Event, SpeechSegment, Transcript
from sayso.runtime.stage import Stage, run_blocking

BiasSource = Callable[[], tuple[str, ...]]
"""Returns the phrases to favour for the next utterance (what the assistant can act on now)."""


class AsrStage(Stage):
    """Recognises each `SpeechSegment` with a blocking engine run in the inference pool."""

    consumes: ClassVar[tuple[type[Event], ...]] = (SpeechSegment,)
    name: ClassVar[str] = "asr"

    def __init__(
        self,
        engine: AsrEngine,
        *,
        language: str | None = None,
        bias: BiasSource | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.engine = engine
        self.language = language
        self.bias = bias
        self.executor = executor

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Transcribe one segment."""
        assert isinstance(event, SpeechSegment)
        phrases = self.bias() if self.bias else ()
        request = AsrRequest(language=self.language, bias_phrases=phrases,
                             lead_in_s=event.lead_in_s)
        result = await run_blocking(
            lambda: self.engine.transcribe(event.samples, request), self.executor
        )
        yield transcript_of(
            result,
            turn_id=event.turn_id,
            t_source=event.t_created,
            bias_phrases=phrases,
            voiced_ms=event.voiced_ms,
        )


def transcript_of(
    result: AsrResult,
    *,
    turn_id: str = "",
    t_source: float | None = None,
    bias_phrases: tuple[str, ...] = (),
    voiced_ms: float | None = None,
) -> Transcript:
    """The `Transcript` event of an engine result (the scorer of its audio travels with it).

    `voiced_ms`: the VAD's measure of the same audio, for the understanding step's speech gate.
    """
    return Transcript(
        turn_id=turn_id,
        t_source=t_source,
        text=result.text.strip(),
        language=result.language,
        hypotheses=result.hypotheses,
        words=result.words,
        audio_duration_s=result.duration_s,
        no_speech_prob=result.no_speech_prob,
        bias_phrases=bias_phrases,
        acoustic=result.acoustic,
        voiced_ms=voiced_ms,
    )
