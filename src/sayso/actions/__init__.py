"""Actions: the virtual home, timers, alarms, messages and lists, persisted in SQLite."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sayso.actions.clock import Clock, FixedClock, SystemClock
from sayso.actions.handlers import ActionHandler, FailureText, Responder
from sayso.actions.home import HomeSpec, load_home, parse_home
from sayso.actions.scheduler import Scheduler
from sayso.actions.store import Store
from sayso.actions.timers import DueItem
from sayso.config import Settings

DEMO_HOME = "demo.yaml"
"""File name of the bundled demo home in `sayso.data.home`."""


def demo_home_path() -> Path:
    """Path of the bundled demo home file."""
    return Path(str(resources.files("sayso.data.home").joinpath(DEMO_HOME)))


def open_actions(
    settings: Settings,
    clock: Clock | None = None,
    responder: Responder | None = None,
    failure_text: FailureText | None = None,
) -> ActionHandler:
    """Open the state database, load and seed the home, and return a ready handler."""
    home = load_home(settings.home.home_file or demo_home_path())
    clock = clock or SystemClock(settings.home.timezone)
    store = Store(settings.db_path())
    home.seed(store, clock.now())
    return ActionHandler(store, home, clock, responder, failure_text)


__all__ = [
    "ActionHandler",
    "Clock",
    "DueItem",
    "FixedClock",
    "HomeSpec",
    "Responder",
    "Scheduler",
    "Store",
    "SystemClock",
    "demo_home_path",
    "load_home",
    "open_actions",
    "parse_home",
]
