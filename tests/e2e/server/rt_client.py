"""A small Realtime protocol client for the tests (websockets + JSON events)."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import numpy as np
from websockets.asyncio.client import ClientConnection, connect

from sayso.audio.io import pcm16_bytes, resample
from sayso.constants import SAMPLE_RATE

WIRE_RATE = 24_000
CHUNK_S = 0.04
EVENT_TIMEOUT_S = 60.0  # generous: two shared cores may be busy with other sessions' inference


class RealtimeClient:
    """Sends client events, keeps every server event it has read."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []

    @classmethod
    async def open(cls, url: str, **kwargs: Any) -> RealtimeClient:
        client = cls(await connect(f"{url}/v1/realtime", max_size=None, **kwargs))
        await client.expect("session.created")
        return client

    async def send(self, type_: str, **fields: Any) -> None:
        await self.ws.send(json.dumps({"type": type_, **fields}))

    async def next(self, wait_s: float = EVENT_TIMEOUT_S) -> dict[str, Any]:
        event: dict[str, Any] = json.loads(await asyncio.wait_for(self.ws.recv(), wait_s))
        self.seen.append(event)
        return event

    async def expect(self, *types: str, wait_s: float = EVENT_TIMEOUT_S) -> dict[str, Any]:
        """Read until an event of one of `types` arrives; return it."""
        while True:
            event = await self.next(wait_s)
            if event["type"] in types:
                return event

    def types(self) -> list[str]:
        return [e["type"] for e in self.seen]

    async def say_text(self, text: str) -> None:
        content = [{"type": "input_text", "text": text}]
        await self.send("conversation.item.create",
                        item={"type": "message", "role": "user", "content": content})
        await self.send("response.create")

    async def send_audio(self, samples: np.ndarray, rate: int = WIRE_RATE) -> None:
        """16 kHz float32 `samples`, sent as pcm16 at `rate` in 40 ms appends."""
        wire = resample(samples, SAMPLE_RATE, rate) if rate != SAMPLE_RATE else samples
        step = round(rate * CHUNK_S)
        for i in range(0, len(wire), step):
            audio = base64.b64encode(pcm16_bytes(wire[i : i + step])).decode("ascii")
            await self.send("input_audio_buffer.append", audio=audio)

    async def close(self) -> None:
        await self.ws.close()
