"""The sayso server run in this process on a free loopback port (uvicorn in a thread)."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from typing import Any, Final

from sayso.errors import EngineUnavailable

STARTUP_TIMEOUT_S: Final[float] = 60.0
POLL_S: Final[float] = 0.05
STOP_TIMEOUT_S: Final[float] = 10.0


@dataclasses.dataclass
class RunningServer:
    """A server serving in a background thread until `stop()`."""

    ws_url: str
    server: Any
    thread: threading.Thread

    @property
    def http_url(self) -> str:
        """The same server's HTTP base address."""
        return "http://" + self.ws_url.removeprefix("ws://")

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for the thread."""
        self.server.should_exit = True
        self.thread.join(timeout=STOP_TIMEOUT_S)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


BENCH_SESSIONS: Final[int] = 64
"""Realtime sessions (and REST requests in flight) one client may hold: every benchmark client
shares the loopback address."""


def start_server(assistant: Any, max_sessions: int | None = None) -> RunningServer:
    """Serve `assistant` (loaded) on 127.0.0.1; returns once the server accepts connections.

    The per-client session and request limits are raised: all simulated users connect from one
    address. `max_sessions` is the machine-wide admission limit (None: the server's default, 4
    per core), so a count above it shows sessions refused.
    """
    import uvicorn

    from sayso.server.app import create_app
    from sayso.server.settings import ServerSettings, default_max_sessions

    port = free_port()
    settings = ServerSettings(
        port=port,
        max_sessions_per_client=BENCH_SESSIONS,
        max_sessions=max_sessions or default_max_sessions(),
        max_concurrent_per_client=BENCH_SESSIONS,
    )
    config = uvicorn.Config(
        create_app(assistant, settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws_max_size=settings.ws_hard_limit_bytes,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name="sayso-bench-server")
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise EngineUnavailable("the sayso server did not start")
        time.sleep(POLL_S)
    return RunningServer(f"ws://127.0.0.1:{port}", server, thread)
