"""A live session answers its own question and says its last reply again (round 34).

Real Piper, Silero, Whisper tiny.en and the grammar: "Set an alarm." is asked "For what time?",
and "Seven AM." alone sets it; "What did you say?" then hears the alarm's reply again. Before,
the value alone was not understood and the question could not be answered.
"""

from __future__ import annotations

import numpy as np

from sayso.actions.alarms import Alarms
from sayso.app.assistant import Assistant
from sayso.constants import SAMPLE_RATE
from sayso.events import ActionResult, ReplyText, ResponseDone
from sayso.session import Session, SessionConfig

from .conftest import LEAD_SILENCE_S
from .harness import Conversation, render


async def test_a_question_is_answered_by_the_value_and_the_reply_said_again(
    assistant: Assistant,
) -> None:
    lead = np.zeros(round(LEAD_SILENCE_S * SAMPLE_RATE), np.float32)
    said = {t: np.concatenate([lead, render(assistant.tts, t)])
            for t in ("Set an alarm.", "Seven AM.", "What did you say?")}  # fmt: skip
    assert assistant.actions is not None
    store = assistant.actions.store
    alarms = Alarms(store)
    session = Session(assistant, SessionConfig())
    try:
        async with Conversation(session) as conv:
            for n, text in enumerate(said, start=1):
                await conv.say(said[text], until=conv.has(ResponseDone, n))
        replies = [e.text for e in conv.of(ReplyText) if isinstance(e, ReplyText) and e.text]
        print("replies:", replies)
        assert replies[0] == "For what time?"
        assert replies[1].startswith("Alarm set for 7 AM"), replies
        assert replies[2] == replies[1]  # said again; nothing new acted on
        results = [e for e in conv.of(ActionResult) if isinstance(e, ActionResult)]
        assert [r.success for r in results] == [False, True]
        assert len(alarms.pending()) == 1
    finally:
        with store.transaction():
            for alarm in alarms.pending():
                alarms.cancel(alarm)
