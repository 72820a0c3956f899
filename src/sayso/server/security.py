"""Who may talk to the server: bind check, tokens, Origin check, rate and concurrency limits."""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import time
from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

from sayso.errors import ConfigError
from sayso.server.errors import ApiError
from sayso.server.settings import ServerSettings

KEY_PROTOCOL_PREFIX = "openai-insecure-api-key."
"""Browsers cannot set headers on a WebSocket, so OpenAI's browser clients pass the key as a
subprotocol named like this."""

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


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
    """Refuse to expose the server beyond this machine without a token."""
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
            code="invalid_api_key",
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


def origin_ok(settings: ServerSettings, headers: Mapping[str, str]) -> bool:
    """Same-origin or allow-listed Origin; clients that send no Origin (not browsers) pass."""
    origin = headers.get("origin")
    if origin is None:
        return True
    if origin in settings.allowed_origins or "*" in settings.allowed_origins:
        return True
    return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


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
        if len(self._buckets) > 10_000:  # forget idle clients so the table cannot grow unbounded
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60.0}
        return True


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
                code="concurrency_limit_exceeded",
            )
        try:
            yield
        finally:
            self.release(client)
