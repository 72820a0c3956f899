"""The benchmark's simulated users in a process of their own, as real users would be.

`sayso bench live` runs the server in its own process. Clients streaming 40 ms chunks in real
time are Python work too (resampling, base64, JSON, WebSocket frames): 8 of them in the server's
process held the interpreter lock about as long as the server's own event loop did, so the
server answered late because of its own benchmark. A spawned process runs them instead (no model
is imported there); `--clients-in-process` keeps them in the server process for comparison.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable, Coroutine
from concurrent.futures import ProcessPoolExecutor
from typing import Any

Results = list[dict[str, Any]]
Crowd = Callable[[], Coroutine[Any, Any, Results]]
"""The simulated users: `bench.live.run_concurrent` with its arguments bound (a
`functools.partial`, so it can be pickled to the clients' process)."""


def run_clients(crowd: Crowd, *, separate: bool = True) -> Results:
    """Run `crowd` to completion: in a spawned process (`separate`) or in this one."""
    if not separate:
        return _run(crowd)
    context = multiprocessing.get_context("spawn")  # no fork of a process holding model threads
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as clients:
        return clients.submit(_run, crowd).result()


def _run(crowd: Crowd) -> Results:
    """The client process's job (module level: it is pickled by name)."""
    return asyncio.run(crowd())
