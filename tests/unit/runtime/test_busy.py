"""The pool's recent urgent work, on a scripted clock (pure logic)."""

from __future__ import annotations

import threading

import pytest

from sayso.runtime.busy import BusyWindow
from sayso.runtime.pool import Priority, PriorityPool


class Clock:
    def __init__(self) -> None:
        self.t = 50.0

    def __call__(self) -> float:
        return self.t


def test_share_counts_thread_time_inside_the_window_only() -> None:
    clock = Clock()
    busy = BusyWindow(window_s=2.0, clock=clock)
    assert busy.share() == 0.0
    old = busy.started()
    clock.t += 1.0
    busy.finished(old)  # 50-51
    clock.t += 2.5  # now 53.5: the window is 51.5-53.5, the job is out of it
    assert busy.share() == 0.0
    a, b = busy.started(), busy.started()  # two threads from 53.5
    clock.t += 0.5
    busy.finished(a)  # 53.5-54.0 done, b still running
    clock.t += 0.5  # now 54.5
    assert busy.share() == pytest.approx((0.5 + 1.0) / 2.0)
    clock.t += 10.0
    assert busy.share() == pytest.approx(1.0)  # b has run the whole window: one thread busy
    busy.finished(b)
    clock.t += 2.0
    assert busy.share() == 0.0


def test_the_pool_counts_turns_and_checks_not_requests_or_partials() -> None:
    clock = Clock()
    pool = PriorityPool(1)
    pool._urgent = BusyWindow(window_s=2.0, clock=clock)

    def job() -> None:
        clock.t += 0.5  # the job takes half a second of the scripted clock

    for priority in (Priority.REQUEST, Priority.BACKGROUND):
        pool.submit_at(priority, job).result(timeout=5)
    assert pool.urgent_share() == 0.0
    for priority in (Priority.TURN, Priority.INTERACTIVE):
        pool.submit_at(priority, job).result(timeout=5)
    done = threading.Event()
    pool.submit_at(Priority.BACKGROUND, done.set).result(timeout=5)  # the accounting is done
    assert pool.urgent_share() == pytest.approx(1.0 / 2.0)
    pool.shutdown()
