"""Recurring replies come from the reply audio cache on real engines — and the action still runs."""

from __future__ import annotations

import numpy as np

from sayso.app.assistant import Assistant
from sayso.events import AudioChunk, ReplyText, ResponseDone
from sayso.session import Session, SessionConfig

from .harness import Conversation
from .test_session_turns import kitchen_light, set_light


def reply_audio(conv: Conversation, turn_id: str) -> np.ndarray:
    chunks = [e.samples for e in conv.of(AudioChunk) if e.turn_id == turn_id]  # type: ignore[attr-defined]
    return np.concatenate(chunks)


async def test_a_recurring_reply_is_spoken_from_the_cache(assistant: Assistant) -> None:
    set_light(assistant, "off")
    cache = assistant.reply_audio
    session = Session(assistant, SessionConfig(turn_detection="manual"))
    turns = ["turn on the kitchen light", "turn off the kitchen light", "turn on the kitchen light"]
    states = []
    async with Conversation(session) as conv:
        for n, text in enumerate(turns, start=1):
            hits = cache.hits
            await session.respond_to_text(text)
            await conv.say(np.zeros(0, np.float32), until=conv.has(ResponseDone, n))
            states.append(kitchen_light(assistant))
    assert states == ["on", "off", "on"]  # a cached reply never skips the action
    replies = conv.of(ReplyText)
    assert replies[0].text == replies[2].text  # type: ignore[attr-defined]
    assert cache.hits > hits  # the third reply's sentences were not synthesised again
    first, third = (reply_audio(conv, r.turn_id) for r in (replies[0], replies[2]))
    assert first.size > 0 and np.array_equal(first, third)
