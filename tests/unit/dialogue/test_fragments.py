"""What counts as a fragment, a question, and a state-changing intent (pure logic, table-driven)."""

import pytest

from sayso.dialogue.fragments import changes_state, is_fragment, is_question, is_weak_reading


@pytest.mark.parametrize("text", [
    "one.", "watch time.", "TV.", "kitchen light", "you", "Thank you.", "...", "", "42",
    "hmm", "the bedroom", "Bye.", "yes please",
])
def test_fragments(text: str) -> None:
    assert is_fragment(text)


@pytest.mark.parametrize("text", [
    "pause", "lights on", "turn on the kitchen light", "set a timer", "stop",
    "what is the capital of France?", "good morning to you", "the kitchen light is very bright",
])
def test_not_fragments(text: str) -> None:
    assert not is_fragment(text)


@pytest.mark.parametrize(("text", "question"), [
    ("What is the capital of France?", True), ("is the garage door open", True),
    ("how far is the moon", True), ("tell me a joke", False), ("one.", False),
    ("the weather?", True),
])
def test_questions(text: str, question: bool) -> None:
    assert is_question(text) is question


def test_state_changing_intents() -> None:
    assert changes_state("HassTurnOn") and changes_state("SaysoSetAlarm")
    assert changes_state("HassClimateSetTemperature")
    assert not changes_state("HassGetState") and not changes_state("HassGetCurrentTime")
    # Custom intents are the closed answer sets a user defines ("eight" for a digit question).
    assert not changes_state("Digit") and not changes_state("HassRespond")


def test_weak_readings() -> None:
    assert is_weak_reading("the lights in") and is_weak_reading("pizza hello")
    assert not is_weak_reading("And milk to my shopping list.")
    assert not is_weak_reading("turn of the")
