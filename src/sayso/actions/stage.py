"""The actions stage: `IntentRecognized` in, `ActionResult` out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import Executor
from typing import ClassVar

from sayso.actions.handlers import ActionHandler
from sayso.events import Event, IntentRecognized
from sayso.pipeline.stage import Stage, run_blocking


class ActionStage(Stage):
    """Carries out each recognised intent and emits what happened and what to say."""

    consumes: ClassVar[tuple[type[Event], ...]] = (IntentRecognized,)
    name: ClassVar[str] = "actions"

    def __init__(self, handler: ActionHandler, executor: Executor | None = None) -> None:
        self.handler = handler
        self.executor = executor

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Handle one intent off the event loop (SQLite writes block)."""
        assert isinstance(event, IntentRecognized)
        intent = event
        result = await run_blocking(lambda: self.handler.handle(intent), self.executor)
        yield result
