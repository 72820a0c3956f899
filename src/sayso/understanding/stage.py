"""The understanding stage: transcripts in, `IntentRecognized` or `NoIntent` out."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import ClassVar

from sayso.events import Event, IntentRecognized, NoIntent, Transcript
from sayso.pipeline.stage import Stage
from sayso.understanding.base import IntentRecognizer


class IntentStage(Stage):
    """Runs the fast-path recogniser on each final transcript."""

    consumes: ClassVar[tuple[type[Event], ...]] = (Transcript,)
    name: ClassVar[str] = "intents"

    def __init__(self, recognizer: IntentRecognizer) -> None:
        self._recognizer = recognizer

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Yield the intent of the transcript, or NoIntent."""
        assert isinstance(event, Transcript)
        yield self.understand(event)

    def understand(self, transcript: Transcript) -> IntentRecognized | NoIntent:
        """Plain sync recognition: template matching takes milliseconds, so it runs on the loop."""
        found = self._recognizer.recognize(transcript.text)
        if found is None:
            return NoIntent(
                turn_id=transcript.turn_id,
                t_source=transcript.t_created,
                text=transcript.text,
                language=transcript.language,
            )
        return dataclasses.replace(
            found,
            turn_id=transcript.turn_id,
            t_source=transcript.t_created,
            language=transcript.language,
        )
