"""The catch-all middleware: a bug is one JSON 500 with a code, counted once."""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from typing import Any

import pytest

from sayso.server.app import LastResort

Message = MutableMapping[str, Any]


async def _receive() -> Message:
    return {"type": "http.request", "body": b""}


async def _run(app: Any) -> tuple[list[Message], list[str]]:
    sent: list[Message] = []
    errors: list[str] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await LastResort(app, errors.append)({"type": "http", "path": "/x"}, _receive, send)
    return sent, errors


async def test_a_bug_before_the_response_is_a_json_500() -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise ZeroDivisionError

    sent, errors = await _run(broken)
    assert sent[0]["status"] == 500 and errors == ["internal_error"]
    assert json.loads(sent[1]["body"])["error"]["code"] == "internal_error"


async def test_a_bug_after_the_response_started_is_left_to_the_server() -> None:
    async def half(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        await _run(half)
