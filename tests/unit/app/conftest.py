"""The demo home with no model loaded (hassil templates, real SQLite), one per test module.

A module that needs other settings (languages, a home of its own) defines its own `assistant`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sayso.app.assistant import Assistant
from sayso.config import LlmConfig, Settings


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    settings = Settings(data_dir=str(tmp_path_factory.mktemp("typed")),
                        llm=LlmConfig(engine="none"))
    a = Assistant(settings).load(speech=False, llm=False)
    yield a
    a.close()
