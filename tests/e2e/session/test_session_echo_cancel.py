"""A session on a loud loudspeaker with echo cancellation: its own voice never interrupts it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.events import AudioChunk, BargeIn, ResponseDone
from sayso.session import Session

from ...unit.audio.test_echo_cancel import room
from .harness import Conversation

pytest.importorskip("livekit", reason="the aec extra is not installed")

ECHO_GAIN = 2.0  # the reply reaches the microphone louder than it left (a loud speaker)


async def test_own_voice_is_cancelled_and_the_user_still_barges_in(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    config = dataclasses.replace(assistant.settings.live_session(), echo_cancellation=True)
    session = Session(assistant, config)
    conv = Conversation(session, echo_gain=ECHO_GAIN, echo_delay_s=0.04, rir=room())
    async with conv:
        await session.respond_to_text("What time is it?")
        await conv.silence(0.2)
        await conv.say(np.zeros(0, np.float32), until=conv.has(ResponseDone))
        assert conv.of(BargeIn) == []  # the whole reply played over its own echo
        assert conv.of(AudioChunk)
        before = len(conv.of(AudioChunk))
        await session.respond_to_text("Please tell me a long story.")
        await conv.say(np.zeros(0, np.float32), until=conv.has(AudioChunk, before + 1))
        await conv.silence(1.0)
        await conv.say(piper_says["Turn on the kitchen light."], until=conv.has(BargeIn))
    assert len(conv.of(BargeIn)) == 1
