"""Wyoming fuzzer: random and malformed frames over real TCP to a real server.

Passes when no input gives `internal_error`, no traceback or error is logged, and the server still
answers `describe` throughout. `SAYSO_FUZZ_COUNT` sets the number of fuzzed frames (small by
default so the suite stays fast; run e.g. 2,500 as a separate command) and `SAYSO_FUZZ_SEED` the
seed (a failure prints the seed and the frames that caused it).
"""

from __future__ import annotations

import collections
import logging
import os
import random
from collections.abc import Iterator

import pytest
from wyoming.info import Describe

from sayso.app.assistant import Assistant
from sayso.config import LlmConfig, Settings
from tests.conftest import DETERMINISTIC_TTS
from tests.e2e.server.conftest import Running, free_port, start_server
from tests.e2e.server.wyoming_client import ask_port, codes, exchange
from tests.fuzz.wyoming_cases import fuzz_frame

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]
DEFAULT_COUNT = 200
"""Fuzzed frames in the default run (about ten seconds)."""
MAX_FRAMES_PER_CONNECTION = 4
"""Frames sent on one connection before it is closed; state carries across them."""
LIVENESS_EVERY = 100
"""Connections between two `describe` checks."""


@pytest.fixture(scope="module")
def wyoming_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    data_dir = tmp_path_factory.mktemp("fuzz-wyoming-state")
    settings = Settings(data_dir=str(data_dir), llm=LlmConfig(engine="none"),
                        tts=DETERMINISTIC_TTS)
    assistant = Assistant(settings).load()
    running = start_server(assistant, wyoming_port=free_port())
    yield running
    running.stop()
    assistant.close()


async def _alive(port: int) -> None:
    (reply,) = await ask_port(port, Describe().event(), until=("info",))
    assert reply.type == "info"


async def test_fuzz_wyoming(wyoming_server: Running, caplog: pytest.LogCaptureFixture) -> None:
    count = int(os.environ.get("SAYSO_FUZZ_COUNT", DEFAULT_COUNT))
    seed = int(os.environ.get("SAYSO_FUZZ_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    port = wyoming_server.wyoming_port
    assert port is not None
    strategies: collections.Counter[str] = collections.Counter()
    replies: collections.Counter[str] = collections.Counter()
    sent = connections = 0
    caplog.set_level(logging.WARNING)
    while sent < count:
        frames = [fuzz_frame(rng) for _ in range(min(rng.randint(1, MAX_FRAMES_PER_CONNECTION),
                                                     count - sent))]
        events = await exchange(port, b"".join(raw for _, raw in frames))
        sent, connections = sent + len(frames), connections + 1
        strategies.update(name for name, _ in frames)
        replies.update(f"error:{c}" for c in codes(events))
        replies.update(e.type for e in events if e.type != "error")
        assert "internal_error" not in codes(events), f"seed {seed}: {frames!r:.2000}"
        if connections % LIVENESS_EVERY == 0:
            await _alive(port)
    await _alive(port)
    print(f"\nwyoming fuzz: seed {seed}, {sent} frames on {connections} connections")
    print(f"strategies: {dict(strategies)}\nreplies: {dict(sorted(replies.items()))}")
    bad_logs = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not bad_logs, f"seed {seed}: {[r.getMessage() for r in bad_logs][:5]}"
