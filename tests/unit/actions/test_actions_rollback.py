"""A failure in the middle of a request leaves the database exactly as it was."""

from __future__ import annotations

from typing import Any

import pytest

from sayso.actions import ActionHandler, Store, handlers_home
from sayso.actions.devices import update_device

from .conftest import Intent, dump, state_of


def test_injected_failure_mid_multi_device_change_rolls_back(
    handler: ActionHandler, store: Store, intent: Intent, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:  # the first light is already written when this fails
            raise OSError("disk on fire")
        return update_device(*args, **kwargs)

    monkeypatch.setattr(handlers_home, "update_device", flaky)
    before = dump(store)
    result = handler.handle(intent("HassTurnOn", area="Kitchen", domain="light"))
    assert calls["n"] == 2
    assert not result.success
    assert result.error_code == "internal"
    assert result.speech == "Sorry, something went wrong doing that."
    assert dump(store) == before
    assert state_of(store, "light.kitchen")[0] == "off"


def test_store_keeps_working_after_a_rollback(
    handler: ActionHandler, store: Store, intent: Intent
) -> None:
    assert not handler.handle(intent("HassTurnOn", name="light.nowhere")).success
    assert handler.handle(intent("HassTurnOn", name="light.kitchen")).success
    assert state_of(store, "light.kitchen")[0] == "on"


def test_responder_renders_successes_only(
    store: Store, intent: Intent, handler: ActionHandler
) -> None:
    seen: list[dict[str, Any]] = []

    def responder(event: Any, extra: dict[str, Any]) -> str | None:
        seen.append(extra)
        return "Rendered." if event.intent == "HassTurnOn" else None

    rendering = ActionHandler(store, handler.home, handler.clock, responder)
    assert rendering.handle(intent("HassTurnOn", name="light.kitchen")).speech == "Rendered."
    assert seen[0]["state"]["entity_id"] == "light.kitchen"
    assert seen[0]["state"]["state"] == "on"
    assert seen[0]["slots"]["name"] == "Kitchen Light"
    fallback = rendering.handle(intent("HassTurnOff", name="light.kitchen"))
    assert fallback.speech == "Turned off the kitchen light."
    failed = rendering.handle(intent("HassTurnOff", name="light.attic"))
    assert failed.speech.startswith("Sorry") and len(seen) == 2
