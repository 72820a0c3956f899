"""Fuzz suites: one real server (real engines) without rate limits, and a log watcher.

`SAYSO_FUZZ_COUNT` sets how many inputs each suite sends (small by default so the suites fit the
test run; the long run is e.g. ``SAYSO_FUZZ_COUNT=2500 pytest -m fuzz tests/fuzz``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from sayso.app.assistant import Assistant
from tests.e2e.server.conftest import Running, start_server
from tests.e2e.server.conftest import assistant as assistant

FUZZ_COUNT = int(os.environ.get("SAYSO_FUZZ_COUNT", "100"))
"""Inputs per suite."""
WATCHED_LOGGERS = ("", "uvicorn", "uvicorn.error", "asyncio")
"""Root (the app, asyncio's "Task exception was never retrieved") and uvicorn's own, which does
not propagate to the root."""


class ServerLog(logging.Handler):
    """Keeps every error record and every record with a traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.bad: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.bad.append(record)

    def summary(self) -> list[str]:
        """One line per bad record."""
        return [f"{r.name}: {r.getMessage()[:200]}" for r in self.bad]


@pytest.fixture(scope="session")
def fuzz_server(assistant: Assistant) -> Iterator[Running]:
    """The engines behind no rate limit: the fuzzer is one client sending as fast as it can."""
    running = start_server(assistant, requests_per_second=1e6, request_burst=10**6,
                           max_concurrent_per_client=64)
    yield running
    running.stop()


@pytest.fixture()
def server_log() -> Iterator[ServerLog]:
    """Errors and tracebacks logged anywhere in the process while the test runs."""
    handler = ServerLog()
    loggers = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)
