"""Partials wait for slack in the shared pool; a paused burst over the reply is decided on its
speculation (scripted fakes; pure logic)."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np

from sayso.config import SessionConfig
from sayso.events import Transcript
from sayso.session.barge_in import PARTIAL_MAX_URGENT_SHARE, BargeInPolicy
from sayso.session.timeline import TurnTimeline
from sayso.session.utterance import LiveUtterance


class Pool:
    def __init__(self, share: float, idle: bool = True) -> None:
        self.share, self._idle = share, idle

    def idle(self) -> bool:
        return self._idle

    def urgent_share(self) -> float:
        return self.share


class Jobs:
    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.quick: list[int] = []

    def transcribe_quick(self, audio: np.ndarray) -> asyncio.Future[Transcript]:
        self.quick.append(len(audio))
        future: asyncio.Future[Transcript] = asyncio.get_running_loop().create_future()
        return future


class Listener:
    def __init__(self, jobs: Jobs) -> None:
        self.jobs = jobs

    def span(self) -> tuple[int, int]:
        return 0, 10

    def audio(self, span: tuple[int, int]) -> np.ndarray:
        return np.zeros(512 * span[1], np.float32)


class Session:
    config = SessionConfig(partial_interval_ms=600)

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.barged: list[str] = []

    def emit(self, event: Any) -> None:
        self.events.append(event)

    def barge_in(self, utterance: LiveUtterance) -> None:
        utterance.barged = True  # as `Session.barge_in` does
        self.barged.append(utterance.turn_id)

    def pause(self, utterance: LiveUtterance) -> None:
        utterance.paused = True  # as `Replies.pause` does
        self.events.append(("pause", utterance.turn_id))

    def resume(self, utterance: LiveUtterance) -> None:
        if utterance.paused and not utterance.barged:  # as `Replies.resume` does
            utterance.paused = False
            self.events.append(("resume", utterance.turn_id))


def partials_started(pool: Pool) -> int:
    async def run() -> int:
        jobs = Jobs(pool)
        policy = BargeInPolicy(Session(), Listener(jobs))  # type: ignore[arg-type]
        utterance = LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"),
                                  first_frame=0, onset_s=0.0, last_partial_t=-1e9)
        policy.on_voiced(utterance)
        return len(jobs.quick)

    return asyncio.run(run())


def test_a_partial_starts_on_an_idle_pool_with_slack() -> None:
    assert partials_started(Pool(share=0.0)) == 1
    assert partials_started(Pool(share=PARTIAL_MAX_URGENT_SHARE)) == 1


def test_no_partial_while_turns_keep_the_pool_busy_or_anything_waits() -> None:
    assert partials_started(Pool(share=PARTIAL_MAX_URGENT_SHARE + 0.01)) == 0
    assert partials_started(Pool(share=0.0, idle=False)) == 0


class Reply:
    """A reply being played."""

    active = True


def decided(text: str, voiced_ms: float) -> list[str]:
    session = Session()
    policy = BargeInPolicy(session, Listener(Jobs(Pool(0.0))))  # type: ignore[arg-type]
    utterance = LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"), first_frame=0,
                              onset_s=0.0, over=Reply(), voiced_ms=voiced_ms)  # type: ignore[arg-type]
    policy.heard(utterance, text)
    policy.heard(utterance, text)  # a later speculation of the same burst: decided once
    return session.barged


def test_a_paused_command_over_the_reply_interrupts_on_its_speculation() -> None:
    min_ms = Session.config.barge_in_min_ms
    assert decided("Turn on the kitchen light.", voiced_ms=min_ms) == ["t"]


def test_feedback_and_short_bursts_over_the_reply_do_not() -> None:
    min_ms = Session.config.barge_in_min_ms
    assert decided("Mm-hmm.", voiced_ms=900) == []
    assert decided("", voiced_ms=900) == []
    assert decided("Stop.", voiced_ms=min_ms - 1) == []
