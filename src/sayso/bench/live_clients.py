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
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from sayso.bench.live import run_concurrent


def run_clients(
    url: str,
    commands: Sequence[np.ndarray],
    interruption: np.ndarray,
    n: int,
    *,
    turns: int = 1,
    period_s: float = 0.0,
    separate: bool = True,
) -> list[dict[str, Any]]:
    """`run_concurrent` to completion: in a spawned process (`separate`) or in this one."""
    if not separate:
        return asyncio.run(
            run_concurrent(url, commands, interruption, n, turns=turns, period_s=period_s)
        )
    context = multiprocessing.get_context("spawn")  # no fork of a process holding model threads
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as clients:
        job = clients.submit(_run, url, list(commands), interruption, n, turns, period_s)
        return job.result()


def _run(
    url: str,
    commands: list[np.ndarray],
    interruption: np.ndarray,
    n: int,
    turns: int,
    period_s: float,
) -> list[dict[str, Any]]:
    """The client process's job (module level: it is pickled by name)."""
    return asyncio.run(
        run_concurrent(url, commands, interruption, n, turns=turns, period_s=period_s)
    )
