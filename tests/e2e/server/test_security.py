"""Access control on a real server: Host allow-list (DNS rebinding), Origin, failed-auth limit,
the schema behind the token, session capacity and fast reconnects."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from sayso.actions.store import Store
from sayso.app.assistant import Assistant
from sayso.config import Settings
from sayso.errors import ConfigError
from sayso.server.app import create_app
from sayso.server.settings import ServerSettings
from tests.e2e.server.conftest import GUARD_TOKEN, Running, free_port, start_server
from tests.e2e.server.rt_client import RealtimeClient

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[3]
TOKEN = GUARD_TOKEN
ATTACKER = "attacker.example:8080"


def _code(response: httpx.Response) -> str:
    code: str = response.json()["error"]["code"]
    return code


async def _ws_refusal(port: int, host: str, **kwargs: object) -> InvalidStatus:
    """Open a WebSocket to the local server while naming `host` in the Host header."""
    sock = socket.create_connection(("127.0.0.1", port))
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"ws://{host}/v1/realtime", sock=sock, **kwargs)  # type: ignore[arg-type]
    sock.close()
    return refused.value


def test_rebinding_host_is_refused(server: Running) -> None:
    """The issue's reproducer: `curl -H 'Host: attacker.example:8080' …/v1/home` answered 200."""
    refused = httpx.get(f"{server.url}/v1/home", headers={"Host": ATTACKER})
    assert refused.status_code == 421 and _code(refused) == "host_not_allowed"
    for path in ("/", "/health", "/static/app.js", "/openapi.json"):
        assert httpx.get(f"{server.url}{path}", headers={"Host": ATTACKER}).status_code == 421
    for host in ("localhost", f"localhost:{server.port}", "127.0.0.1:1", "[::1]:9", "LOCALHOST."):
        assert httpx.get(f"{server.url}/v1/home", headers={"Host": host}).status_code == 200


async def test_rebinding_websocket_is_refused(server: Running) -> None:
    """The issue's reproducer: Host and Origin both the attacker's got a session."""
    refused = await _ws_refusal(server.port, ATTACKER, origin=f"http://{ATTACKER}")
    assert refused.response.status_code == 421
    assert json.loads(refused.response.body or b"{}")["error"]["code"] == "host_not_allowed"
    # Same-host Origin is not enough: the Origin itself must be on the allow-list.
    refused = await _ws_refusal(server.port, f"127.0.0.1:{server.port}",
                                origin=f"http://{ATTACKER}")
    assert refused.response.status_code == 403
    assert json.loads(refused.response.body or b"{}")["error"]["code"] == "origin_not_allowed"


def test_cross_site_http_is_refused(server: Running) -> None:
    """A page elsewhere may not drive the REST API through the user's browser either."""
    page = {"Origin": "http://evil.example", "Content-Type": "application/json"}
    refused = httpx.post(f"{server.url}/v1/audio/speech", headers=page, content=b"{}")
    assert refused.status_code == 403 and _code(refused) == "origin_not_allowed"
    same = {"Origin": f"http://localhost:{server.port}"}
    assert httpx.get(f"{server.url}/v1/home", headers=same).status_code == 200


@pytest.fixture()
def lan(assistant: Assistant) -> Iterator[Running]:
    running = start_server(assistant, allowed_hosts=("sayso.lan",),
                           auth_failures_per_minute=3, token=TOKEN)
    yield running
    running.stop()


async def test_allowed_host_and_failed_auth_limit(lan: Running) -> None:
    http = httpx.AsyncClient(base_url=lan.url)
    auth = {"Authorization": f"Bearer {TOKEN}", "Host": "sayso.lan:8080"}
    assert (await http.get("/v1/home", headers=auth)).status_code == 200
    origin = f"http://sayso.lan:{lan.port}"
    sock = socket.create_connection(("127.0.0.1", lan.port))
    async with connect(f"ws://sayso.lan:{lan.port}/v1/realtime?token={TOKEN}", sock=sock,
                       origin=origin) as ws:  # type: ignore[arg-type]
        assert json.loads(await ws.recv())["type"] == "session.created"
    # Three wrong tokens, then even the right one waits (the limit runs before the check).
    statuses = [(await http.get("/v1/home", headers={"Authorization": f"Bearer x{i}"}))
                .status_code for i in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    limited = await http.get("/v1/home", headers={"Authorization": f"Bearer {TOKEN}"})
    assert limited.status_code == 429 and _code(limited) == "auth_rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"{lan.ws_url}/v1/realtime?token={TOKEN}")
    assert refused.value.response.status_code == 429
    await http.aclose()


def test_schema_behind_the_token(guarded: Running, server: Running) -> None:
    assert httpx.get(f"{guarded.url}/openapi.json").status_code == 401
    schema = httpx.get(f"{guarded.url}/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"})
    assert "/v1/audio/speech" in schema.json()["paths"]
    assert httpx.get(f"{server.url}/openapi.json").status_code == 200
    assert httpx.get(f"{server.url}/docs").status_code == 404


def test_short_token_is_refused(assistant: Assistant) -> None:
    with pytest.raises(ConfigError, match="too short"):
        create_app(assistant, ServerSettings(token="short"))


@pytest.fixture()
def one_session(assistant: Assistant) -> Iterator[Running]:
    running = start_server(assistant, max_sessions_per_client=1)
    yield running
    running.stop()


async def test_over_capacity_closes_1013_and_reconnect_is_immediate(one_session: Running) -> None:
    first = await RealtimeClient.open(one_session.ws_url)
    async with connect(f"{one_session.ws_url}/v1/realtime") as extra:
        event = json.loads(await extra.recv())
        assert event["type"] == "error" and event["error"]["code"] == "too_many_sessions"
        with pytest.raises(ConnectionClosed) as closed:
            await extra.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
    await first.close()
    for _ in range(5):  # leave and come straight back: never refused
        again = await RealtimeClient.open(one_session.ws_url)
        await again.close()


def test_state_is_owner_only(tmp_path: Path) -> None:
    settings = Settings(data_dir=str(tmp_path / "fresh" / "sayso"))
    store = Store(settings.db_path())
    store.execute("CREATE TABLE IF NOT EXISTS probe (x)")
    files = list(settings.resolved_data_dir().iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert stat.S_IMODE(settings.resolved_data_dir().stat().st_mode) == 0o700
    store.close()


def _serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = "import sys; from sayso.cli import main; main.run(['serve', *sys.argv[1:]])"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SAYSO_TOKEN": "", **(env or {})}
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


@pytest.mark.parametrize(("args", "message"), [
    (["--token", "short"], "too short"),
    (["--token-file", "/nonexistent/token"], "cannot read the token file"),
    (["--token", TOKEN, "--token-file", "/etc/hostname"], "give the token once"),
])
def test_cli_token_errors_are_one_line(args: list[str], message: str) -> None:
    proc = _serve("--port", str(free_port()), *args)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0 and len(lines) == 1 and message in lines[0], proc.stderr


def test_token_file(tmp_path: Path) -> None:
    from sayso.server.security import read_token_file

    path = tmp_path / "token"
    path.write_text(f"{TOKEN}\n")
    assert read_token_file(str(path)) == TOKEN
    path.write_text("")
    with pytest.raises(ConfigError, match="one line"):
        read_token_file(str(path))
