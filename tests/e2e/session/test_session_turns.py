"""Live sessions on real engines: spoken turns, speculation, manual commit, text turns."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import numpy as np
import pytest

from sayso.actions.devices import get_device, update_device
from sayso.app.assistant import Assistant
from sayso.config import VadConfig
from sayso.constants import SAMPLE_RATE
from sayso.events import (
    ActionResult,
    AudioChunk,
    IntentRecognized,
    ReplyText,
    ResponseDone,
    ResponseStarted,
    SpeechStarted,
    SpeechStopped,
    Transcript,
)
from sayso.session import Session, SessionConfig

from ..conftest import count_understanding
from .harness import Conversation, trim

KITCHEN = "Turn on the kitchen light."


def set_light(assistant: Assistant, state: str) -> None:
    store = assistant.actions.store
    device = get_device(store, "light.kitchen")
    assert device is not None
    with store.transaction():
        update_device(store, device, dt.datetime.now(dt.UTC), state=state)


def kitchen_light(assistant: Assistant) -> str:
    device = get_device(assistant.actions.store, "light.kitchen")
    assert device is not None
    return device.state


def names(conv: Conversation) -> list[str]:
    """Event type names in order, with runs of audio chunks collapsed."""
    out: list[str] = []
    for _, event in conv.events:
        name = type(event).__name__
        if not (name == "AudioChunk" and out and out[-1] == name):
            out.append(name)
    return out


async def test_spoken_command_is_heard_acted_on_and_answered(
    assistant: Assistant, piper_says: dict[str, np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_light(assistant, "off")
    understood = count_understanding(assistant, monkeypatch)
    session = Session(assistant, SessionConfig())
    async with Conversation(session) as conv:
        await conv.say(piper_says[KITCHEN], until=conv.has(ResponseDone))
    # Partial transcripts come while the user talks and the trailing silence runs; how many
    # depends on the silence the turn's cues ask for and on the machine's speed.
    order = [n for n in names(conv) if n != "PartialTranscript"]
    assert order[:2] == ["SpeechStarted", "SpeechStopped"]
    assert order[2:] == [
        "Transcript", "ResponseStarted", "IntentRecognized", "ActionResult", "ReplyText",
        "AudioChunk", "ResponseDone",
    ]
    transcript = conv.of(Transcript)[0]
    assert "kitchen light" in transcript.text.lower()  # type: ignore[attr-defined]
    action = conv.of(ActionResult)[0]
    assert isinstance(action, ActionResult) and action.success and action.intent == "HassTurnOn"
    assert kitchen_light(assistant) == "on"
    chunks = [e for e in conv.of(AudioChunk) if isinstance(e, AudioChunk) and len(e.samples)]
    assert chunks and chunks[0].sample_rate == assistant.tts.capabilities.sample_rate
    done = conv.of(ResponseDone)[0]
    reply = conv.of(ReplyText)[0]
    assert isinstance(done, ResponseDone) and isinstance(reply, ReplyText)
    assert done.status == "completed" and done.played_text == reply.text
    assert session.history == [("user", transcript.text), ("assistant", reply.text)]  # type: ignore[attr-defined]
    timeline = session.timelines[-1]
    assert timeline.speculation == "hit"  # a clean endpoint: the speculative transcript was used
    assert timeline.response_gap_ms is not None
    # Understood once, in the recognition job: early endpointing and the reply reused it.
    assert understood == [transcript.text]  # type: ignore[attr-defined]
    print("timeline", json.dumps(timeline.to_dict()))


async def test_speculation_is_discarded_when_the_user_goes_on(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    lead, pause = (np.zeros(round(s * SAMPLE_RATE), np.float32) for s in (0.3, 0.3))
    first, second = (trim(piper_says[t]) for t in ("Turn on the kitchen", "light."))
    speech = np.concatenate([lead, first, pause, second])
    # "Turn on the kitchen" is itself a complete command: without early endpointing the pause
    # only makes the speculation stale (early endpointing is tested on its own below).
    config = SessionConfig(partial_interval_ms=0, early_endpoint_ms=0)
    session = Session(assistant, config)
    async with Conversation(session) as conv:
        await conv.say(speech, until=conv.has(ResponseStarted))
        session.cancel_response()
    assert len(conv.of(SpeechStarted)) == 1 and len(conv.of(SpeechStopped)) == 1
    timeline = session.timelines[-1]
    assert timeline.speculations_discarded >= 1
    assert session.speculation.discarded >= 1
    final = conv.of(Transcript)[0]
    assert isinstance(final, Transcript)
    # The final transcript was made on the whole utterance, not on the stale speculation.
    spoken_s = (len(first) + len(pause) + len(second)) / SAMPLE_RATE
    assert final.audio_duration_s >= spoken_s, (final.audio_duration_s, spoken_s, final.text)
    print("timeline", json.dumps(timeline.to_dict()), session.speculation)


async def test_a_complete_command_ends_the_turn_before_the_silence_timeout(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    """With a 2.5 s silence timeout, the turn still ends as soon as the speculative transcript is
    a complete command (deterministic: the speculation finishes well within 2.5 s)."""
    config = SessionConfig(vad=VadConfig(min_silence_ms=2500), partial_interval_ms=0)
    session = Session(assistant, config)
    async with Conversation(session) as conv:
        await conv.say(piper_says[KITCHEN], until=conv.has(ResponseStarted))
        session.cancel_response()
    timeline = session.timelines[-1]
    assert timeline.early_endpoint and timeline.speculation == "hit"
    wait = timeline.to_dict()["endpoint_wait_ms"]
    assert wait is not None and wait < 2500
    print("early endpoint after", wait, "ms of silence")


async def test_a_command_the_speaker_paused_in_waits_longer_at_its_end(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    """ "Turn on the kitchen … light.": whoever paused once mid-command may pause again, so the
    turn's end waits the "likely" silence, never the "sure" one (`session.mid_pause_ms`); the
    same command said in one go is not held. Real Piper speech, Silero, Whisper, the grammar."""
    lead, pause = (np.zeros(round(s * SAMPLE_RATE), np.float32) for s in (0.3, 0.3))
    first, second = (trim(piper_says[t]) for t in ("Turn on the kitchen", "light."))
    # "Turn on the kitchen" is a command too: a sure silence longer than the pause keeps the
    # turn open through it whatever its cues say, so only the rule under test decides the end.
    config = SessionConfig(partial_interval_ms=0, early_endpoint_ms=400)
    lines = []
    for speech in (np.concatenate([lead, first, pause, second]), piper_says[KITCHEN]):
        session = Session(assistant, config)
        async with Conversation(session) as conv:
            await conv.say(speech, until=conv.has(ResponseStarted))
            session.cancel_response()
        assert len(conv.of(SpeechStopped)) == 1
        lines.append(session.timelines[-1].turn_end)
        print("turn end:", session.timelines[-1].end_silence_ms, lines[-1])
    paused, in_one_go = lines
    tier = paused.rsplit(" -> ", 1)[0].split()[-1]
    assert "paused=" in paused and tier != "sure", paused
    measured = float(paused.split("paused=")[1].split("ms")[0])
    assert config.mid_pause_ms <= measured <= 400, paused  # the 300 ms pause, as the VAD saw it
    assert "paused=" not in in_one_go, in_one_go


async def test_a_timer_said_in_two_breaths_is_one_timer(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    """ "Set a timer for ninety minutes … and thirty seconds.": a command that ends in an amount
    another may follow is never "sure" (`TurnEndPolicy.amounts_wait`), so the 450 ms breath
    before "and thirty seconds" does not end the turn with a 90-minute timer. Real Piper,
    Silero, Whisper, the grammar."""
    lead, pause = (np.zeros(round(s * SAMPLE_RATE), np.float32) for s in (0.3, 0.45))
    first, second = (trim(piper_says[t])
                     for t in ("Set a timer for ninety minutes", "and thirty seconds."))
    lines, slots = [], []
    for speech in (np.concatenate([lead, first]), np.concatenate([lead, first, pause, second])):
        session = Session(assistant, SessionConfig(partial_interval_ms=0))
        async with Conversation(session) as conv:
            await conv.say(speech, until=conv.has(ResponseStarted))
            session.cancel_response()
        assert len(conv.of(SpeechStopped)) == 1
        lines.append(session.timelines[-1].turn_end)
        found = conv.of(IntentRecognized)
        slots.append({s.name: s.value for s in found[-1].slots} if found else {})  # type: ignore[attr-defined]
        print("turn end:", session.timelines[-1].end_silence_ms, lines[-1], slots[-1])
    alone, both = lines
    assert "amount-may-follow" in alone and "-> 256 ms" not in alone, alone
    assert "amount-may-follow" not in both, both  # "… and thirty seconds" takes no more
    assert slots[1] == {"minutes": 90, "seconds": 30}, slots[1]


async def test_an_open_ended_command_is_not_cut_at_a_short_pause(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    """ "Add milk to my shopping list" is complete, but its item is free text: a 300 ms pause
    (longer than early_endpoint_ms, shorter than silence_ms) must not end the turn early."""
    lead, pause = (np.zeros(round(s * SAMPLE_RATE), np.float32) for s in (0.3, 0.3))
    first = trim(piper_says["Add milk to my shopping list"])
    second = trim(piper_says["and eggs."])
    session = Session(assistant, SessionConfig(partial_interval_ms=0))
    async with Conversation(session) as conv:
        speech = np.concatenate([lead, first, pause, second])
        await conv.say(speech, until=conv.has(ResponseStarted))
        session.cancel_response()
    assert len(conv.of(SpeechStopped)) == 1
    assert "eggs" in conv.of(Transcript)[0].text.lower()  # type: ignore[attr-defined]
    assert not session.timelines[-1].early_endpoint


async def test_manual_commit_and_text_turns(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    set_light(assistant, "off")
    session = Session(assistant, SessionConfig(turn_detection="manual"))
    async with Conversation(session) as conv:
        session.push_audio(piper_says[KITCHEN])  # faster than real time: timing does not matter
        session.commit()
        await conv.say(np.zeros(0, np.float32), until=conv.has(ResponseDone))
        assert not conv.of(SpeechStarted)  # no VAD turn taking in manual mode
        assert kitchen_light(assistant) == "on"
        await session.respond_to_text("turn off the kitchen light")
        await conv.say(np.zeros(0, np.float32), until=conv.has(ResponseDone, 2))
    assert kitchen_light(assistant) == "off"
    intents = [e.intent for e in conv.of(IntentRecognized)]  # type: ignore[attr-defined]
    assert intents == ["HassTurnOn", "HassTurnOff"]
    assert [role for role, _ in session.history] == ["user", "assistant"] * 2
    assert session.timelines[-1].source == "text"


async def test_a_stalled_consumer_does_not_stall_another_session(
    assistant: Assistant, piper_says: dict[str, np.ndarray]
) -> None:
    stalled = Session(assistant, SessionConfig())
    await stalled.start()
    await stalled.respond_to_text("please tell me a long story")  # nobody reads its events
    try:
        session = Session(assistant, SessionConfig())
        async with Conversation(session) as conv:
            await conv.say(piper_says[KITCHEN], until=conv.has(ResponseDone))
        assert conv.of(ActionResult)
    finally:
        await stalled.close()
    await asyncio.sleep(0)
