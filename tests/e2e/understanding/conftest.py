"""An assistant of its own for the tests that pin one exact misreading of a committed clip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sayso.app.assistant import Assistant

from ..conftest import load_assistant


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """A freshly loaded assistant (default home), shared by one module's tests only.

    These tests assert what tiny.en hears on one clip, biased to the home's names, and how the
    grammar then reads it: the session-wide assistant has served every earlier test (CI's full
    run once read both clips differently after them, no partial run did), so they do not share it.
    """
    assistant = load_assistant(tmp_path_factory.mktemp("pristine-state"))
    yield assistant
    assistant.close()
