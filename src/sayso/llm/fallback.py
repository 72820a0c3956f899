"""The reply stage's fallback: an utterance no intent matched is answered by the brain."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sayso.events import Event, NoIntent
from sayso.llm.as_events import to_events
from sayso.llm.brain import Brain
from sayso.llm.sentences import by_sentence
from sayso.llm.tools.actions import set_session


class BrainFallback:
    """`ReplyStage(fallback=...)` for one session: NoIntent in, reply events out."""

    def __init__(self, brain: Brain, session: str, *, authorized: bool = False) -> None:
        self.brain = brain
        self.session = session
        """Whose memory and pending confirmation this turn uses."""
        self.authorized = authorized
        """Sensitive calls of this turn are pre-approved (`sayso turn --yes`)."""

    async def __call__(self, event: NoIntent) -> AsyncIterator[Event]:
        """Reply to `event` sentence by sentence, with tool outcomes as `ActionResult`."""
        set_session(self.session)  # "it" in a tool call means this session's last targets
        outputs = self.brain.respond(
            event.text, self.session, turn_id=event.turn_id, authorized=self.authorized
        )
        async for out in to_events(by_sentence(outputs), event.turn_id, event.t_created):
            yield out

    def cancel(self) -> None:
        """Stop the generation in progress (barge-in)."""
        self.brain.cancel(self.session)
