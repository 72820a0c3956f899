"""Queued partial transcripts and barge-in checks are dropped once newer work covers them."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading

from sayso.events import Transcript
from sayso.runtime.pool import Priority, PriorityPool
from sayso.session.timeline import TurnTimeline
from sayso.session.utterance import LiveUtterance


def utterance() -> LiveUtterance:
    return LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"), first_frame=0,
                         onset_s=0.0)


def test_a_queued_partial_and_check_never_run_after_the_endpoint() -> None:
    async def run() -> tuple[list[str], bool, bool]:
        pool = PriorityPool(1)
        ran: list[str] = []
        gate = threading.Event()
        busy = pool.submit_at(Priority.TURN, gate.wait)  # the only thread is taken
        u = utterance()
        u.partial = asyncio.wrap_future(pool.submit_at(
            Priority.BACKGROUND, lambda: ran.append("partial") or Transcript(text="a"), key="s"))
        u.check = asyncio.wrap_future(pool.submit_at(
            Priority.INTERACTIVE, lambda: ran.append("check") or Transcript(text="b"), key="s"))
        later = pool.submit_at(Priority.BACKGROUND, lambda: ran.append("other"), key="o")
        u.drop_quick()
        gate.set()
        await asyncio.wrap_future(busy)
        await asyncio.wrap_future(later)
        pool.shutdown()
        return ran, u.partial.cancelled(), u.check.cancelled()

    ran, partial_dropped, check_dropped = asyncio.run(run())
    assert ran == ["other"] and partial_dropped and check_dropped


def test_dropping_leaves_finished_work_alone() -> None:
    async def run() -> LiveUtterance:
        u = utterance()
        done: concurrent.futures.Future[Transcript] = concurrent.futures.Future()
        done.set_result(Transcript(text="a"))
        u.partial = asyncio.wrap_future(done)
        await asyncio.sleep(0)  # the wrapper copies the result on the loop
        u.drop_partial()
        return u

    u = asyncio.run(run())
    assert u.partial is not None and u.partial.result().text == "a"
