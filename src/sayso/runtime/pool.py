"""The inference pool: a fixed set of threads that serve blocking model calls by priority.

Two cores run two inference calls at a time; everything else waits in one queue. A plain FIFO pool
lets a long request (a 4,000-character speech synthesis, a 60 s transcription) or a burst of
partial transcripts delay the turn of every live session behind it. Here the queue is ordered by
`Priority` (then by arrival), so a session's final turn is served before the next piece of a long
request, and partial transcripts only get the threads nobody else wants. Ordering alone is not
enough when bulk work already holds every thread (two pieces of two long syntheses on two
threads): so `REQUEST` and `BACKGROUND` work may hold at most `workers - 1` threads at once, and
starts only while no turn runs — a turn always finds a thread, and the cores, free within one
piece of bulk work.

It is a `concurrent.futures.Executor`, so `loop.run_in_executor(pool, fn)` works (at
`Priority.REQUEST`); `pool.at(priority)` is an executor view that submits at another priority, for
stages built for one kind of work (`Assistant.reply_stages` for a live session).

`fifo=True` (or setting `pool.fifo` before work arrives) serves every job in arrival order, as a
plain pool would: `sayso bench live --fifo` uses it to show what the priorities buy.
"""

from __future__ import annotations

import enum
import heapq
import itertools
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Priority(enum.IntEnum):
    """Lower values are served first."""

    TURN = 0
    """A live session's turn: final and speculative recognition, understanding, its reply."""
    INTERACTIVE = 1
    """Short checks a session waits on (barge-in), one-shot CLI turns."""
    REQUEST = 2
    """Server requests (REST transcription and speech, Wyoming): long ones must not starve turns."""
    BACKGROUND = 3
    """Partial transcripts and other work that may wait or be dropped."""


_Item = tuple[int, int, Future[Any], Callable[[], Any]]


class PriorityPool(Executor):
    """A bounded thread pool whose queue is ordered by priority, then arrival."""

    def __init__(self, workers: int, *, name: str = "sayso-infer", fifo: bool = False) -> None:
        self.fifo = fifo
        """Ignore priorities (arrival order only): the baseline a benchmark compares against."""
        self._queue: list[_Item] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._busy = 0
        self._busy_bulk = 0
        self.bulk_limit = max(1, workers - 1)
        """Threads that `REQUEST` and `BACKGROUND` work may hold at once: the rest stay free for
        turns, so a long request can delay a live session by at most one piece of work."""
        self.bulk_yields = True
        """Bulk work starts only while no turn runs: the models use every core for one call, so
        a speech piece started beside a turn would halve the turn's speed. Bulk work fills the
        gaps between turns instead."""
        self._closed = False
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Queue `fn(*args, **kwargs)` at `Priority.REQUEST`."""
        return self.submit_at(Priority.REQUEST, lambda: fn(*args, **kwargs))

    def submit_at(self, priority: Priority, fn: Callable[[], R]) -> Future[R]:
        """Queue `fn()` at `priority`."""
        future: Future[R] = Future()
        with self._cond:
            if self._closed:
                raise RuntimeError("the inference pool is shut down")
            rank = Priority.TURN if self.fifo else priority
            heapq.heappush(self._queue, (int(rank), next(self._order), future, fn))
            self._cond.notify()
        return future

    def at(self, priority: Priority) -> Executor:
        """An executor that submits to this pool at `priority`."""
        return _At(self, priority)

    def idle(self) -> bool:
        """True when a job submitted now would start at once (a thread is free, none waits)."""
        with self._cond:
            return not self._queue and self._busy < len(self._threads)

    def queued(self) -> int:
        """Jobs waiting for a thread."""
        with self._cond:
            return len(self._queue)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop taking work; `cancel_futures` drops what has not started."""
        with self._cond:
            self._closed = True
            if cancel_futures:
                for _p, _n, future, _fn in self._queue:
                    future.cancel()
                self._queue.clear()
            self._cond.notify_all()
        if wait:
            for thread in self._threads:
                thread.join()

    def _ready(self) -> bool:
        """A queued job may start now (the most urgent one; bulk work only under its limit)."""
        if not self._queue:
            return False
        bulk = self._queue[0][0] >= Priority.REQUEST
        if self.fifo or not bulk:
            return True
        urgent_running = self._busy - self._busy_bulk
        return self._busy_bulk < self.bulk_limit and not (self.bulk_yields and urgent_running)

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._ready() and not (self._closed and not self._queue):
                    self._cond.wait()
                if not self._queue:
                    return  # closed and drained
                rank, _n, future, fn = heapq.heappop(self._queue)
                bulk = not self.fifo and rank >= Priority.REQUEST
                self._busy += 1
                self._busy_bulk += bulk
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(fn())
                    except BaseException as exc:  # handed to the waiter, never lost
                        future.set_exception(exc)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._busy_bulk -= bulk
                    self._cond.notify_all()  # a capped bulk job may start now


class _At(Executor):
    """A view of a `PriorityPool` at one priority."""

    def __init__(self, pool: PriorityPool, priority: Priority) -> None:
        self.pool = pool
        self.priority = priority

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Queue `fn(*args, **kwargs)` at this view's priority."""
        return self.pool.submit_at(self.priority, lambda: fn(*args, **kwargs))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """A view owns no threads: shutting the pool down is its owner's job."""
