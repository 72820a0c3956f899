"""What a listener says between commands (round 34), as whole typed turns on the demo home.

"What did you say?" after a reply, "how are you", "who are you", "cancel" with nothing to
cancel, and a lone "cancel" or "pause" right after a timer was set. Each of these was "not
understood" before (or went to the brain); "pause" paused the music, not the timer.
No model is loaded (hassil templates, real SQLite).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from sayso.app.assistant import Assistant
from tests.unit.app.conftest import OTHER_LANGUAGES, typed_assistant


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "again", OTHER_LANGUAGES)


def turn(a: Assistant, text: str, session: str) -> tuple[str, str]:
    result = asyncio.run(a.run_text(text, session_id=session))
    return (result.intent.intent if result.intent else ""), result.reply_text


@pytest.mark.parametrize(
    ("command", "again", "reply"),
    [
        ("turn on the kitchen light", "what did you say", "Turned on the light"),
        ("Schalte das Küchenlicht ein", "Wie bitte?", "Licht eingeschaltet"),
        ("Allume la lumière de la cuisine", "Tu peux répéter ?", "Allumé"),
        ("Enciende la luz de la cocina", "¿Qué dijiste?", "Se ha activado la luz"),
    ],
)  # fmt: skip
def test_the_last_reply_is_said_again(
    assistant: Assistant, command: str, again: str, reply: str
) -> None:
    session = f"again-{command}"
    assert turn(assistant, command, session)[1] == reply
    assert turn(assistant, again, session) == ("", reply)
    assert turn(assistant, "say that again", session) == ("", reply)  # and again


def test_nothing_said_yet(assistant: Assistant) -> None:
    assert turn(assistant, "what did you say", "again-fresh") == (
        "", "I haven't said anything yet."
    )


def test_a_question_asked_again_still_waits_for_its_answer(assistant: Assistant) -> None:
    session = "again-unlock"
    assert turn(assistant, "unlock the front door", session)[1] == "Unlock the front door?"
    assert turn(assistant, "sorry, what did you say?", session)[1] == "Unlock the front door?"
    assert turn(assistant, "yes", session) == ("HassTurnOff", "Unlocking")
    turn(assistant, "lock the front door", session)


def test_which_one_asked_again_still_takes_the_answer(assistant: Assistant) -> None:
    session = "again-which"
    _, asked = turn(assistant, "turn off the lamp", session)
    assert asked.startswith("Which light do you mean?")
    assert turn(assistant, "say that again", session)[1] == asked
    assert turn(assistant, "the kitchen", session)[0] == "HassTurnOff"


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("how are you", "I'm fine, thanks. What can I do for you?"),
        ("who are you?", "I'm sayso, an open voice assistant."),
        ("What's your name?", "I'm sayso, an open voice assistant."),
        ("help", "You can ask me to switch lights and devices, set timers and alarms, add to "
                 "your lists, send messages, or tell you the time."),
        ("cancel", "Okay."),
        ("forget it", "Okay."),
        ("Wer bist du?", "Ich bin sayso, ein offener Sprachassistent."),
        ("Comment ça va ?", "Très bien, merci. Que puis-je faire pour vous ?"),
        ("¿Cómo te llamas?", "Soy sayso, un asistente de voz abierto."),
    ],
)  # fmt: skip
def test_small_talk_is_answered_and_changes_nothing(
    assistant: Assistant, text: str, reply: str
) -> None:
    result = asyncio.run(assistant.run_text(text, session_id=f"talk-{text}"))
    assert (result.intent, result.reply_text) == (None, reply)
    assert result.action is None


def test_a_lone_cancel_or_pause_after_a_timer_means_the_timer(assistant: Assistant) -> None:
    session = "again-timer"
    turn(assistant, "set a timer for 9 minutes", session)
    assert turn(assistant, "pause", session) == ("HassPauseTimer", "Timer paused")
    assert turn(assistant, "resume", session) == ("HassUnpauseTimer", "Timer resumed")
    assert turn(assistant, "cancel", session) == ("HassCancelTimer", "Timer cancelled")
    assert turn(assistant, "cancel", session)[1].startswith("There's no ")  # it is gone


@pytest.mark.parametrize(
    ("request_", "question", "answer", "intent", "reply"),
    [
        ("set an alarm", "For what time?", "7 am", "SaysoSetAlarm", "Alarm set for 7 AM"),
        ("set a timer", "For how long should the timer run?", "10 minutes", "HassStartTimer",
         "Timer set for 10 minutes"),
        ("set a timer", "For how long should the timer run?", "for 5 minutes", "HassStartTimer",
         "Timer set for 5 minutes"),
        ("remind me to water the plants", "When should I remind you?", "at 5 pm",
         "SaysoSetAlarm", "I'll remind you to water the plants at 5 PM"),
        ("set the thermostat", "To what temperature?", "22", "HassClimateSetTemperature",
         "Temperature set to 22 degrees"),
        ("set an alarm", "For what time?", "in 20 minutes", "SaysoSetAlarm", "Alarm set for "),
        ("Stelle einen Wecker", "Für wann?", "7 Uhr", "SaysoSetAlarm", "Wecker gestellt: "),
        ("Mets une alarme", "Pour quelle heure ?", "7 heures", "SaysoSetAlarm",
         "Alarme réglée pour "),
        ("Pon una alarma", "¿Para qué hora?", "las 7", "SaysoSetAlarm", "Alarma puesta para "),
    ],
)  # fmt: skip
def test_a_question_for_the_value_is_answered_by_the_value_alone(
    assistant: Assistant, request_: str, question: str, answer: str, intent: str, reply: str
) -> None:
    session = f"value-{request_}-{answer}"
    assert turn(assistant, request_, session) == (intent, question)
    said = turn(assistant, answer, session)
    assert said[0] == intent and said[1].startswith(reply), said
    asyncio.run(assistant.run_text("cancel all alarms", session_id=session))
    asyncio.run(assistant.run_text("cancel all timers", session_id=session))


def test_another_command_or_a_thanks_is_not_the_value(assistant: Assistant) -> None:
    session = "value-other"
    turn(assistant, "set an alarm", session)
    assert turn(assistant, "what time is it", session)[0] == "HassGetCurrentTime"
    assert turn(assistant, "7 am", session)[0] == ""  # the wait ended with the other command
    turn(assistant, "set an alarm", session)
    assert turn(assistant, "never mind", session)[0] == "HassNevermind"
    assert turn(assistant, "7 am", session)[0] == ""


def test_back_before_on_or_off_is_read(assistant: Assistant) -> None:
    session = "back"
    assert turn(assistant, "turn the kitchen light back on", session)[0] == "HassTurnOn"
    assert turn(assistant, "turn it back off", session) == ("HassTurnOff", "Turned off the light")


def test_a_day_with_no_hour_is_asked_for_the_hour(assistant: Assistant) -> None:
    session = "value-day"
    turn(assistant, "set an alarm", session)
    assert turn(assistant, "tomorrow", session) == ("SaysoSetAlarm", "For what time?")
    said = turn(assistant, "7 am", session)
    assert said == ("SaysoSetAlarm", "Alarm set for 7 AM tomorrow"), said
    assert turn(assistant, "wake me up on friday morning", session)[1] == "For what time?"
    assert turn(assistant, "at 6", session)[1].startswith("Alarm set for 6 AM")  # "on Friday",
    # or "tomorrow" on a Thursday
    asyncio.run(assistant.run_text("cancel all alarms", session_id=session))
