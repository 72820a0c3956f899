import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "llm"
sys.path.insert(0, str(FIXTURES))

import demo_tools  # noqa: E402

from sayso.llm.backends.llamacpp import LlamaCppBackend, LlamaCppConfig  # noqa: E402
from sayso.llm.tools.typed import ToolRegistry  # noqa: E402

pytest.importorskip("llama_cpp")


@pytest.fixture(scope="session")
def backend() -> Iterator[LlamaCppBackend]:
    b = LlamaCppBackend(LlamaCppConfig(n_threads=2))
    b.load()
    yield b


@pytest.fixture()
def registry() -> ToolRegistry:
    demo_tools.reset()
    r = ToolRegistry()
    r.load_configured(demo_tools.TARGETS)
    return r
