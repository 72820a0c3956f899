"""What comes due during a live session is said in it: a timer ends, a timer's command runs.

Real engines: Piper speaks the request, Silero and tiny.en hear it, the grammar reads the delayed
command, SQLite keeps the timer, the announcer's scheduler fires it and Piper says the result.
"""

from __future__ import annotations

import asyncio
import dataclasses

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.config import HomeConfig
from sayso.events import (
    ActionResult,
    IntentRecognized,
    ReplyText,
    ResponseDone,
    ResponseStarted,
    Transcript,
)
from sayso.session import Session, SessionConfig

from .harness import Conversation, render
from .test_session_turns import kitchen_light, set_light

LEAD = np.zeros(4800, np.float32)


def replies(conv: Conversation) -> list[str]:
    return [e.text for e in conv.of(ReplyText)]  # type: ignore[attr-defined]


async def test_a_spoken_command_with_a_delay_runs_when_its_timer_ends(
    assistant: Assistant,
) -> None:
    set_light(assistant, "on")
    said = render(assistant.tts, "Turn off the kitchen light in three seconds.")
    request = np.concatenate([LEAD, said])
    async with assistant.announcing(), Conversation(Session(assistant, SessionConfig())) as conv:
        await conv.say(request, until=conv.has(ResponseDone))
        [heard] = conv.of(IntentRecognized)
        assert heard.intent == "HassStartTimer"  # type: ignore[attr-defined]
        then = heard.then  # type: ignore[attr-defined]
        assert then is not None and then.intent == "HassTurnOff"
        assert kitchen_light(assistant) == "on"  # not yet: the timer runs it
        await conv.listen(conv.has(ResponseDone, 2), seconds=20)
    assert kitchen_light(assistant) == "off"
    assert len(conv.of(Transcript)) == 1 and len(conv.of(ResponseStarted)) == 2
    said = replies(conv)[-1]
    assert said.startswith("Turned off the")  # HA's reply to the command, said by itself
    done = conv.of(ResponseDone)[-1]
    assert done.status == "completed" and done.played_text == said  # type: ignore[attr-defined]


async def test_a_timer_that_ends_is_said_and_one_with_no_session_waits_for_the_next(
    assistant: Assistant,
) -> None:
    async with assistant.announcing():
        async with Conversation(Session(assistant, SessionConfig())) as conv:
            await conv.session.respond_to_text("set a timer for 1 second")
            await conv.listen(conv.has(ResponseDone, 2), seconds=20)
        assert replies(conv)[-1] == "Your timer is done."
        await conv.session.close()
        # Nobody listens now: the next session to start says it.
        assert assistant.actions is not None
        handler = assistant.actions
        from sayso.actions.timers import Timers

        with handler.store.transaction():
            Timers(handler.store).start(1.0, handler.clock.now(), "tea")
        for _ in range(50):
            if assistant.notices:
                break
            await asyncio.sleep(0.1)
        assert assistant.notices == ["Your tea timer is done."]
        async with Conversation(Session(assistant, SessionConfig())) as later:
            await later.listen(later.has(ResponseDone), seconds=20)
        assert replies(later) == ["Your tea timer is done."] and not assistant.notices


@pytest.mark.parametrize("words", ["Stop.", "Be quiet."])
async def test_a_ringing_timer_is_said_again_until_the_user_says_stop(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch, words: str
) -> None:
    often = HomeConfig(db_path=assistant.settings.home.db_path, ring_every_s=1.5)
    monkeypatch.setattr(assistant, "settings", dataclasses.replace(assistant.settings, home=often))
    stop = np.concatenate([LEAD, render(assistant.tts, words)])
    async with assistant.announcing(), Conversation(Session(assistant, SessionConfig())) as conv:
        await conv.session.respond_to_text("set a timer for 1 second")
        await conv.listen(conv.has(ResponseDone, 3), seconds=30)  # the reply, then two rings
        rings = [e for e in conv.of(ResponseStarted) if e.ring]  # type: ignore[attr-defined]
        assert len(rings) >= 2 and len({e.ring for e in rings}) == 1  # type: ignore[attr-defined]
        assert replies(conv)[-1] == "Your timer is done."
        await conv.say(stop, until=lambda: any(e.changes for e in conv.of(ActionResult)[1:]))
        stopped = conv.of(ActionResult)[-1]
        assert isinstance(stopped, ActionResult) and stopped.speech == ""
        assert [(c.target, c.attribute) for c in stopped.changes] == [(rings[0].ring, "ringing")]  # type: ignore[attr-defined]
        said = len(conv.of(ResponseStarted))
        await conv.listen(lambda: False, seconds=4)  # two more rings' time: silence
    assert len(conv.of(ResponseStarted)) == said
    assert conv.of(Transcript)[-1].text.rstrip(".!").lower() == words.rstrip(".").lower()  # type: ignore[attr-defined]
    assert assistant.actions is not None and assistant.actions.ringing.active() == []
