"""How busy the inference pool has been with urgent work lately: the signal that thins partials.

A partial transcript started on an idle pool cannot be stopped once it runs (CTranslate2 calls
are not interruptible), and the Whisper model serves one call at a time: a turn of another
session that arrives a moment later waits for it. With one or two sessions that is rare; with 8,
each speaking a command every ~10 s, partials made every turn's recognition about twice as slow
(BENCHMARKS.md, "Many sessions, round 4"). So partials run only while the pool has had slack:
`BusyWindow.share` is the thread-time spent on urgent work (turns, barge-in checks) over the last
`window_s` seconds, per second (0 = none, 1 = one thread busy all the time).
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable

WINDOW_S: float = 3.0
"""How far back urgent work counts, seconds (a few turns' worth at 8 sessions)."""


class BusyWindow:
    """Thread-time of urgent jobs over a sliding window (not thread-safe: the pool's lock)."""

    def __init__(self, window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic):
        self.window_s = window_s
        self.clock = clock
        self._done: collections.deque[tuple[float, float]] = collections.deque()
        """(start, end) of finished jobs that may still overlap the window."""
        self._running: dict[int, float] = {}
        """Start time of each running job, by a token from `started`."""
        self._tokens = 0

    def started(self) -> int:
        """An urgent job starts now; returns the token to hand to `finished`."""
        self._tokens += 1
        self._running[self._tokens] = self.clock()
        return self._tokens

    def finished(self, token: int) -> None:
        """The job of `token` ended now."""
        start = self._running.pop(token, None)
        if start is not None:
            self._done.append((start, self.clock()))

    def share(self) -> float:
        """Urgent thread-seconds per second over the last `window_s`."""
        now = self.clock()
        since = now - self.window_s
        while self._done and self._done[0][1] <= since:
            self._done.popleft()
        busy = sum(end - max(start, since) for start, end in self._done if end > since)
        busy += sum(now - max(start, since) for start in self._running.values())
        return busy / self.window_s
