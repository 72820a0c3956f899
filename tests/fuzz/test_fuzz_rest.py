"""Schema-driven REST fuzzing: Schemathesis cases from the server's own OpenAPI document, plus
hostile Host / Origin / Authorization headers, methods and paths. No 5xx, no traceback."""

from __future__ import annotations

import collections
import contextlib
import string
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from tests.e2e.server.conftest import Running
from tests.fuzz.conftest import FUZZ_COUNT, ServerLog

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

REQUEST_TIMEOUT_S = 120.0
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
TRANSCRIPTION_FORM = {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "model": {"type": "string"}, "language": {"type": "string"},
            "prompt": {"type": "string"}, "temperature": {"type": "number"},
            "response_format": {"enum": ["json", "text", "srt", "vtt", "verbose_json"]},
        }}}}
"""The transcription endpoint reads its multipart form itself, so its schema has no body; this
is OpenAI's, for the fuzzer."""


def _fuzz_settings(examples: int) -> Any:
    return settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                    phases=[Phase.explicit, Phase.generate],  # no shrinking: report, don't dwell
                    suppress_health_check=list(HealthCheck))


def _schema(server: Running) -> Any:
    doc = httpx.get(f"{server.url}/openapi.json").json()
    transcriptions = doc["paths"]["/v1/audio/transcriptions"]["post"]
    transcriptions["requestBody"] = {"content": TRANSCRIPTION_FORM}
    return schemathesis.openapi.from_dict(doc)


class Tally:
    """Statuses seen and the requests that broke a rule."""

    def __init__(self) -> None:
        self.statuses: collections.Counter[int] = collections.Counter()
        self.bad: list[str] = []

    def check(self, what: str, status: int, content_type: str, body: bytes) -> None:
        self.statuses[status] += 1
        if status >= 500:
            self.bad.append(f"{status} for {what}: {body[:200]!r}")
        elif status >= 400 and body and "json" not in content_type:
            self.bad.append(f"{status} {content_type} error body {body[:100]!r} for {what}")


def test_openapi_operations(fuzz_server: Running, server_log: ServerLog) -> None:
    ops = [result.ok() for result in _schema(fuzz_server).get_all_operations()]
    # Parameterless GETs have one possible input; the budget goes to the operations with a body.
    with_body = sum(op.method.upper() == "POST" for op in ops) or 1
    per_op = max(1, -(-FUZZ_COUNT // (with_body * len(MODES))))
    tally = Tally()
    session = requests.Session()
    for op in ops:
        for mode in MODES:
            @_fuzz_settings(per_op)
            @given(case=op.as_strategy(generation_mode=mode))
            def call(case: Any) -> None:
                reply = case.call(base_url=fuzz_server.url, session=session,
                                  timeout=REQUEST_TIMEOUT_S)
                content_type = reply.headers.get("content-type") or [""]  # values are lists
                tally.check(f"{case.method} {case.formatted_path} {str(case.body)[:80]!r}",
                            reply.status_code, content_type[0], reply.content)

            with contextlib.suppress(Unsatisfiable):  # e.g. no way to break a parameterless GET
                call()
    print(f"\nREST schema fuzz: {sum(tally.statuses.values())} requests, "
          f"statuses {dict(sorted(tally.statuses.items()))}, {len(server_log.bad)} logged errors")
    assert tally.bad == [] and server_log.summary() == []


HEADER_TEXT = st.text(string.printable.strip("\r\n\x0b\x0c") + "é", max_size=80)
HOSTS = st.sampled_from(["localhost", "127.0.0.1:1", "[::1]:80", "attacker.example:8080",
                         "localhost.attacker.example", "127.0.0.1.nip.io", "", ":", "[::1"])
ORIGINS = st.sampled_from(["http://localhost", "null", "http://attacker.example", "file://",
                           "http://[::1]:9", "ws://127.0.0.1", "http://127.0.0.1:notaport"])
PATHS = st.sampled_from(["/", "/health", "/metrics", "/v1/home", "/openapi.json", "/docs",
                         "/static/app.js", "/static/../pyproject.toml", "/v1/audio/speech",
                         "/v1/audio/transcriptions", "/v1/realtime", "/%00", "/v1/home?x=%ff"])


@st.composite
def hostile_requests(draw: st.DrawFn) -> tuple[str, str, dict[str, str], bytes]:
    headers: dict[str, str] = {}
    for name, values in (("Host", HOSTS), ("Origin", ORIGINS), ("Authorization", HEADER_TEXT),
                         ("Content-Type", HEADER_TEXT), ("X-Forwarded-For", HEADER_TEXT)):
        if draw(st.booleans()):
            headers[name] = draw(values | HEADER_TEXT)
    method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]))
    body = draw(st.binary(max_size=256) | st.just(b'{"input": "hello", "speed": 1e999}'))
    return method, draw(PATHS), headers, body


def test_hostile_headers_and_paths(fuzz_server: Running, server_log: ServerLog) -> None:
    tally = Tally()
    client = httpx.Client(base_url=fuzz_server.url, timeout=REQUEST_TIMEOUT_S)

    @_fuzz_settings(FUZZ_COUNT)
    @given(request=hostile_requests())
    def call(request: tuple[str, str, dict[str, str], bytes]) -> None:
        method, path, headers, body = request
        try:
            # Raw UTF-8 bytes: the server must cope with any header bytes a client sends.
            raw = {k: v.encode() for k, v in headers.items()}
            reply = client.request(method, path, headers=raw, content=body)
        except httpx.LocalProtocolError:  # a header the client itself will not send
            return
        tally.check(f"{method} {path} {headers}", reply.status_code,
                    reply.headers.get("content-type", ""), reply.content)

    call()
    client.close()
    print(f"\nREST header fuzz: {sum(tally.statuses.values())} requests, "
          f"statuses {dict(sorted(tally.statuses.items()))}, {len(server_log.bad)} logged errors")
    assert tally.bad == [] and server_log.summary() == []
