"""Turns finish before the endpoint: the reply is planned and its first audio synthesised during
the trailing silence, and nothing changes until the turn is committed (real engines).

The silence timeout is long (6 s) and early endpointing off, so the preparation (speculative ASR,
the plan, one sentence of TTS) has all the time it needs on a loaded machine: the assertions are
about order and state, never about how long anything took.
"""

from __future__ import annotations

import numpy as np

from sayso.app.assistant import Assistant
from sayso.config import VadConfig
from sayso.events import ActionResult, ResponseDone, ResponseStarted, Transcript
from sayso.session import Session, SessionConfig

from .harness import Conversation, trim
from .test_session_turns import KITCHEN, kitchen_light, names, set_light

PATIENT = SessionConfig(
    vad=VadConfig(min_silence_ms=6000), early_endpoint_ms=0, partial_interval_ms=0
)


def list_items(assistant: Assistant) -> list[str]:
    """Every item on every list, oldest first."""
    rows = assistant.actions.store.rows("SELECT item FROM list_items ORDER BY id")
    return [str(row["item"]).lower() for row in rows]


def prepared(session: Session) -> bool:
    """True once the utterance being spoken has its reply's first audio ready."""
    listener = session._listener
    current = listener.current if listener is not None else None
    future = current.prepared if current is not None else None
    return future is not None and future.done() and not future.cancelled()


async def test_reply_audio_is_ready_at_the_endpoint_and_the_light_waits_for_the_commit(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    set_light(assistant, "off")
    hits = assistant.reply_audio.hits
    session = Session(assistant, PATIENT)
    async with Conversation(session) as conv:
        await conv.say(piper_says[KITCHEN], until=lambda: prepared(session))
        before_endpoint = names(conv)
        light_before = kitchen_light(assistant)
        await conv.say(np.zeros(0, np.float32), until=conv.has(ResponseDone))
    assert before_endpoint == ["SpeechStarted"]  # prepared while the user was still "speaking"
    assert light_before == "off"  # planned, not done
    assert kitchen_light(assistant) == "on"
    assert names(conv)[1:] == [
        "SpeechStopped", "Transcript", "ResponseStarted", "IntentRecognized", "ActionResult",
        "ReplyText", "AudioChunk", "ResponseDone",
    ]
    timeline = session.timelines[-1]
    assert timeline.speculation == "hit" and timeline.prepared == "ready"
    assert assistant.reply_audio.hits > hits  # the first audio came from the prepared synthesis
    action = conv.of(ActionResult)[0]
    assert isinstance(action, ActionResult) and action.success
    assert timeline.prepared_reply is not None and timeline.prepared_reply.text == action.speech


async def test_a_prepared_reply_is_dropped_when_the_user_goes_on(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    """ "Add milk to my shopping list" is prepared (planned) during the pause, then "and eggs."
    resumes the turn: the plan is dropped, and only the committed turn writes to the list.

    What the whole utterance is read as depends on the pause's length, which a loaded machine
    stretches: the constrained reading "add milk to my shopping list" (eggs left out), or no
    command at all (no LLM here). Either way nothing is written before the commit, and what is
    written is what the committed turn did.
    """
    before = list_items(assistant)
    first = trim(piper_says["Add milk to my shopping list"])
    second = trim(piper_says["and eggs."])
    session = Session(assistant, PATIENT)
    async with Conversation(session) as conv:
        await conv.say(first, until=lambda: prepared(session))
        during_pause = list_items(assistant)
        await conv.say(second, until=conv.has(ResponseStarted))
        await conv.say(np.zeros(0, np.float32), until=conv.has(ResponseDone))
    assert during_pause == before  # planned, not done
    added = list_items(assistant)[len(before):]
    transcripts = conv.of(Transcript)
    assert len(transcripts) == 1 and "eggs" in getattr(transcripts[0], "text", "").lower()
    actions = [a for a in conv.of(ActionResult) if isinstance(a, ActionResult)]
    assert len(actions) <= 1
    written = [str(c.new["item"]).lower() for a in actions for c in a.changes]
    assert added == written  # once, by the commit (never by the dropped plan)
    timeline = session.timelines[-1]
    assert timeline.speculations_discarded >= 1
