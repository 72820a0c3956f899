"""An assistant of its own for the tests that pin one exact misreading of a committed clip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sayso.app.assistant import Assistant
from sayso.config import LlmConfig, Settings

from ...conftest import DETERMINISTIC_TTS


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """A freshly loaded assistant (default home), shared by one module's tests only.

    These tests assert what tiny.en hears on one clip, biased to the home's names, and how the
    grammar then reads it: the session-wide assistant has served every earlier test (CI's full
    run once read both clips differently after them, no partial run did), so they do not share it.
    """
    data = tmp_path_factory.mktemp("pristine-state")
    settings = Settings(data_dir=str(data), llm=LlmConfig(engine="none"), tts=DETERMINISTIC_TTS)
    assistant = Assistant(settings).load()
    yield assistant
    assistant.close()
