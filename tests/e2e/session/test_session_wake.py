"""A live session with the wake word: the phrase opens it, follow-ups need none, then it closes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.config import WakeConfig
from sayso.constants import SAMPLE_RATE
from sayso.events import (
    IntentRecognized,
    ListeningChanged,
    ResponseDone,
    SpeechStarted,
    Transcript,
    WakeDetected,
)
from sayso.session import Session

from .harness import Conversation, render

pytest.importorskip("openwakeword", reason="the wake extra is not installed")

FOLLOW_UP_S = 2.0  # short, so the test waits little for the window to close
PAUSE_S = 0.5
WAIT_S = 120.0  # only a hang should trip it: the machine may be busy


def pad(audio: np.ndarray, lead_s: float = 0.3) -> np.ndarray:
    return np.concatenate([np.zeros(round(lead_s * SAMPLE_RATE), np.float32), audio])


def texts(conv: Conversation) -> list[str]:
    return [e.text.lower() for e in conv.of(Transcript)]  # type: ignore[attr-defined]


async def test_wake_word_command_follow_up_and_closing_window(assistant: Assistant) -> None:
    tts = assistant.tts
    wake = pad(render(tts, "Hey Jarvis."), lead_s=1.5)  # a fresh stream scores after ~1.3 s
    kitchen = pad(render(tts, "Turn on the kitchen light."), PAUSE_S)
    bedroom = pad(render(tts, "Turn off the bedroom light."), PAUSE_S)
    settings = assistant.settings.live_session()
    config = dataclasses.replace(
        settings, wake=WakeConfig(enabled=True, follow_up_s=FOLLOW_UP_S)
    )
    session = Session(assistant, config)
    async with Conversation(session) as conv:
        # Without the wake word, a command is not heard at all.
        await conv.say(kitchen)
        await conv.silence(1.0)
        assert conv.of(SpeechStarted) == [] and texts(conv) == []
        # The wake word, then the command: answered, and the phrase is not in the transcript.
        await conv.say(np.concatenate([wake, kitchen]), until=conv.has(ResponseDone),
                       timeout_s=WAIT_S)
        assert len(conv.of(WakeDetected)) == 1
        assert "kitchen" in texts(conv)[0] and "jarvis" not in texts(conv)[0]
        # A follow-up inside the window needs no wake word.
        await conv.say(bedroom, until=conv.has(ResponseDone, 2), timeout_s=WAIT_S)
        assert "bedroom" in texts(conv)[1]
        intents = [e.intent for e in conv.of(IntentRecognized)]  # type: ignore[attr-defined]
        assert intents == ["HassTurnOn", "HassTurnOff"]
        # After the window, speech is ignored again.
        await conv.silence(FOLLOW_UP_S + 0.5)
        await conv.say(kitchen)
        await conv.silence(1.0)
    assert len(texts(conv)) == 2
    changes = [(e.listening, e.reason) for e in conv.of(ListeningChanged)]  # type: ignore[attr-defined]
    assert changes[0] == (True, "wake_word") and changes[-1] == (False, "timeout")
    assert (True, "follow_up") in changes
