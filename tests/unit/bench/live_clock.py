"""Give `sayso.bench.live` a fake clock without touching the `time` and `asyncio` modules."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from sayso.bench import live


class _Asyncio:
    """The real `asyncio`, but for `sleep`."""

    def __init__(self, sleep: Callable[[float], Awaitable[None]]) -> None:
        self.sleep = sleep

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)


def use_clock(monkeypatch: pytest.MonkeyPatch, monotonic: Callable[[], float],
              sleep: Callable[[float], Awaitable[None]]) -> None:
    """Patch only `live`'s names: patching `time.monotonic` or `asyncio.sleep` themselves
    reaches every thread of the test process, and a server an earlier test left running
    advanced the fake clock by minutes (CI rehearsal 17: gaps of 1,160-6,800 s, not 0.04 s)."""
    monkeypatch.setattr(live, "time", types.SimpleNamespace(monotonic=monotonic))
    monkeypatch.setattr(live, "asyncio", _Asyncio(sleep))
