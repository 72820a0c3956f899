"""A bounded per-connection send queue: a slow or vanished client never stalls anyone else."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any


class SendQueue:
    """Producers `put` without waiting; one sender task drains the queue to the socket."""

    def __init__(self, send: Callable[[str], Awaitable[None]], limit: int) -> None:
        self._send = send
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=limit)
        self.overflowed = asyncio.Event()

    def put(self, message: dict[str, Any]) -> None:
        """Queue one event; when the queue is full the connection is marked for dropping."""
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self.overflowed.set()

    async def run(self) -> None:
        """Send queued events until cancelled (the owner cancels it when `overflowed` is set)."""
        while True:
            message = await self._queue.get()
            await self._send(json.dumps(message, ensure_ascii=False))
