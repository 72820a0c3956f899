"""The real action handler over a throw-away SQLite state, for the tool tests."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from sayso.actions import ActionHandler, open_actions
from sayso.config import Settings


@pytest.fixture()
def handler(tmp_path: Path) -> Iterator[ActionHandler]:
    h = open_actions(Settings(data_dir=str(tmp_path)))
    yield h
    h.store.close()
