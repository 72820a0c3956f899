"""Shared test set-up: every test gets its own state folder, never the user's."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sayso.config import TtsConfig
from sayso.tts.espeak import EspeakTts

FIXTURES = Path(__file__).parent / "fixtures"
# The scripted LLM backend (a fake for pure dialogue logic) is imported by name in tests.
sys.path.insert(0, str(FIXTURES / "llm"))
PIZZA_INTENTS = Path(__file__).parent.parent / "examples" / "pizza" / "pizza.yaml"
"""The example custom domain (6 slots, long lists), also used by `sayso eval slu`."""
DIGITS_INTENTS = Path(__file__).parent.parent / "examples" / "digits" / "digits.yaml"
"""A one-word closed domain (spoken digits), used with the FSDD recordings."""

DETERMINISTIC_TTS = TtsConfig(noise_scale=0.0, noise_w=0.0)
"""Piper without its random variation: the same text always renders the same audio, so tests that
speak to the recogniser see the same input on every run."""


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SAYSO_DATA_DIR", str(tmp_path / "sayso-state"))
    monkeypatch.delenv("SAYSO_CONFIG", raising=False)
    yield


MODEL_FIXTURES = frozenset({"tiny_asr", "piper", "espeak", "silero", "speak", "clips"})
"""Unit-test fixtures that load a real model or synthesise speech with one."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that loads a model, a server or a browser `slow` (two tiers).

    `make test` runs everything; `make check` deselects `slow` for the edit loop. End-to-end
    tests are slow by folder; unit tests by the model fixtures they use (or an explicit mark).
    """
    for item in items:
        in_e2e = "e2e" in Path(str(item.fspath)).parts
        uses_model = MODEL_FIXTURES & set(getattr(item, "fixturenames", ()))
        if in_e2e or uses_model:
            item.add_marker(pytest.mark.slow)


_EXIT_STATUS: list[int] = []


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remember the run's result for `pytest_unconfigure`."""
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process with the suite's own status once the echo canceller's SDK was loaded.

    The livekit SDK (WebRTC echo cancellation) leaves native threads that abort the interpreter's
    teardown in about one exit in four ("terminate called without an active exception", exit 134)
    after every test has passed and the summary is printed. The result is known by then, so the
    process ends with it instead of gambling on the native teardown.
    """
    if "livekit" in sys.modules and _EXIT_STATUS:
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])


@pytest.fixture(scope="session")
def espeak() -> EspeakTts:
    """espeak-ng loaded once for every test that renders with it (skipped where not installed)."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    engine = EspeakTts()
    engine.load()
    return engine


def int8_saturates() -> bool:
    """An x86 CPU with AVX2 but no VNNI (round 38's AMD EPYC): int8 kernels saturate there.

    onnxruntime's uint8 x int8 MatMul read the int8 Smart Turn model (Pipecat's quantized file,
    off by default) a finished sentence 0.23 (0.9 elsewhere), and CTranslate2's int8 tiny.en
    writes "." for a second of silence (float32: nothing). Tests that pin such numbers skip
    there, with this reason. sayso's own int8 products (`ort_projection`) store uint8 weights and
    are exact on such CPUs since round 39.
    """
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return False
    return " avx2" in flags and "vnni" not in flags


INT8_SATURATES = "int8 kernels saturate on this CPU (AVX2 without VNNI): the pinned numbers differ"

