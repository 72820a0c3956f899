"""A command at a time of day: "turn on the kitchen light at 7 pm" (round 38).

Home Assistant's templates run a command only after an amount ("… in 10 minutes"); "at 7 pm"
was "Sorry, I didn't understand that.". The command is set as a timer that ends then and runs it
(as a delayed command does), with the same checks: a sensitive one is asked about now, and only a
change to the home is run later. As whole typed turns (hassil templates, real SQLite); times are
checked against the stored timer in the local zone, never against today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from sayso.actions.timers import Timer, Timers
from sayso.app.assistant import Assistant
from tests.unit.app.conftest import typed_assistant
from tests.unit.app.conftest import typed_turn as turn


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "at-a-time")


def live(a: Assistant) -> list[Timer]:
    assert a.actions is not None
    return Timers(a.actions.store).live()


def ends(timer: Timer) -> tuple[int, int]:
    assert timer.ends_at is not None
    local = timer.ends_at.astimezone()
    return local.hour, local.minute


@pytest.mark.parametrize(
    ("text", "said", "hour_minute"),
    [
        ("turn on the kitchen light at 7 pm", "turn on the kitchen light at 7 PM", (19, 0)),
        ("Turn off the lights at 11:30 p.m.", "turn off the lights at 11:30 PM", (23, 30)),
        ("Turn off the lights at 11.30 pm", "turn off the lights at 11:30 PM", (23, 30)),
        ("close the bedroom blinds at midnight", "close the bedroom blinds at 12 AM", (0, 0)),
        ("set the thermostat to 20 at 6 in the morning", "set the thermostat to 20 at 6 AM",
         (6, 0)),
    ],
)  # fmt: skip
def test_a_command_at_a_time_of_day_runs_then(
    assistant: Assistant, text: str, said: str, hour_minute: tuple[int, int]
) -> None:
    turn(assistant, "cancel all timers")
    intent, reply = turn(assistant, text)
    assert intent == "HassStartTimer"
    assert reply.startswith(f"Okay, I'll {said} ")  # "… today." or "… tomorrow."
    [timer] = live(assistant)
    assert ends(timer) == hour_minute
    assert timer.command is not None and timer.command_intent is not None
    assert timer.ends_at is not None
    assert dt.timedelta(0) < timer.ends_at - dt.datetime.now().astimezone() <= dt.timedelta(days=1)
    turn(assistant, "cancel all timers")


def test_a_sensitive_command_at_a_time_is_asked_about_now(assistant: Assistant) -> None:
    turn(assistant, "cancel all timers")
    assert turn(assistant, "unlock the front door at 7 pm", "lock") == (
        "HassStartTimer", "Unlock the front door at 7 pm?"
    )  # fmt: skip
    assert turn(assistant, "no", "lock")[1] == "Okay, I won't."
    assert live(assistant) == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("tell me a joke at 5 pm", ""),  # nothing to run when nobody may be there
        ("set an alarm at 7 pm", "SaysoSetAlarm"),  # a request about when sets its own time
        ("remind me at 5 pm to call Bob", "SaysoSetAlarm"),
        ("Set the heat at 22.", ""),  # Whisper's "to 22": no setting, and no bare hour 22
        ("set the heat at 7", ""),  # a setting with no value is nothing to run later
    ],
)
def test_what_is_not_a_command_at_a_time(assistant: Assistant, text: str, intent: str) -> None:
    turn(assistant, "cancel all timers")
    assert turn(assistant, text)[0] == intent
    assert live(assistant) == []
    turn(assistant, "cancel all alarms")
