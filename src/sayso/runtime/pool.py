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

Many sessions share the pool, so within one priority jobs are served **round-robin by `key`**
(the session id): a session that queues five jobs does not make the next session wait for all five
(start-time fair queuing: a job's tag is one past its key's previous tag, or past the tag last
served at that priority, whichever is later). A job submitted with `replace=True` **replaces its
key's queued job of the same priority** (which is cancelled, never run): a session's stale partial
transcript makes way for its newer one instead of queueing behind it. `BACKGROUND` work is also
bounded in number (`background_limit`): beyond it the oldest queued job is dropped, so partials
are thinned under load rather than served late.

`fifo=True` (or setting `pool.fifo` before work arrives) serves every job in arrival order, as a
plain pool would: `sayso bench live --fifo` uses it to show what the priorities buy.
"""

from __future__ import annotations

import atexit
import enum
import heapq
import itertools
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, ParamSpec, TypeVar

from sayso.runtime.busy import BusyWindow

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


Key = str | None
"""Whose job it is (a session id); None is one shared key (CLI, server requests)."""
_Item = tuple[int, int, int, Future[Any], Callable[[], Any], Key]
"""(priority, fair tag, arrival, future, job, key): heap order is priority, tag, arrival."""
BACKGROUND_PER_WORKER = 2
"""Queued `BACKGROUND` jobs allowed per thread before the oldest is dropped."""
EXIT_JOIN_S = 30.0
"""At interpreter exit, how long each pool thread may take to finish its running job, s."""
_LIVE: weakref.WeakSet[PriorityPool] = weakref.WeakSet()


@atexit.register
def _finish_at_exit() -> None:
    """Let running model calls end before the interpreter finalises.

    The threads are daemons (a hung call must not hold the process), but a daemon thread that
    is inside ONNX Runtime or CTranslate2 when the interpreter finalises is killed as it
    retakes the GIL, and the unwind through the library's C++ frames aborts the process
    ("terminate called without an active exception", exit 134: seen after a passing test run).
    Queued jobs are dropped; the running ones get `EXIT_JOIN_S`.
    """
    for pool in list(_LIVE):
        pool.shutdown(wait=False, cancel_futures=True)
    for pool in list(_LIVE):
        for thread in pool._threads:
            thread.join(EXIT_JOIN_S)


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
        self.background_limit = BACKGROUND_PER_WORKER * workers
        """Queued `BACKGROUND` jobs at most; a newer one drops the oldest (stale partials)."""
        self.fair = True
        """Round-robin between keys within a priority; False: arrival order (a benchmark's
        baseline for what fairness buys)."""
        self.dropped = 0
        """Jobs dropped unrun so far (replaced by a newer one of their key, or over the limit)."""
        self._served_tag: dict[int, int] = {}
        """Per priority: the fair tag of the job served last (the round being served)."""
        self._key_tag: dict[tuple[int, Key], int] = {}
        """Per (priority, key): the tag of its newest queued job."""
        self._urgent = BusyWindow()
        """Recent thread-time of urgent work (`urgent_share`: partials wait for slack)."""
        self._closed = False
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()
        _LIVE.add(self)

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Queue `fn(*args, **kwargs)` at `Priority.REQUEST`."""
        return self.submit_at(Priority.REQUEST, lambda: fn(*args, **kwargs))

    def submit_at(
        self, priority: Priority, fn: Callable[[], R], *, key: Key = None, replace: bool = False
    ) -> Future[R]:
        """Queue `fn()` at `priority` for `key`; `replace` drops `key`'s queued job there first."""
        future: Future[R] = Future()
        with self._cond:
            if self._closed:
                raise RuntimeError("the inference pool is shut down")
            rank = int(Priority.TURN if self.fifo else priority)
            if replace and not self.fifo:
                self._drop(lambda item: item[0] == rank and item[5] == key)
            if rank == Priority.BACKGROUND and not self.fifo:
                self._thin()
            tag = self._tag(rank, key) if self.fair and not self.fifo else 0
            heapq.heappush(self._queue, (rank, tag, next(self._order), future, fn, key))
            self._cond.notify()
        return future

    def _tag(self, rank: int, key: Key) -> int:
        """The next fair tag of `key` at `rank` (round-robin between keys)."""
        tag = max(self._served_tag.get(rank, 0), self._key_tag.get((rank, key), 0)) + 1
        self._key_tag[(rank, key)] = tag
        return tag

    def _drop(self, match: Callable[[_Item], bool]) -> None:
        """Cancel and unqueue the queued jobs `match` picks (called with the lock held)."""
        kept = [item for item in self._queue if not match(item)]
        if len(kept) == len(self._queue):
            return
        for item in self._queue:
            if match(item):
                item[3].cancel()
                self.dropped += 1
                if self._key_tag.get((item[0], item[5])) == item[1]:
                    del self._key_tag[(item[0], item[5])]
        self._queue[:] = kept
        heapq.heapify(self._queue)

    def _thin(self) -> None:
        """Make room for one more `BACKGROUND` job: drop the oldest beyond the limit."""
        background = [item for item in self._queue if item[0] == Priority.BACKGROUND]
        if len(background) >= self.background_limit:
            oldest = min(background, key=lambda item: item[2])
            self._drop(lambda item: item is oldest)

    def at(self, priority: Priority, *, key: Key = None) -> Executor:
        """An executor that submits to this pool at `priority`, for `key`."""
        return _At(self, priority, key)

    def idle(self) -> bool:
        """True when a job submitted now would start at once (a thread is free, none waits)."""
        with self._cond:
            return not self._queue and self._busy < len(self._threads)

    def urgent_share(self) -> float:
        """Thread-seconds per second spent on turns and checks lately (`runtime/busy.py`)."""
        with self._cond:
            return self._urgent.share()

    def queued(self) -> int:
        """Jobs waiting for a thread."""
        with self._cond:
            return len(self._queue)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop taking work; `cancel_futures` drops what has not started."""
        with self._cond:
            self._closed = True
            if cancel_futures:
                for item in self._queue:
                    item[3].cancel()
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
                rank, tag, _n, future, fn, key = heapq.heappop(self._queue)
                self._served(rank, tag, key)
                bulk = not self.fifo and rank >= Priority.REQUEST
                self._busy += 1
                self._busy_bulk += bulk
                token = self._urgent.started() if rank < Priority.REQUEST else 0
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
                    self._urgent.finished(token)
                    self._cond.notify_all()  # a capped bulk job may start now

    def _served(self, rank: int, tag: int, key: Key) -> None:
        """Advance the round of `rank`; forget a key with nothing queued (the lock is held)."""
        self._served_tag[rank] = max(self._served_tag.get(rank, 0), tag)
        if self._key_tag.get((rank, key)) == tag:
            del self._key_tag[(rank, key)]  # its next job starts from the current round


class _At(Executor):
    """A view of a `PriorityPool` at one priority, for one key."""

    def __init__(self, pool: PriorityPool, priority: Priority, key: Key = None) -> None:
        self.pool = pool
        self.priority = priority
        self.key = key

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Queue `fn(*args, **kwargs)` at this view's priority."""
        return self.pool.submit_at(self.priority, lambda: fn(*args, **kwargs), key=self.key)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """A view owns no threads: shutting the pool down is its owner's job."""
