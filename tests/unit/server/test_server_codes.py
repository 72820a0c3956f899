"""Pure server logic: Host/Origin allow-list, failed-auth limit, frame parsing."""

from __future__ import annotations

import pytest

from sayso.errors import BadInput
from sayso.server.hosts import host_allowed, origin_allowed, split_host
from sayso.server.realtime_schema import MAX_JSON_DEPTH, parse_event, session_setting
from sayso.server.security import AuthFailures
from sayso.server.settings import ServerSettings


@pytest.mark.parametrize(("header", "name"), [
    ("LocalHost:8080", "localhost"), ("[::1]:80", "::1"), ("::1", "::1"),
    ("example.org.", "example.org"), ("10.0.0.2:1", "10.0.0.2"),
])
def test_split_host(header: str, name: str) -> None:
    assert split_host(header) == name


def test_host_allow_list() -> None:
    local = ServerSettings()
    assert all(host_allowed(local, h) for h in ("localhost", "127.0.0.1", "127.5.5.5", "::1"))
    assert not any(host_allowed(local, h) for h in ("attacker.example", "10.0.0.2", ""))
    lan = ServerSettings(host="0.0.0.0", token="x" * 16, allowed_hosts=("Sayso.LAN",))
    assert host_allowed(lan, "sayso.lan") and host_allowed(lan, "10.0.0.2")
    assert not host_allowed(lan, "attacker.example")
    assert host_allowed(ServerSettings(host="box.lan", token="x" * 16), "box.lan")


def test_origin_is_compared_with_the_allow_list() -> None:
    local = ServerSettings(allowed_origins=("https://app.example",))
    assert origin_allowed(local, "http://localhost:3000")
    assert origin_allowed(local, "https://app.example")
    for bad in ("http://attacker.example:8080", "null", "file://", "javascript:alert(1)"):
        assert not origin_allowed(local, bad)


def test_auth_failures_bite_after_the_limit() -> None:
    limiter = AuthFailures(limit=3, window_s=60.0)
    for _ in range(3):
        assert limiter.retry_after("a") == 0
        limiter.record("a")
    assert 1 <= limiter.retry_after("a") <= 60
    assert limiter.retry_after("b") == 0
    expired = AuthFailures(limit=1, window_s=0.0)
    expired.record("a")
    assert expired.retry_after("a") == 0


@pytest.mark.parametrize(("text", "code"), [
    ("[" * 1000 + "]" * 1000, "json_too_deep"),
    ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "json_too_deep"),
    ('{"type": NaN}', "invalid_json"), ("", "invalid_json"), ("[]", "invalid_event"),
])
def test_parse_event_refuses(text: str, code: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_event(text)
    assert refused.value.code == code


def test_parse_event_accepts_depth_limit() -> None:
    nested = '{"type": "x", "a": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1) + "}"
    assert parse_event(nested)["type"] == "x"


@pytest.mark.parametrize(("field", "value"), [
    ("vad", {"min_silence_ms": float("inf")}), ("vad", {"min_silence_ms": 1.5}),
    ("vad", {"threshold": float("nan")}), ("vad", {"engine": "energy"}), ("vad", 3),
    ("echo_gating", 0), ("backchannels", ["ok", 3]), ("no_such_setting", 1),
])
def test_session_setting_refuses(field: str, value: object) -> None:
    with pytest.raises(BadInput):
        session_setting(field, value)
