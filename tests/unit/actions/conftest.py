"""Shared fixtures: a real SQLite store in tmp_path, the bundled demo home and a frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sayso.actions import ActionHandler, FixedClock, HomeSpec, Store, demo_home_path, load_home
from sayso.actions.devices import get_device
from sayso.events import IntentRecognized, Slot

ZONE = ZoneInfo("Europe/London")
START = dt.datetime(2025, 3, 10, 22, 0, tzinfo=ZONE)  # a Monday evening

Intent = Callable[..., IntentRecognized]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


@pytest.fixture
def home() -> HomeSpec:
    return load_home(demo_home_path())


@pytest.fixture
def store(db_path: Path, home: HomeSpec, clock: FixedClock) -> Iterator[Store]:
    opened = Store(db_path)
    home.seed(opened, clock.now())
    yield opened
    opened.close()


@pytest.fixture
def handler(store: Store, home: HomeSpec, clock: FixedClock) -> ActionHandler:
    return ActionHandler(store, home, clock)


def make_intent(intent_name: str, /, **slots: Any) -> IntentRecognized:
    """An intent as the recogniser would send it (slot text = str(value))."""
    return IntentRecognized(
        intent=intent_name,
        slots=tuple(Slot(k, v, str(v)) for k, v in slots.items()),
        text=f"{intent_name} {slots}",
        turn_id="t1",
    )


@pytest.fixture
def intent() -> Intent:
    return make_intent


def state_of(store: Store, entity_id: str) -> tuple[str, dict[str, Any]]:
    device = get_device(store, entity_id)
    assert device is not None, entity_id
    return device.state, device.attributes


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, to compare the database before and after a failed request."""
    tables = ["devices", "timers", "alarms", "outbox", "list_items", "custom_actions"]
    return {t: [tuple(r) for r in store.rows(f"SELECT * FROM {t} ORDER BY 1")] for t in tables}
