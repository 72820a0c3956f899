"""The reply stage: what was done (or not understood) becomes text to speak.

An utterance no intent matched goes to `fallback` (the LLM brain, when configured); without one the
user hears a polite "didn't understand" and nothing is acted on. A thanks or a greeting is answered
first, from `dialogue.social`'s table, and "what did you say?" with the session's last reply
(`dialogue.repeat`; every reply this stage yields is kept in the session's memory for it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, ClassVar

from sayso.dialogue import repeat, social
from sayso.events import ActionResult, Cancel, Event, NoIntent, ReplyText
from sayso.runtime.stage import Stage

if TYPE_CHECKING:
    from sayso.dialogue.memory import ConversationMemory

NOT_UNDERSTOOD = "Sorry, I didn't understand that."
NOTHING_HEARD = "Sorry, I didn't hear anything."

Fallback = Callable[[NoIntent], AsyncIterator[Event]]
"""Handles an utterance the fast path did not match; yields ReplyText (and any other events)."""


class ReplyStage(Stage):
    """Turns `ActionResult` and `NoIntent` into `ReplyText`."""

    consumes: ClassVar[tuple[type[Event], ...]] = (ActionResult, NoIntent)
    name: ClassVar[str] = "reply"

    def __init__(
        self,
        *,
        not_understood: str = NOT_UNDERSTOOD,
        fallback: Fallback | None = None,
        cancel: Callable[[], None] | None = None,
        localized: Callable[[str], str | None] | None = None,
        answers: Callable[[str], bool] | None = None,
        memory: ConversationMemory | None = None,
    ) -> None:
        self.not_understood = not_understood
        self.localized = localized
        """language → "didn't understand" in that language (None: `not_understood`)."""
        self.fallback = fallback
        self.answers = answers
        """language → whether `fallback` answers turns in it (None: every language)."""
        self.cancel = cancel
        """Stops the fallback's generation (the LLM's); called on `Cancel` (barge-in)."""
        self._generating: str | None = None
        """Turn the fallback last answered."""
        self.memory = memory
        """The session's memory: the last reply is kept there, and said again when asked."""

    def on_cancel(self, event: Cancel) -> None:
        """Stop generating: the work task is cancelled too, but the model runs in a thread."""
        if self.cancel is not None and event.turn_id in ("", self._generating):
            self.cancel()

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Add the reply text (the consumed event itself is forwarded by the runner)."""
        async for out in self._replies(event):
            if isinstance(out, ReplyText) and self.memory is not None:
                self.memory.said(out.turn_id, out.text, out.language)
            yield out

    async def _replies(self, event: Event) -> AsyncIterator[Event]:
        if isinstance(event, ActionResult):
            yield ReplyText(
                turn_id=event.turn_id,
                t_source=event.t_created,
                text=event.speech,
                language=event.language,
            )
        elif isinstance(event, NoIntent):
            if not event.text.strip():
                yield ReplyText(turn_id=event.turn_id, t_source=event.t_created, text=NOTHING_HEARD)
            elif (again := self._again(event)) is not None:
                yield again
            elif (answered := social.answer(event.text, event.language)) is not None:
                yield ReplyText(
                    turn_id=event.turn_id, t_source=event.t_created, text=answered[0],
                    language=answered[1],
                )  # fmt: skip
            elif self.fallback is not None and self._answered(event.language):
                # Kept after the turn: the runner calls on_cancel after cancelling the work.
                self._generating = event.turn_id
                async for out in self.fallback(event):
                    yield out
            else:
                local = self.localized(event.language) if self.localized else None
                text, language = (local, event.language) if local else (self.not_understood, "")
                yield ReplyText(
                    turn_id=event.turn_id, t_source=event.t_created, text=text, language=language
                )

    def _again(self, event: NoIntent) -> ReplyText | None:
        """The last reply, when the turn asks for it ("say that again"); it stays the last one.

        Or the last turn's words, when it asks what was heard ("what did you hear?").
        """
        if self.memory is None:
            return None
        language = repeat.heard_asked(event.text, event.language)
        if language is not None:
            said = repeat.heard(self.memory.last_heard, language)
            return ReplyText(
                turn_id=event.turn_id, t_source=event.t_created, text=said, language=language
            )
        language = repeat.asked(event.text, event.language)
        if language is None:
            return None
        last = self.memory.last_reply
        text = last or repeat.nothing_yet(language)
        said_in = self.memory.last_reply_language if last else language
        return ReplyText(
            turn_id=event.turn_id, t_source=event.t_created, text=text, language=said_in
        )

    def _answered(self, language: str) -> bool:
        return self.answers is None or self.answers(language)
