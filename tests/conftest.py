"""Shared test set-up: every test gets its own state folder, never the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SAYSO_DATA_DIR", str(tmp_path / "sayso-state"))
    monkeypatch.delenv("SAYSO_CONFIG", raising=False)
    yield
