"""Two-stage barge-in: speech over a reply pauses it at once, the checks then cancel or resume it
(scripted fakes: a policy over fake jobs, a reply over a fake synthesis stage)."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator
from typing import Any, ClassVar

import numpy as np

from sayso.config import SessionConfig
from sayso.events import (
    AudioChunk,
    Event,
    NoIntent,
    PlaybackPaused,
    PlaybackResumed,
    ResponseDone,
)
from sayso.runtime.stage import Stage
from sayso.session.barge_in import BargeInPolicy
from sayso.session.replies import Replies
from sayso.session.timeline import TurnTimeline
from sayso.session.utterance import LiveUtterance

from .test_barge_in_policy import Jobs, Listener, Pool, Reply, Session

PAUSING = SessionConfig(client_pauses=True, barge_in_pause_ms=96)


def burst(voiced_ms: float, over: Any = None) -> LiveUtterance:
    return LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"), first_frame=0,
                         onset_s=0.0, over=over or Reply(), voiced_ms=voiced_ms)  # type: ignore[arg-type]


def policy(config: SessionConfig) -> tuple[BargeInPolicy, Session]:
    session = Session()
    session.config = config
    return BargeInPolicy(session, Listener(Jobs(Pool(0.0)))), session  # type: ignore[arg-type]


def grow(config: SessionConfig, voiced: list[float]) -> list[Any]:
    """Feed a burst over the reply that reaches each voiced length in turn; what the session did."""

    async def run() -> list[Any]:
        barge, session = policy(config)
        utterance = burst(0.0)
        for ms in voiced:
            utterance.voiced_ms = ms
            barge.on_voiced(utterance)
        return session.events

    return asyncio.run(run())


def test_speech_over_the_reply_pauses_it_once_it_has_the_minimum_of_voice() -> None:
    assert grow(PAUSING, [64.0]) == []
    assert grow(PAUSING, [64.0, 96.0]) == [("pause", "t")]
    assert grow(PAUSING, [96.0, 128.0, 160.0]) == [("pause", "t")]  # once per burst


def test_no_pause_for_a_client_that_cannot_or_with_the_setting_off() -> None:
    assert grow(SessionConfig(barge_in_pause_ms=96), [96.0, 160.0]) == []
    assert grow(SessionConfig(client_pauses=True, barge_in_pause_ms=0), [96.0, 160.0]) == []


def test_no_pause_over_sayso_s_own_echo_cancellation() -> None:
    aec = SessionConfig(client_pauses=True, barge_in_pause_ms=96, echo_cancellation=True)
    assert grow(aec, [96.0, 160.0]) == []


def decide(text: str, voiced_ms: float) -> tuple[list[Any], list[str]]:
    """A paused burst ends and its speculation hears `text`."""
    barge, session = policy(PAUSING)
    utterance = burst(voiced_ms)
    utterance.paused = True
    barge.heard(utterance, text)
    barge.heard(utterance, text)  # a later speculation of the same burst: decided once
    return session.events, session.barged


def test_a_paused_reply_resumes_when_the_burst_was_feedback_noise_or_short() -> None:
    assert decide("Mm-hmm.", 600.0) == ([("resume", "t")], [])
    assert decide("", 600.0) == ([("resume", "t")], [])
    assert decide("Four.", PAUSING.barge_in_min_ms - 1) == ([("resume", "t")], [])
    assert decide("Stop.", PAUSING.barge_in_min_ms - 1) == ([], ["t"])  # a stop word: it stops


def test_a_paused_reply_is_cancelled_when_the_burst_has_words() -> None:
    assert decide("Turn on the kitchen light.", 600.0) == ([], ["t"])


RATE = 16_000
CHUNK_S = 0.25
CHUNKS = 6


class Speak(Stage):
    """Stands in for action, reply and TTS: a reply of `CHUNKS` short audio chunks."""

    consumes: ClassVar[tuple[type[Event], ...]] = (NoIntent,)
    forward_consumed: ClassVar[bool] = False

    async def process(self, event: Event) -> AsyncIterator[Event]:
        for i in range(CHUNKS):
            samples = np.full(round(CHUNK_S * RATE), 0.1, np.float32)
            yield AudioChunk(turn_id=event.turn_id, samples=samples, sample_rate=RATE,
                             sentence_index=i, text=f"Word{i}.")
            await asyncio.sleep(0.01)


class Assistant:
    def reply_stages(self, session_id: str, priority: Any = None) -> list[Stage]:
        return [Speak()]


class Announcer:
    """The listener as far as a barge-in needs it."""

    wake = None

    def announce(self, utterance: LiveUtterance) -> None:
        pass


async def talk_over(then: str) -> list[Event]:
    events: list[Event] = []
    sounding = asyncio.Event()

    def emit(event: Event) -> None:
        events.append(event)
        if isinstance(event, AudioChunk):
            sounding.set()

    replies = Replies(Assistant(), "s", emit, [], collections.deque())  # type: ignore[arg-type]
    replies.start(NoIntent(turn_id="r", text="tell me"), TurnTimeline(turn_id="r"))
    await sounding.wait()
    response = replies.active()
    utterance = burst(96.0, over=response)
    replies.pause(utterance)
    await asyncio.sleep(0.2)  # the stage could have made every chunk by now: none may go out
    if then == "resume":
        replies.resume(utterance)
    else:
        replies.listener = Announcer()  # type: ignore[assignment]
        replies.barge_in(utterance)
    while replies.active() is not None and response is not None:
        response.playback.mark_played(response.playback.duration_s, 0.0)  # play out at once
        await asyncio.sleep(0.01)
    return events


def kinds(events: list[Event]) -> list[str]:
    names = [type(e).__name__ for e in events if not isinstance(e, AudioChunk)]
    return [n for n in names if n != "ResponseStarted"]


def test_a_paused_reply_holds_its_audio_and_plays_all_of_it_after_resuming() -> None:
    events = asyncio.run(talk_over("resume"))
    assert kinds(events) == ["PlaybackPaused", "PlaybackResumed", "ResponseDone"]
    paused = next(i for i, e in enumerate(events) if isinstance(e, PlaybackPaused))
    resumed = next(i for i, e in enumerate(events) if isinstance(e, PlaybackResumed))
    assert not any(isinstance(e, AudioChunk) for e in events[paused:resumed])
    assert sum(isinstance(e, AudioChunk) for e in events) == CHUNKS
    done = events[-1]
    assert isinstance(done, ResponseDone) and done.status == "completed"


def test_a_barge_in_on_a_paused_reply_cancels_it_and_keeps_only_what_was_heard() -> None:
    events = asyncio.run(talk_over("barge_in"))
    assert kinds(events) == ["PlaybackPaused", "BargeIn", "ResponseDone"]
    done = events[-1]
    assert isinstance(done, ResponseDone) and done.reason == "barge_in"
    chunks = [e for e in events if isinstance(e, AudioChunk)]
    assert len(chunks) < CHUNKS  # the rest was never sent
    heard = done.played_text.split()
    assert len(heard) <= len(chunks)  # no more than what was sent before the pause
