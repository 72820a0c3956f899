"""Admission control on a real server: a full machine refuses the next session with a retry hint
(Realtime and Wyoming alike) and admits one again as soon as a session leaves."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from wyoming.info import Describe

from sayso.app.assistant import Assistant
from sayso.server.settings import RETRY_AFTER_S
from tests.e2e.server.conftest import Running, free_port, start_server
from tests.e2e.server.rt_client import RealtimeClient
from tests.e2e.server.wyoming_client import ask_port, codes, exchange

pytestmark = pytest.mark.slow
CAPACITY = 2


@pytest.fixture()
def small(assistant: Assistant) -> Iterator[Running]:
    running = start_server(assistant, max_sessions=CAPACITY, wyoming_port=free_port())
    yield running
    running.stop()


async def refused(url: str) -> tuple[dict[str, object], int | None]:
    """Connect over capacity: the error the server sent and its close code."""
    async with connect(f"{url}/v1/realtime") as extra:
        event = json.loads(await extra.recv())
        with pytest.raises(ConnectionClosed) as closed:
            await extra.recv()
    assert event["type"] == "error"
    return event["error"], closed.value.rcvd.code if closed.value.rcvd else None


async def test_the_session_over_capacity_is_told_to_retry_later(small: Running) -> None:
    assert small.wyoming_port is not None
    admitted = [await RealtimeClient.open(small.ws_url) for _ in range(CAPACITY)]
    error, close_code = await refused(small.ws_url)
    assert error["code"] == "server_full" and close_code == 1013
    assert error["retry_after_s"] == RETRY_AFTER_S and "retry" in str(error["message"])
    wyoming = await exchange(small.wyoming_port, b"")
    assert codes(wyoming) == ["server_full"]
    assert wyoming[0].data["retry_after_s"] == RETRY_AFTER_S

    await admitted.pop().close()  # one leaves: the next one is admitted
    admitted.append(await RealtimeClient.open(small.ws_url))
    await admitted[-1].say_text("what time is it")  # read-only: shared state stays as it was
    await admitted[-1].expect("response.done")  # and served
    await admitted.pop().close()
    info = await ask_port(small.wyoming_port, Describe().event(), until=("info",))
    assert [e.type for e in info] == ["info"]
    for client in admitted:
        await client.close()
