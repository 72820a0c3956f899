"""What every request handler shares: the loaded assistant, settings, metrics and limiters."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from sayso.codes import RATE_LIMIT_EXCEEDED
from sayso.server.errors import ApiError
from sayso.server.metrics import Metrics
from sayso.server.security import (
    AuthFailures,
    ConcurrencyLimiter,
    RateLimiter,
    check_http_token,
)
from sayso.server.settings import ServerSettings

R = TypeVar("R")


@dataclasses.dataclass
class ServerState:
    """Shared by every connection; the assistant's engines are loaded once and used by all."""

    assistant: Any
    settings: ServerSettings
    metrics: Metrics = dataclasses.field(default_factory=Metrics)
    rate: RateLimiter = dataclasses.field(init=False)
    auth_failures: AuthFailures = dataclasses.field(init=False)
    inference: ConcurrencyLimiter = dataclasses.field(init=False)
    sessions: ConcurrencyLimiter = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        s = self.settings
        self.rate = RateLimiter(s.requests_per_second, s.request_burst)
        self.auth_failures = AuthFailures(s.auth_failures_per_minute)
        self.inference = ConcurrencyLimiter(s.max_concurrent_per_client)
        self.sessions = ConcurrencyLimiter(s.max_sessions_per_client, s.max_sessions)

    async def blocking(self, fn: Callable[[], R]) -> R:
        """Run blocking work (decoding, inference) in the assistant's pool, off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.assistant.executor, fn)


def get_state(request: Request) -> ServerState:
    """The app's shared state."""
    state: ServerState = request.app.state.sayso
    return state


def client_key(host: str | None) -> str:
    """Rate limits apply per client address."""
    return host or "unknown"


def authenticate(state: ServerState, key: str, check: Callable[[], None]) -> None:
    """Run the token `check` for client `key`, refused early while it is over the failure limit."""
    state.auth_failures.check(key)
    try:
        check()
    except ApiError:
        state.auth_failures.record(key)
        raise


def authorize(request: Request) -> ServerState:
    """FastAPI dependency: check the failed-auth limit, the token and the client's request rate."""
    state = get_state(request)
    key = client_key(request.client.host if request.client else None)
    authenticate(state, key, lambda: check_http_token(state.settings, request.headers))
    if not state.rate.allow(key):
        raise ApiError(
            429,
            f"rate limit exceeded ({state.settings.requests_per_second:g} requests/s per client)",
            type="rate_limit_error",
            code=RATE_LIMIT_EXCEEDED,
        )
    return state


Authorized = Annotated[ServerState, Depends(authorize)]
"""A handler parameter that checks the token and rate limit and gives the shared state."""
