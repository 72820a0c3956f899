"""Background load for `sayso bench live --tts-load N`: maximal speech requests, RSS peaks.

N clients POST `/v1/audio/speech` with the longest allowed text (issue 11's reproducer: 4,096
characters, no punctuation), read each streamed WAV to its end and start the next one, until the
live sessions they disturb are done; the request in flight then is dropped (counted as stopped).
`RssPeak` polls this process's resident memory from a thread, so a busy event loop cannot hide a
peak.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType
from typing import Final

MAX_SPEECH_TEXT: Final[str] = ("word " * 819)[:4096]
"""The longest text `/v1/audio/speech` accepts, without punctuation to split it on."""
REQUEST_TIMEOUT_S: Final[float] = 300.0
"""Longest one speech request may take before it counts as failed, seconds."""
READY_TIMEOUT_S: Final[float] = 60.0
"""Longest wait for every load client's first audio bytes before the sessions start, seconds."""
RETRY_PAUSE_S: Final[float] = 0.5
"""Pause after a failed request, so a refusing server is not hammered, seconds."""
RSS_POLL_S: Final[float] = 0.1
KIB_PER_MIB: Final[int] = 1024

OnData = Callable[[int], None]
Requester = Callable[[OnData], Awaitable[None]]
"""One whole speech request: calls `on_data(n)` per body chunk of n bytes, raises on failure."""


@dataclasses.dataclass
class SpeechStats:
    """What the load clients got."""

    completed_s: list[float] = dataclasses.field(default_factory=list)
    """Duration of each request read to its end, seconds."""
    stopped: int = 0
    """Requests in flight when the sessions were done (dropped, not failures)."""
    failed: list[str] = dataclasses.field(default_factory=list)
    """One line per failed request (status or error)."""
    body_bytes: int = 0
    """Audio bytes received in all, headers included."""


class TtsLoad:
    """`clients` loops of `request` running in the background while the `async with` body runs."""

    def __init__(self, request: Requester, clients: int) -> None:
        self.request = request
        self.stats = SpeechStats()
        self._stop = asyncio.Event()
        self._ready = [asyncio.Event() for _ in range(clients)]
        self._tasks: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> TtsLoad:
        """Start the clients; return once each receives audio (or `READY_TIMEOUT_S` passed)."""
        self._tasks = [asyncio.create_task(self._loop(ready)) for ready in self._ready]
        waits = [asyncio.create_task(ready.wait()) for ready in self._ready]
        _done, pending = await asyncio.wait(waits, timeout=READY_TIMEOUT_S)
        for wait in pending:
            wait.cancel()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop every client (dropping the requests in flight) and wait for them."""
        self._stop.set()
        await asyncio.gather(*self._tasks)

    async def _loop(self, ready: asyncio.Event) -> None:
        def on_data(n: int) -> None:
            self.stats.body_bytes += n
            ready.set()

        stop = asyncio.create_task(self._stop.wait())
        try:
            while not self._stop.is_set():
                start = time.monotonic()
                request = asyncio.wait_for(self.request(on_data), REQUEST_TIMEOUT_S)
                job = asyncio.create_task(request)
                await asyncio.wait([job, stop], return_when=asyncio.FIRST_COMPLETED)
                if not job.done():
                    job.cancel()
                    await asyncio.gather(job, return_exceptions=True)
                    self.stats.stopped += 1
                elif (error := job.exception()) is not None:
                    ready.set()  # a refusing server must not hold the sessions back
                    self.stats.failed.append(f"{type(error).__name__}: {error}"[:200])
                    await asyncio.wait([stop], timeout=RETRY_PAUSE_S)
                else:
                    self.stats.completed_s.append(time.monotonic() - start)
        finally:
            stop.cancel()


def http_speech(base_url: str) -> Requester:
    """A `Requester` posting `MAX_SPEECH_TEXT` as streamed WAV to the server at `base_url`."""
    import httpx

    body = {"input": MAX_SPEECH_TEXT, "response_format": "wav"}

    async def request(on_data: OnData) -> None:
        async with (
            httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_S) as client,
            client.stream("POST", "/v1/audio/speech", json=body) as response,
        ):
            if response.status_code != httpx.codes.OK:
                await response.aread()
                raise RuntimeError(f"HTTP {response.status_code}: {response.text[:120]}")
            async for chunk in response.aiter_bytes():
                on_data(len(chunk))

    return request


def rss_mib() -> float | None:
    """Resident memory of this process now (VmRSS), MiB; None where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / KIB_PER_MIB
    except OSError:
        pass
    return None


class RssPeak:
    """The highest VmRSS seen while the `with` body runs (polled every `RSS_POLL_S`)."""

    def __init__(self) -> None:
        self.peak_mib: float | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True, name="sayso-bench-rss")

    def __enter__(self) -> RssPeak:
        """Start polling."""
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop polling."""
        self._done.set()
        self._thread.join()

    def _poll(self) -> None:
        while True:
            now = rss_mib()
            if now is not None and (self.peak_mib is None or now > self.peak_mib):
                self.peak_mib = now
            if self._done.wait(RSS_POLL_S):
                return
