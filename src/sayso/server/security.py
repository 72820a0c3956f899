"""Who may talk to the server: bind check, tokens, failed-auth, rate and concurrency limits.

Host and Origin checks (DNS rebinding) live in `sayso.server.hosts`.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import math
import time
from collections import deque
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from sayso.codes import (
    AUTH_RATE_LIMITED,
    CONCURRENCY_LIMIT_EXCEEDED,
    INVALID_API_KEY,
)
from sayso.errors import ConfigError
from sayso.server.errors import ApiError
from sayso.server.settings import ServerSettings

KEY_PROTOCOL_PREFIX = "openai-insecure-api-key."
"""Browsers cannot set headers on a WebSocket, so OpenAI's browser clients pass the key as a
subprotocol named like this."""

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})
MIN_TOKEN_CHARS = 16
"""Shortest accepted token: 16 random URL-safe characters are ~96 bits, beyond guessing even
without the failed-auth limit."""
AUTH_WINDOW_S = 60.0
"""The failed-auth limit counts failures over this window, seconds."""
MAX_TRACKED_CLIENTS = 10_000
"""Limiter tables forget idle clients beyond this many, so they cannot grow without bound."""


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(settings: ServerSettings) -> None:
    """Refuse a weak token, and to expose the server beyond this machine without a token."""
    if settings.token is not None and len(settings.token) < MIN_TOKEN_CHARS:
        raise ConfigError(
            f"the token is too short ({len(settings.token)} characters; use at least "
            f"{MIN_TOKEN_CHARS}, e.g. from: python -c 'import secrets; "
            "print(secrets.token_urlsafe(24))')"
        )
    if not is_loopback(settings.host) and not settings.token:
        raise ConfigError(
            f"refusing to listen on {settings.host} without a token: "
            "pass --token or set $SAYSO_TOKEN (or bind to 127.0.0.1)"
        )
    # A Unix socket is reachable only through this machine's file system.
    if settings.wyoming_uri and urlsplit(settings.wyoming_uri).scheme != "unix":
        host = urlsplit(settings.wyoming_uri).hostname or ""
        if not is_loopback(host) and not settings.allow_remote_wyoming:
            raise ConfigError(
                f"refusing to serve Wyoming on {host or settings.wyoming_uri}: Wyoming has no "
                "authentication; pass --allow-remote-wyoming if the network is trusted"
            )


def read_token_file(path: str) -> str:
    """The token in `path` (surrounding whitespace removed); one-line `ConfigError` otherwise."""
    try:
        token = Path(path).expanduser().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise ConfigError(f"cannot read the token file {path!r}: {reason}") from None
    if not token or len(token.splitlines()) > 1:
        raise ConfigError(f"the token file {path!r} must hold the token on one line")
    return token


def _matches(given: str | None, expected: str) -> bool:
    # Constant-time comparison, so the token cannot be guessed byte by byte from response times.
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def bearer(headers: Mapping[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def check_http_token(settings: ServerSettings, headers: Mapping[str, str]) -> None:
    """Raise a 401 `ApiError` unless the request carries the configured token."""
    if settings.token and not _matches(bearer(headers), settings.token):
        raise ApiError(
            401,
            "missing or invalid bearer token (send 'Authorization: Bearer <token>')",
            type="authentication_error",
            code=INVALID_API_KEY,
        )


def offered_protocols(headers: Mapping[str, str]) -> list[str]:
    """Subprotocols a WebSocket client offered."""
    raw = headers.get("sec-websocket-protocol", "")
    return [p.strip() for p in raw.split(",") if p.strip()]


def ws_token(headers: Mapping[str, str], query: Mapping[str, str]) -> str | None:
    """The token a WebSocket client sent: query ``token``, bearer header, or key subprotocol."""
    if query.get("token"):
        return query["token"]
    if (token := bearer(headers)) is not None:
        return token
    for proto in offered_protocols(headers):
        if proto.startswith(KEY_PROTOCOL_PREFIX):
            return proto[len(KEY_PROTOCOL_PREFIX) :]
    return None


def ws_token_ok(
    settings: ServerSettings, headers: Mapping[str, str], query: Mapping[str, str]
) -> bool:
    """True when no token is configured or the client sent the right one."""
    return not settings.token or _matches(ws_token(headers, query), settings.token)


def chosen_protocol(headers: Mapping[str, str]) -> str | None:
    """The subprotocol to echo back (browsers drop the connection unless one offered is echoed)."""
    offered = offered_protocols(headers)
    if "realtime" in offered:
        return "realtime"
    plain = [p for p in offered if not p.startswith(KEY_PROTOCOL_PREFIX)]
    return plain[0] if plain else None


class RateLimiter:
    """Token bucket per client: `rate` requests per second sustained, `burst` at once."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        """Spend one request for `client`; False when its bucket is empty."""
        now = time.monotonic()
        tokens, last = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[client] = (tokens, now)
            return False
        self._buckets[client] = (tokens - 1.0, now)
        if len(self._buckets) > MAX_TRACKED_CLIENTS:  # forget idle clients (bounded table)
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60.0}
        return True


class AuthFailures:
    """At most `limit` failed authentications per client in a sliding minute.

    Consulted before the token is compared, so a client past the limit learns nothing from
    further guesses, right or wrong, until its oldest failure leaves the window.
    """

    def __init__(self, limit: int, window_s: float = AUTH_WINDOW_S) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}

    def retry_after(self, client: str) -> int:
        """Whole seconds `client` must wait before it may try again (0: it may try now)."""
        times = self._failures.get(client)
        if not times:
            return 0
        now = time.monotonic()
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if not times:
            del self._failures[client]
            return 0
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(self.window_s - (now - times[0])))

    def check(self, client: str) -> None:
        """Raise a 429 `ApiError` (with ``retry_after``) while `client` is over the limit."""
        if wait := self.retry_after(client):
            raise ApiError(
                429,
                f"too many failed authentications; retry in {wait} s",
                type="rate_limit_error",
                code=AUTH_RATE_LIMITED,
                retry_after=wait,
            )

    def record(self, client: str) -> None:
        """Count one failure for `client`."""
        now = time.monotonic()
        if len(self._failures) > MAX_TRACKED_CLIENTS:
            self._failures = {k: v for k, v in self._failures.items()
                              if v and now - v[-1] < self.window_s}
        self._failures.setdefault(client, deque(maxlen=self.limit)).append(now)


class ConcurrencyLimiter:
    """At most `limit` simultaneous holds per client, and `total` across clients."""

    def __init__(self, limit: int, total: int | None = None) -> None:
        self.limit = limit
        self.total = total
        self.active: dict[str, int] = {}

    @property
    def in_use(self) -> int:
        """Holds across all clients."""
        return sum(self.active.values())

    @property
    def full(self) -> bool:
        """True when the server-wide total is reached (whoever asks)."""
        return self.total is not None and self.in_use >= self.total

    def try_acquire(self, client: str) -> bool:
        """Take one hold for `client`; False when it (or the server) is at the limit."""
        if self.active.get(client, 0) >= self.limit:
            return False
        if self.total is not None and self.in_use >= self.total:
            return False
        self.active[client] = self.active.get(client, 0) + 1
        return True

    def release(self, client: str) -> None:
        """Give one hold back."""
        left = self.active.get(client, 0) - 1
        if left > 0:
            self.active[client] = left
        else:
            self.active.pop(client, None)

    @contextlib.contextmanager
    def hold(self, client: str) -> Iterator[None]:
        """Hold for the duration of the block, or raise a 429 `ApiError`."""
        if not self.try_acquire(client):
            raise ApiError(
                429,
                f"too many concurrent requests (limit {self.limit} per client)",
                type="rate_limit_error",
                code=CONCURRENCY_LIMIT_EXCEEDED,
            )
        try:
            yield
        finally:
            self.release(client)
