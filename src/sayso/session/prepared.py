"""Replies prepared during the trailing silence, handed from the pool thread to the session.

The speculation's pool job, right after recognising the words so far, plans the action and
synthesises the reply's first sentence (`app/prepare.py`). The result crosses to the session's
event loop through a future on the utterance; at the endpoint the turn takes it if it was made
from the very recognition the turn commits, and records when it was ready.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sayso.events import now
from sayso.session.recognition import Heard, settle
from sayso.session.utterance import LiveUtterance, Prepared

if TYPE_CHECKING:
    from sayso.app.prepare import ReplyPreparer

log = logging.getLogger(__name__)


class Preparations:
    """Starts and takes the prepared replies of one session's utterances."""

    def __init__(self, preparer: ReplyPreparer | None, session_id: str) -> None:
        self.preparer = preparer
        self.session_id = session_id

    def start(
        self, utterance: LiveUtterance, *, llm: bool = True
    ) -> Callable[[Heard], object] | None:
        """The job that prepares `utterance`'s reply after its recognition (None: no preparer).

        A newer speculation replaces the utterance's previous preparation. `llm`: an utterance
        no intent matched gets its LLM answer started too.
        """
        preparer = self.preparer
        if preparer is None:
            return None
        utterance.drop_prepared()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Prepared] = loop.create_future()
        utterance.prepared = future

        def prepare(heard: Heard) -> None:  # in the pool thread, after the recognition
            try:
                prepared = preparer.prepare(heard.understood, llm=llm)
            except Exception as exc:  # the commit meets (and reports) the same failure
                loop.call_soon_threadsafe(settle, future, None, exc)
                return
            loop.call_soon_threadsafe(settle, future, (heard, prepared, now()), None)

        return prepare

    async def take(self, utterance: LiveUtterance, heard: Heard) -> None:
        """Wait for the reply prepared from `heard`, if any: its first audio is being made."""
        future, utterance.prepared = utterance.prepared, None
        if future is None:
            return
        try:
            source, prepared, ready = await future
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # the session is closing
            return
        except Exception as exc:
            log.warning("session %s: preparing a reply failed: %r", self.session_id, exc)
            return
        timeline = utterance.timeline
        if source is not heard or prepared is None or timeline.endpoint is None:
            return
        timeline.reply_ready, timeline.prepared_reply = ready, prepared
        timeline.prepared = "ready" if ready <= timeline.endpoint else "late"
