"""Which Host and Origin headers the server answers: the defence against DNS rebinding.

A page on ``attacker.example`` can re-point its own name at 127.0.0.1 and then talk to the local
server as "same-origin"; the browser still sends ``Host: attacker.example``. So every request and
WebSocket handshake must name an allowed host, and a browser Origin must be one of them too.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from sayso.codes import HOST_NOT_ALLOWED, ORIGIN_NOT_ALLOWED
from sayso.server.errors import ApiError
from sayso.server.settings import ServerSettings

LOOPBACK_HOSTS = frozenset({"localhost", "ip6-localhost", "localhost.localdomain"})
WILDCARD_BINDS = frozenset({"0.0.0.0", "::", ""})
ANY = "*"

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def split_host(value: str) -> str:
    """The lower-case name of a ``Host`` value without port, brackets or a trailing dot."""
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8080
        return value[1:].partition("]")[0]
    if value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def host_allowed(settings: ServerSettings, name: str) -> bool:
    """True for loopback names and addresses, the bound host and names the user allowed."""
    allowed = {h.lower().rstrip(".") for h in settings.allowed_hosts}
    if ANY in allowed or name in LOOPBACK_HOSTS or name in allowed:
        return True
    if name == settings.host.strip("[]").lower():
        return True
    ip = _ip(name)
    # Rebinding needs a DNS name; an address typed into the browser is its own origin. So when
    # bound to every interface, any address literal is fine (listing interfaces is brittle).
    return ip is not None and (ip.is_loopback or settings.host.strip("[]") in WILDCARD_BINDS)


def origin_allowed(settings: ServerSettings, origin: str) -> bool:
    """A browser Origin is allowed when listed, or when its host is an allowed host."""
    if origin in settings.allowed_origins or ANY in settings.allowed_origins:
        return True
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False  # "null" (sandboxed frames, file://) and anything odd
    return host_allowed(settings, parts.hostname.rstrip("."))


def refusal(settings: ServerSettings, headers: dict[str, str]) -> ApiError | None:
    """Why a request with these (lower-case) headers is refused, or None when it may proceed."""
    host = headers.get("host")
    # Browsers always send Host, so a request without one is not a rebinding attack.
    if host is not None and not host_allowed(settings, split_host(host)):
        return ApiError(421, f"host {host[:100]!r} is not served here (allow it with --allow-host)",
                        type="permission_error", code=HOST_NOT_ALLOWED, param="Host")
    origin = headers.get("origin")
    if origin is not None and not origin_allowed(settings, origin):
        return ApiError(403, f"origin {origin[:100]!r} is not allowed (allow it with "
                        "--allow-origin)", type="permission_error", code=ORIGIN_NOT_ALLOWED,
                        param="Origin")
    return None


class HostGuard:
    """ASGI middleware: refuse HTTP requests and WebSocket handshakes from disallowed hosts."""

    def __init__(self, app: App, settings: ServerSettings,
                 on_refuse: Callable[[str], None]) -> None:
        self.app = app
        self.settings = settings
        self.on_refuse = on_refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the handshake's headers, then hand over to the app."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        error = refusal(self.settings, headers)
        if error is None:
            await self.app(scope, receive, send)
            return
        self.on_refuse(error.code or "refused")
        if scope["type"] == "http":
            await respond_json(send, "http.response", error)
        elif "websocket.http.response" in scope.get("extensions", {}):
            await respond_json(send, "websocket.http.response", error)
        else:
            await send({"type": "websocket.close", "code": 1008, "reason": error.code})


async def respond_json(send: Send, prefix: str, error: ApiError) -> None:
    """Send `error` as a JSON response; `prefix` is ``http.response`` or the WebSocket denial."""
    body = json.dumps(error.body()).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": f"{prefix}.start", "status": error.status, "headers": headers})
    await send({"type": f"{prefix}.body", "body": body})
