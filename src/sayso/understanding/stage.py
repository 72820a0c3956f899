"""The understanding stage: transcripts in, `IntentRecognized` or `NoIntent` out.

A thin stage around `Understander.understand` (the one understanding step; see `understand.py`),
run in the inference pool: grammar search and rescoring take tens of milliseconds on open speech
and must not stall the event loop that carries every session's audio.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Executor
from typing import ClassVar

from sayso.events import Event, Transcript
from sayso.runtime.stage import Stage, run_blocking
from sayso.understanding.understand import Understander


class IntentStage(Stage):
    """Runs the understanding step on each final transcript."""

    consumes: ClassVar[tuple[type[Event], ...]] = (Transcript,)
    name: ClassVar[str] = "intents"

    def __init__(
        self,
        understander: Understander,
        *,
        executor: Executor | None = None,
        expected: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        """`expected` says which answers the conversation expects now (after a question)."""
        self.understander = understander
        self.executor = executor
        self.expected = expected

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Yield the intent of the transcript, or NoIntent."""
        assert isinstance(event, Transcript)
        understand = self.understander.understand
        expected = self.expected() if self.expected is not None else ()
        yield await run_blocking(lambda: understand(event, expected), self.executor)
