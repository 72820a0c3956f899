"""What speech writes, read as it was meant: Whisper's words for requests that work typed
(round 38).

Spoken, the everyday requests of `scripts/everyday_requests.py` met words typing never gives:
"Remind me at 6 p.m. That I have a meeting." (a sentence opened at the joiner), "Send the message
to mom." (American spelling of the contact Mum), "hey say so", a lone "No." or "Yes.". As whole
typed turns with Whisper's spelling (no model is loaded: hassil templates, real SQLite); the same
turns spoken by two voices through Whisper are in tests/e2e/test_spoken_turns.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sayso.actions.alarms import Alarms
from sayso.actions.handlers_sayso import contact_named
from sayso.app.assistant import Assistant
from sayso.dialogue.social import is_aside
from tests.unit.app.conftest import typed_assistant
from tests.unit.app.conftest import typed_turn as turn


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "heard")


def test_a_reminder_whose_sentence_whisper_broke_at_the_joiner(assistant: Assistant) -> None:
    turn(assistant, "cancel all alarms")
    intent, reply = turn(assistant, "Remind me at 6 p.m. That I have a meeting.")
    assert intent == "SaysoSetAlarm"
    assert reply.startswith("I'll remind you that you have a meeting at 6 PM")
    assert turn(assistant, "Remind me in 10 minutes. To check the oven.")[1].startswith(
        "I'll remind you to check the oven at"
    )
    assert a_labels(assistant) == ["check the oven", "you have a meeting"]
    turn(assistant, "cancel all alarms")


def a_labels(a: Assistant) -> list[str]:
    assert a.actions is not None
    return sorted(alarm.label for alarm in Alarms(a.actions.store).pending())


def test_mom_is_the_contact_mum() -> None:
    assert contact_named(["Alice", "Mum", "Dad"], "mom") == "Mum"
    assert contact_named(["Alice", "Mum", "Dad"], "my mom") == "Mum"
    assert contact_named(["Alice", "Mom", "Mum"], "mum") == "Mum"  # the exact name first
    assert contact_named(["Alice", "Dad"], "mom") is None


def test_a_message_to_mom_goes_to_mum(assistant: Assistant) -> None:
    assert turn(assistant, "Send the message to mom.", "m")[1] == (
        "What should the message to Mum say?"
    )
    assert turn(assistant, "I'm running late", "m")[1] == "Send 'I'm running late' to Mum?"
    assert turn(assistant, "No.", "m")[1] == "Okay, I won't."


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("Hey, say so.", "Yes? What can I do for you?"),
        ("Thank you, say so.", "You're welcome."),
        ("No.", "Okay."),
        ("Nope.", "Okay."),
        ("Yes.", "What can I do for you?"),
    ],
)
def test_asides_with_nothing_asked(assistant: Assistant, text: str, reply: str) -> None:
    assert turn(assistant, text, "aside") == ("", reply)
    assert is_aside(text, "en")


def test_a_new_command_after_a_question_runs_and_drops_the_question(
    assistant: Assistant,
) -> None:
    turn(assistant, "set a timer for 5 minutes", "q")
    assert turn(assistant, "unlock the front door", "q")[1] == "Unlock the front door?"
    assert turn(assistant, "cancel all timers", "q") == ("HassCancelAllTimers", "Canceled 1 timer.")
    assert turn(assistant, "yes", "q")[1] == "What can I do for you?"  # the question is gone


def test_and_do_that_undoes(assistant: Assistant) -> None:
    """Piper's "undo that" is heard "And do that." (6 nats above "undo that" in the audio)."""
    turn(assistant, "turn on the kitchen light", "u")
    assert turn(assistant, "And do that.", "u") == (
        "SaysoUndo", "Put the kitchen light back as it was."
    )
