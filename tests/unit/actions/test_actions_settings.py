"""The actions factory built from settings."""

from __future__ import annotations

from pathlib import Path

from sayso.actions import open_actions
from sayso.config import load_settings

from .conftest import make_intent, state_of


def test_open_actions_uses_settings(tmp_path: Path) -> None:
    settings = load_settings(
        home={"db_path": str(tmp_path / "x.sqlite3"), "timezone": "Europe/Paris"}
    )
    handler = open_actions(settings)
    assert handler.home.contacts == ("Alice", "Bob", "Mum", "Dad")
    assert str(handler.clock.now().tzinfo) == "Europe/Paris"
    assert handler.handle(make_intent("HassTurnOn", name="light.hallway")).success
    handler.store.close()
    again = open_actions(settings)  # persisted state wins over the demo file's "off"
    assert state_of(again.store, "light.hallway")[0] == "on"
    again.store.close()
