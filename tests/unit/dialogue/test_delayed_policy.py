"""A timer's command is asked about when the timer is set: when it ends, nobody may answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sayso.actions import ActionHandler, open_actions
from sayso.config import Settings
from sayso.dialogue.policy import intent_question
from sayso.events import IntentRecognized, Slot


@pytest.fixture
def handler(tmp_path: Path) -> Iterator[ActionHandler]:
    h = open_actions(Settings(data_dir=str(tmp_path)))
    yield h
    h.store.close()


def delayed(intent: str, name: str, minutes: int) -> IntentRecognized:
    command = IntentRecognized(intent=intent, slots=(Slot("name", name, name),), turn_id="t")
    amount = (Slot("minutes", minutes, str(minutes)),)
    return IntentRecognized(intent="HassStartTimer", slots=amount, turn_id="t", then=command)


def test_unlocking_later_is_asked_now_with_its_delay(handler: ActionHandler) -> None:
    question = intent_question(handler, delayed("HassTurnOff", "lock.front_door", 2))
    assert question == "Unlock the front door in 2 minutes?"


def test_a_light_later_needs_no_question(handler: ActionHandler) -> None:
    assert intent_question(handler, delayed("HassTurnOff", "light.kitchen", 5)) is None
