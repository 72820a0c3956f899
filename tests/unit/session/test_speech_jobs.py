"""A session's recognition jobs in the shared pool (scripted engine, real pool: pure scheduling)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import numpy as np

from sayso.asr.base import AsrRequest, AsrResult
from sayso.runtime.pool import Priority, PriorityPool
from sayso.session.recognition import SpeechJobs


class GatedAsr:
    """Says how many samples it heard; the first call waits for `gate` (the pool is busy)."""

    def __init__(self) -> None:
        self.gate, self.started = threading.Event(), threading.Event()
        self.heard: list[int] = []
        self.leads: list[float] = []

    def transcribe(self, audio: np.ndarray, request: AsrRequest) -> AsrResult:
        self.started.set()
        self.gate.wait(5)
        self.heard.append(len(audio))
        self.leads.append(request.lead_in_s)
        return AsrResult(text=f"{len(audio)} samples", language="en", hypotheses=(), words=(),
                         duration_s=len(audio) / 16_000)


def jobs(pool: PriorityPool, engine: GatedAsr, key: str) -> SpeechJobs:
    understander: Any = None  # partials never understand
    return SpeechJobs(engine, understander, pool, language="en", key=key)  # type: ignore[arg-type]


async def test_a_sessions_newer_partial_replaces_its_queued_one() -> None:
    pool, engine = PriorityPool(1), GatedAsr()
    a, b = jobs(pool, engine, "a"), jobs(pool, engine, "b")
    busy = a.transcribe_quick(np.zeros(100, np.float32), Priority.TURN)  # holds the thread
    assert await asyncio.to_thread(engine.started.wait, 5)
    stale = a.transcribe_quick(np.zeros(200, np.float32))
    other = b.transcribe_quick(np.zeros(300, np.float32))
    fresh = a.transcribe_quick(np.zeros(400, np.float32))
    engine.gate.set()
    done = await asyncio.gather(busy, other, fresh)
    assert stale.cancelled() and [t.text for t in done] == ["100 samples", "300 samples",
                                                           "400 samples"]
    assert engine.heard == [100, 300, 400]  # the stale partial never ran
    pool.shutdown()


class EchoUnderstander:
    """Understands nothing (a NoIntent with the words): recognition only is under test."""

    def understand(self, transcript: Any, expected: Any = ()) -> Any:
        from sayso.events import NoIntent

        return NoIntent(text=transcript.text)

    def continues(self, understood: Any) -> None:
        """No grammar: nothing to say about what could follow."""


async def test_the_result_arrives_before_the_same_jobs_follow_up_finishes() -> None:
    """`then` (the reply's preparation) runs in the recognition's pool job, after the result is
    handed over: the end-of-turn decision never waits for it."""
    pool, engine = PriorityPool(1), GatedAsr()
    engine.gate.set()
    release, seen = threading.Event(), []

    def then(heard: Any) -> None:
        seen.append(heard.transcript.text)
        release.wait(5)

    jobs = SpeechJobs(engine, EchoUnderstander(), pool, language="en", key="a")  # type: ignore[arg-type]
    heard = await jobs.recognize(np.zeros(160, np.float32), then)
    assert heard.transcript.text == "160 samples" and not release.is_set()
    release.set()
    assert await asyncio.to_thread(lambda: [pool.submit(lambda: 1).result(5)]) == [1]
    assert seen == ["160 samples"]
    pool.shutdown()


async def test_a_discarded_speculation_never_runs() -> None:
    pool, engine = PriorityPool(1), GatedAsr()
    jobs = SpeechJobs(engine, EchoUnderstander(), pool, language="en", key="a")  # type: ignore[arg-type]
    busy = jobs.transcribe_quick(np.zeros(100, np.float32), Priority.TURN)  # holds the thread
    assert await asyncio.to_thread(engine.started.wait, 5)
    prepared: list[Any] = []
    speculation = jobs.recognize(np.zeros(200, np.float32), prepared.append)
    speculation.cancel()  # speech resumed before the job started
    engine.gate.set()
    await busy
    await asyncio.to_thread(lambda: pool.submit(lambda: None).result(5))
    assert engine.heard == [100] and prepared == []
    pool.shutdown()


async def test_the_segments_pre_roll_reaches_the_recogniser() -> None:
    """A live segment brings its VAD pre-roll; the engine adds lead silence only where it lacks
    it (`AsrRequest.lead_in_s`); a file turn (no pre-roll known) says 0."""
    pool, engine = PriorityPool(1), GatedAsr()
    engine.gate.set()
    jobs = SpeechJobs(engine, EchoUnderstander(), pool, language="en", key="a")  # type: ignore[arg-type]
    await jobs.recognize(np.zeros(160, np.float32), lead_in_s=0.32)
    await jobs.recognize(np.zeros(160, np.float32), lambda heard: None, lead_in_s=0.1)
    await jobs.transcribe_quick(np.zeros(160, np.float32), lead_in_s=0.2)
    await jobs.recognize(np.zeros(160, np.float32))
    assert engine.leads == [0.32, 0.1, 0.2, 0.0]
    pool.shutdown()


def test_replays_and_sessions_build_the_same_jobs_with_the_vocabulary_bias() -> None:
    """`session_jobs`: a replay's decode is biased like a session's where the bias is on."""
    from types import SimpleNamespace

    from sayso.config import IntentsConfig, Settings
    from sayso.session.recognition import session_jobs

    def assistant(settings: Settings) -> Any:
        return SimpleNamespace(
            asr=GatedAsr(), understander=None, executor=None, turn_model=None,
            settings=settings, recognizer=SimpleNamespace(vocabulary=lambda: ("seven",)),
            expected_answers=lambda session_id: (f"yes to {session_id}",),
        )

    single = assistant(Settings(intents=IntentsConfig(builtin=False)))
    replay, live = session_jobs(single), session_jobs(single, "s1")
    assert replay.bias is not None and replay.bias() == ("seven",) and live.bias is not None
    assert replay.expected is None and replay.key is None
    assert live.expected is not None and live.expected() == ("yes to s1",) and live.key == "s1"
    assert session_jobs(assistant(Settings())).bias is None  # built-ins: no bias by default
