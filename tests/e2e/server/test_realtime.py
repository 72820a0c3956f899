"""The Realtime WebSocket with real engines: audio and text turns, manual mode, barge-in."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses

import pytest

from sayso.app.assistant import Assistant
from sayso.config import HomeConfig
from tests.e2e.server.conftest import Running, speak
from tests.e2e.server.rt_client import RealtimeClient

pytestmark = pytest.mark.slow
HOLD_INTERVAL_S = 0.2
BACKCHANNEL_WAIT_S = 4.0


async def test_text_turn(server: Running) -> None:
    rt = await RealtimeClient.open(server.ws_url)
    await rt.say_text("turn off the kitchen light")
    done = await rt.expect("response.done")
    assert done["response"]["status"] == "completed"
    types = rt.types()
    assert "conversation.item.created" in types and "response.created" in types
    assert "response.audio.delta" in types and "response.audio_transcript.done" in types
    action = next(e for e in rt.seen if e["type"] == "sayso.action")
    assert action["intent"] == "HassTurnOff" and action["success"]
    audio = b"".join(base64.b64decode(e["delta"]) for e in rt.seen
                     if e["type"] == "response.audio.delta")
    assert len(audio) / 2 / 24_000 > 0.3
    assert "error" not in types
    await rt.close()


async def test_audio_turn_server_vad(server: Running, assistant: Assistant) -> None:
    rt = await RealtimeClient.open(server.ws_url)
    await rt.send_audio(speak(assistant, "Turn on the kitchen light."))
    done = await rt.expect("conversation.item.input_audio_transcription.completed")
    assert "kitchen light" in done["transcript"].lower()
    finished = await rt.expect("response.done")
    assert finished["response"]["status"] == "completed"
    latency = await rt.expect("sayso.turn.latency")
    # Why the turn ended, cue by cue, and never the words (the endpointer's longest silence
    # ends a turn whose speculation is not ready by then: no cue line on a very slow machine).
    assert "kitchen" not in str(latency) and "->" in latency.get("turn_end", "->")
    types = rt.types()
    order = ["input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
             "input_audio_buffer.committed",
             "conversation.item.input_audio_transcription.completed", "response.created",
             "response.audio.delta", "response.done"]
    assert [types.index(t) for t in order] == sorted(types.index(t) for t in order)
    transcript = next(e for e in rt.seen if e["type"] == "response.audio_transcript.done")
    assert transcript["transcript"]
    await rt.close()


async def test_manual_turn_at_16khz(server: Running, assistant: Assistant) -> None:
    rt = await RealtimeClient.open(server.ws_url)
    await rt.send("session.update", session={"turn_detection": None,
                                             "input_audio_sample_rate": 16_000})
    updated = await rt.expect("session.updated")
    assert updated["session"]["turn_detection"] is None
    await rt.send_audio(speak(assistant, "What time is it?", trail_s=0.3), rate=16_000)
    await rt.send("input_audio_buffer.commit")
    await rt.send("response.create")  # what OpenAI clients send after a manual commit
    done = await rt.expect("conversation.item.input_audio_transcription.completed")
    assert "time" in done["transcript"].lower()
    assert (await rt.expect("response.done"))["response"]["status"] == "completed"
    assert "error" not in rt.types()
    await rt.close()


async def _hold_playback(rt: RealtimeClient, stop: asyncio.Event) -> None:
    # A client whose playback has not advanced: the reply stays "playing" until released, so
    # the test does not race the reply's real-time length.
    while not stop.is_set():
        await rt.send("sayso.playback", played_ms=0)
        await asyncio.sleep(HOLD_INTERVAL_S)


async def test_barge_in_cancels_reply(server: Running, assistant: Assistant) -> None:
    interruption = speak(assistant, "What time is it?", lead_s=0.2)
    rt = await RealtimeClient.open(server.ws_url)
    await rt.say_text("turn on the living room lamp")
    first = await rt.expect("response.audio.delta")
    response_id = first["response_id"]
    stop = asyncio.Event()
    holder = asyncio.create_task(_hold_playback(rt, stop))
    await rt.send_audio(interruption)
    done = await rt.expect("response.done")
    assert done["response"]["id"] == response_id
    assert done["response"]["status"] == "cancelled"
    assert done["response"]["status_details"]["reason"] == "turn_detected"
    assert "sayso.barge_in" in rt.types()
    stop.set()
    await holder
    # The interruption itself becomes the next turn; the cancelled reply sends nothing more.
    transcript = await rt.expect("conversation.item.input_audio_transcription.completed")
    assert "time" in transcript["transcript"].lower()
    await rt.expect("response.done")
    after = rt.seen[rt.seen.index(done) + 1 :]
    assert not [e for e in after
                if e.get("response_id") == response_id and e["type"].startswith("response.")]
    await rt.close()


async def test_backchannel_does_not_interrupt(server: Running, assistant: Assistant) -> None:
    backchannel = speak(assistant, "Okay.", lead_s=0.2, trail_s=1.0)
    rt = await RealtimeClient.open(server.ws_url)
    await rt.say_text("turn on the dining room light")
    first = await rt.expect("response.audio.delta")
    stop = asyncio.Event()
    holder = asyncio.create_task(_hold_playback(rt, stop))
    await rt.send_audio(backchannel)
    await asyncio.sleep(BACKCHANNEL_WAIT_S)  # let the burst be heard, transcribed and judged
    stop.set()
    await holder
    await rt.send("sayso.playback", played_ms=60_000)  # playback finished
    done = await rt.expect("response.done")
    assert done["response"]["id"] == first["response_id"]
    assert done["response"]["status"] == "completed"
    assert "sayso.barge_in" not in rt.types()
    await rt.close()


async def test_client_cancel_and_concurrent_sessions(server: Running) -> None:
    clients = [await RealtimeClient.open(server.ws_url) for _ in range(3)]
    for rt, room in zip(clients, ("kitchen", "garden", "office"), strict=True):
        await rt.say_text(f"turn on the {room} light")
    await clients[0].expect("response.created")
    await clients[0].send("response.cancel")
    results = await asyncio.gather(*(rt.expect("response.done") for rt in clients))
    assert results[0]["response"]["status"] == "cancelled"
    assert all(r["response"]["status"] == "completed" for r in results[1:])
    for rt in clients:
        await rt.close()


async def test_a_ringing_timer_is_said_again_until_the_client_stops_it(
    server: Running, assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    often = HomeConfig(db_path=assistant.settings.home.db_path, ring_every_s=1.0)
    monkeypatch.setattr(assistant, "settings", dataclasses.replace(assistant.settings, home=often))
    rt = await RealtimeClient.open(server.ws_url)
    await rt.say_text("set a timer for 1 second")
    await rt.expect("response.done")
    first = await rt.expect("response.created")
    ring = first["response"]["sayso"]["ring"]
    assert first["response"]["sayso"]["announcement"] and ring.startswith("timer:")
    await rt.expect("response.done")
    again = await rt.expect("response.created")  # said again: nobody stopped it
    assert again["response"]["sayso"]["ring"] == ring
    await rt.send("sayso.ring.stop")  # the page's stop button
    stopped = await rt.expect("sayso.ring.stopped")
    assert stopped["rings"] == 1
    ended = await rt.expect("sayso.ring.stopped")  # told to every session: its ring ended
    assert ended["ring"] == ring
    said = rt.types().count("response.created")
    with contextlib.suppress(TimeoutError):
        while True:  # two more rings' time: only the announcement that was playing ends
            await rt.next(wait_s=2.5)
    assert rt.types().count("response.created") == said and "error" not in rt.types()
    await rt.close()


async def test_a_timers_command_runs_and_is_announced(server: Running) -> None:
    rt = await RealtimeClient.open(server.ws_url)
    # Off, as `test_text_turn` leaves it: the browser's spoken turn turns it on and looks for the
    # change, whichever order the tests run in.
    await rt.say_text("turn off the kitchen light in 1 second")
    first = await rt.expect("response.done")
    said = first["response"]["output"][0]["content"][0]["transcript"]
    assert said == "Command will be executed in 1 second"  # HA's reply to a timer with a command
    created = await rt.expect("response.created")
    assert created["response"]["sayso"] == {"announcement": True}  # no user turn before it
    done = await rt.expect("response.done")
    assert done["response"]["id"] == created["response"]["id"]
    assert done["response"]["status"] == "completed"
    assert done["response"]["output"][0]["content"][0]["transcript"].startswith("Turned off the")
    assert "error" not in rt.types()
    await rt.close()
