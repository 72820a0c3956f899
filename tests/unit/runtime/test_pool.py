"""The priority pool with scripted jobs (pure scheduling logic; no model)."""

import threading
import time
from concurrent.futures import Future

import pytest

from sayso.runtime.pool import Priority, PriorityPool


def hold(pool: PriorityPool) -> tuple[threading.Event, Future[bool]]:
    """Occupy the pool's only thread until the returned event is set."""
    started, gate = threading.Event(), threading.Event()

    def block() -> bool:
        started.set()
        return gate.wait()

    future = pool.submit_at(Priority.TURN, block)
    assert started.wait(5)
    return gate, future


def test_queued_work_is_served_by_priority_then_arrival() -> None:
    pool = PriorityPool(1)
    order: list[str] = []
    gate, blocker = hold(pool)
    futures = [
        pool.submit_at(Priority.BACKGROUND, lambda: order.append("partial")),
        pool.submit(lambda: order.append("request 1")),
        pool.submit_at(Priority.TURN, lambda: order.append("turn")),
        pool.at(Priority.REQUEST).submit(order.append, "request 2"),
        pool.submit_at(Priority.INTERACTIVE, lambda: order.append("barge-in check")),
    ]
    assert not pool.idle() and pool.queued() == 5
    gate.set()
    for future in [blocker, *futures]:
        future.result(timeout=5)
    assert order == ["turn", "barge-in check", "request 1", "request 2", "partial"]
    pool.shutdown()


def test_fifo_serves_in_arrival_order_whatever_the_priority() -> None:
    pool = PriorityPool(1, fifo=True)
    order: list[str] = []
    gate, blocker = hold(pool)
    futures = [
        pool.submit_at(Priority.BACKGROUND, lambda: order.append("partial")),
        pool.submit(lambda: order.append("request")),
        pool.submit_at(Priority.TURN, lambda: order.append("turn")),
    ]
    gate.set()
    for future in [blocker, *futures]:
        future.result(timeout=5)
    assert order == ["partial", "request", "turn"]
    pool.shutdown()


def test_errors_reach_the_caller_and_the_pool_goes_on() -> None:
    pool = PriorityPool(2)

    def boom() -> None:
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        pool.submit(boom).result(timeout=5)
    assert pool.submit(lambda: 41 + 1).result(timeout=5) == 42
    deadline = time.monotonic() + 5
    while not pool.idle() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.idle()
    pool.shutdown()


def test_shutdown_cancels_what_has_not_started() -> None:
    pool = PriorityPool(1)
    gate, running = hold(pool)
    waiting = pool.submit(lambda: "never")
    pool.shutdown(wait=False, cancel_futures=True)
    assert waiting.cancelled()
    gate.set()
    assert running.result(timeout=5) is True
    with pytest.raises(RuntimeError):
        pool.submit(lambda: None)


def test_bulk_work_never_holds_every_thread() -> None:
    pool = PriorityPool(2)
    started, gate = threading.Event(), threading.Event()

    def long_request() -> bool:
        started.set()
        return gate.wait()

    first = pool.submit(long_request)
    assert started.wait(5)
    second = pool.submit(lambda: "second request")
    turn = pool.submit_at(Priority.TURN, lambda: "turn")
    assert turn.result(timeout=5) == "turn"  # the free thread serves the turn at once
    assert not second.done() and pool.queued() == 1  # the other request waits for the first
    gate.set()
    assert first.result(timeout=5) and second.result(timeout=5) == "second request"
    pool.shutdown()


def test_bulk_work_waits_while_a_turn_runs() -> None:
    pool = PriorityPool(2)
    started, gate = threading.Event(), threading.Event()

    def turn() -> bool:
        started.set()
        return gate.wait()

    running = pool.submit_at(Priority.TURN, turn)
    assert started.wait(5)
    request = pool.submit(lambda: "request")
    time.sleep(0.05)
    assert not request.done()  # a free thread, but the turn gets the cores
    gate.set()
    assert running.result(timeout=5) and request.result(timeout=5) == "request"
    pool.shutdown()


def test_sessions_take_turns_within_a_priority() -> None:
    pool = PriorityPool(1)
    order: list[str] = []
    gate, blocker = hold(pool)
    futures = [
        pool.submit_at(Priority.TURN, lambda i=i: order.append(f"a{i}"), key="a") for i in range(3)
    ]
    futures += [pool.submit_at(Priority.TURN, lambda: order.append("b0"), key="b")]
    futures += [pool.submit_at(Priority.TURN, lambda: order.append("c0"), key="c")]
    gate.set()
    for future in [blocker, *futures]:
        future.result(timeout=5)
    # Session a queued three jobs first; b and c are not served after all three of them.
    assert order == ["a0", "b0", "c0", "a1", "a2"]
    later = pool.submit_at(Priority.TURN, lambda: order.append("d0"), key="d")
    later.result(timeout=5)
    assert order[-1] == "d0"
    pool.shutdown()


def test_a_newer_partial_replaces_the_queued_one_of_its_session() -> None:
    pool = PriorityPool(1)
    seen: list[str] = []
    gate, blocker = hold(pool)
    stale = pool.submit_at(Priority.BACKGROUND, lambda: seen.append("a old"), key="a",
                           replace=True)
    other = pool.submit_at(Priority.BACKGROUND, lambda: seen.append("b"), key="b", replace=True)
    fresh = pool.submit_at(Priority.BACKGROUND, lambda: seen.append("a new"), key="a",
                           replace=True)
    assert stale.cancelled() and pool.queued() == 2 and pool.dropped == 1
    gate.set()
    for future in (blocker, other, fresh):
        future.result(timeout=5)
    assert seen == ["b", "a new"]
    pool.shutdown()


def test_background_work_is_thinned_under_load_never_turns() -> None:
    pool = PriorityPool(1)
    gate, _blocker = hold(pool)
    turns = [pool.submit_at(Priority.TURN, lambda: "turn", key=f"s{i}") for i in range(5)]
    partials = [
        pool.submit_at(Priority.BACKGROUND, lambda: "partial", key=f"s{i}") for i in range(5)
    ]
    limit = pool.background_limit
    assert [p.cancelled() for p in partials] == [True] * (5 - limit) + [False] * limit
    assert pool.queued() == 5 + limit and not any(t.cancelled() for t in turns)
    gate.set()
    assert [t.result(timeout=5) for t in turns] == ["turn"] * 5
    assert [p.result(timeout=5) for p in partials[5 - limit:]] == ["partial"] * limit
    pool.shutdown()


def test_fifo_ignores_keys_and_replacement() -> None:
    pool = PriorityPool(1, fifo=True)
    order: list[str] = []
    gate, blocker = hold(pool)
    futures = [
        pool.submit_at(Priority.BACKGROUND, lambda i=i: order.append(f"a{i}"), key="a",
                       replace=True)
        for i in range(2)
    ]
    gate.set()
    for future in [blocker, *futures]:
        future.result(timeout=5)
    assert order == ["a0", "a1"]
    pool.shutdown()


def test_without_fairness_a_priority_is_served_in_arrival_order() -> None:
    pool = PriorityPool(1)
    pool.fair = False
    order: list[str] = []
    gate, blocker = hold(pool)
    futures = [pool.submit_at(Priority.TURN, lambda k=k: order.append(k), key=k[0])
               for k in ("a0", "a1", "b0")]
    gate.set()
    for future in [blocker, *futures]:
        future.result(timeout=5)
    assert order == ["a0", "a1", "b0"]
    pool.shutdown()
