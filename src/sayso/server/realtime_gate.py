"""Admission to ``/v1/realtime``: token (behind the failed-auth limit) and session slots.

Host and Origin were already checked by `sayso.server.hosts.HostGuard`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

from fastapi import WebSocket
from fastapi.responses import JSONResponse

from sayso import codes
from sayso.server.errors import ApiError
from sayso.server.realtime_events import error_event
from sayso.server.security import chosen_protocol, ws_token_ok
from sayso.server.state import ServerState, authenticate, client_key

POLICY_VIOLATION = 1008
TRY_AGAIN_LATER = 1013
RECONNECT_GRACE_S = 2.0
"""How long a new session waits for a slot before 1013: a client that reconnects at once may
arrive before the server has seen its old connection end."""
SLOT_POLL_S = 0.02


class Once:
    """Call a function the first time only (a session slot is released exactly once)."""

    def __init__(self, fn: Callable[[], None]) -> None:
        self._fn: Callable[[], None] | None = fn

    def __call__(self) -> None:
        """Call it, unless already called."""
        fn, self._fn = self._fn, None
        if fn is not None:
            fn()


async def admit(ws: WebSocket, state: ServerState) -> Once | None:
    """Accept the handshake and take a session slot.

    Returns the slot's release, or None when the client was refused (and told why).
    """
    key = client_key(ws.client.host if ws.client else None)
    try:
        authenticate(state, key, lambda: _check_token(state, ws))
    except ApiError as exc:
        state.metrics.error(exc.code or "refused")
        await refuse(ws, exc)
        return None
    await ws.accept(subprotocol=chosen_protocol(ws.headers))
    if not await take_slot(state, key):
        # Accepted first, so the client sees the documented close code 1013 (not a bare 403).
        code, message, extra = refusal(state)
        state.metrics.error(code)
        event = error_event(code, message, type_="server_error")
        event["error"].update(extra)
        await ws.send_text(json.dumps(event))
        await ws.close(code=TRY_AGAIN_LATER, reason=code)
        return None
    return Once(lambda: state.sessions.release(key))


def refusal(state: ServerState) -> tuple[str, str, dict[str, float]]:
    """Why a session was refused: (code, message, extra error fields).

    The machine being full (`server_full`, with a retry hint) is told apart from this client
    holding too many sessions (`too_many_sessions`: retrying does not help until it closes one).
    """
    s = state.settings
    if state.sessions.full:
        message = (f"the server is serving all the sessions it can ({s.max_sessions}); "
                   f"retry in {s.retry_after_s:g} s")
        return codes.SERVER_FULL, message, {"retry_after_s": s.retry_after_s}
    return codes.TOO_MANY_SESSIONS, (f"too many sessions ({s.max_sessions_per_client} per "
                                     "client); close one first"), {}


async def take_slot(state: ServerState, key: str) -> bool:
    """Take a session slot for `key`, waiting up to `RECONNECT_GRACE_S` for one to free."""
    deadline = time.monotonic() + RECONNECT_GRACE_S
    while not state.sessions.try_acquire(key):
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(SLOT_POLL_S)
    return True


def _check_token(state: ServerState, ws: WebSocket) -> None:
    if not ws_token_ok(state.settings, ws.headers, ws.query_params):
        raise ApiError(401, "missing or invalid token", type="authentication_error",
                       code=codes.INVALID_API_KEY)


async def refuse(ws: WebSocket, error: ApiError) -> None:
    """Refuse a handshake with the error's HTTP status and JSON body.

    Needs the ASGI denial-response extension; without it, a policy-violation close (HTTP 403).
    """
    if "websocket.http.response" in ws.scope.get("extensions", {}):
        await ws.send_denial_response(JSONResponse(error.body(), status_code=error.status,
                                                   headers=error.headers()))
    else:
        await ws.close(code=POLICY_VIOLATION, reason=error.code or "")
