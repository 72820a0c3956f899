"""Wyoming test clients: the wyoming library's own client, and raw bytes for malformed input."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from wyoming.client import AsyncTcpClient
from wyoming.event import Event, async_read_event

EVENT_TIMEOUT_S = 120.0
"""Generous: two shared cores may be busy with other inference; only a hang should trip it."""


async def ask_port(port: int, *events: Event, until: tuple[str, ...]) -> list[Event]:
    """Send `events` with `AsyncTcpClient`, collect replies until one of type `until` arrives."""
    received: list[Event] = []
    async with AsyncTcpClient("127.0.0.1", port) as client:
        for event in events:
            await client.write_event(event)
        while (event := await asyncio.wait_for(client.read_event(), EVENT_TIMEOUT_S)) is not None:
            received.append(event)
            if event.type in until:
                break
    return received


def frame(header: Any, data: bytes = b"", payload: bytes = b"") -> bytes:
    """One raw frame: `header` as a JSON line (bytes go as they are), then data and payload."""
    line = header if isinstance(header, bytes) else json.dumps(header).encode()
    return line + b"\n" + data + payload


async def exchange(port: int, data: bytes) -> list[Event]:
    """Send raw bytes, close our side, and read every event until the server closes the connection.

    Closing our side ends a frame that promised more bytes than were sent, so every exchange
    finishes without a timeout.
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    events: list[Event] = []
    try:
        with contextlib.suppress(OSError):  # the server may close before reading everything
            writer.write(data)
            await writer.drain()
            writer.write_eof()
        with contextlib.suppress(ConnectionResetError):
            while (event := await asyncio.wait_for(async_read_event(reader),
                                                   EVENT_TIMEOUT_S)) is not None:
                events.append(event)
    finally:
        writer.close()
    return events


def codes(events: list[Event]) -> list[str]:
    """The `code` of every `error` event, in order."""
    return [str(e.data.get("code")) for e in events if e.type == "error"]
