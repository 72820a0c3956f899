"""Reminders as people word them, questions about a device's level, the calendar, tips, and what
was heard, as whole typed turns (round 37).

No model is loaded (hassil templates, real SQLite). Before round 37 these were "Sorry, I didn't
understand that." without an LLM, or wrong: "set an alarm in 2 hours" set a timer that would ask
"For what time?" two hours later, "remind me at 6 pm that I have a meeting" failed to read the
day, and "turn them off" after "turn on the lights in the kitchen" turned off the kitchen's
speaker too. Replies that name a day or an hour are checked against the stored alarm, never
against today's date (the tests run on any day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from sayso.actions.alarms import Alarm, Alarms
from sayso.app.assistant import Assistant
from tests.unit.app.conftest import OTHER_LANGUAGES, typed_assistant
from tests.unit.app.conftest import typed_turn as turn


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "reminders", OTHER_LANGUAGES)


def alarms(a: Assistant) -> list[Alarm]:
    assert a.actions is not None
    return Alarms(a.actions.store).pending()


def cancel_all(a: Assistant) -> None:
    turn(a, "cancel all alarms")
    assert not alarms(a)


def state(a: Assistant, entity_id: str) -> str:
    assert a.actions is not None
    row = a.actions.store.row("SELECT state FROM devices WHERE entity_id = ?", (entity_id,))
    return str(row["state"])


def test_an_alarm_in_two_hours_is_an_alarm_not_a_delayed_command(assistant: Assistant) -> None:
    cancel_all(assistant)
    before = dt.datetime.now().astimezone()
    for text in ("set an alarm in 2 hours", "set an alarm for 2 hours"):
        intent, reply = turn(assistant, text)
        assert intent == "SaysoSetAlarm"
        assert reply.startswith("Alarm set for")
    due = [a.due_at for a in alarms(assistant)]
    assert len(due) == 2
    for at in due:
        assert dt.timedelta(minutes=119) < at - before < dt.timedelta(minutes=121)
    cancel_all(assistant)


def test_a_reminder_of_what_is_so(assistant: Assistant) -> None:
    cancel_all(assistant)
    for text in (
        "remind me at 6 pm that I have a meeting",
        "remind me that I have a meeting at 6 pm",
    ):
        intent, reply = turn(assistant, text)
        assert intent == "SaysoSetAlarm"
        assert reply.startswith("I'll remind you that you have a meeting at 6 PM")
    kept = [(a.label, a.due_at.astimezone().hour) for a in alarms(assistant)]
    assert kept == [("you have a meeting", 18)] * 2
    turn(assistant, "remind me tomorrow at 9 to tell Bob that the car is ready")
    assert "tell Bob that the car is ready" in [a.label for a in alarms(assistant)]
    cancel_all(assistant)


def test_a_reminder_on_a_day_asks_for_the_hour_and_keeps_what_to_remember(
    assistant: Assistant,
) -> None:
    cancel_all(assistant)
    for first, answer in (
        ("remind me on Friday to pay rent", "5 pm"),
        ("remind me to pay rent on Friday", "at 5 pm"),
    ):
        assert turn(assistant, first, "day")[1] == "For what time?"
        intent, reply = turn(assistant, answer, "day")
        assert intent == "SaysoSetAlarm"
        assert reply.startswith("I'll remind you to pay rent at 5 PM")
    kept = alarms(assistant)
    local = [a.due_at.astimezone() for a in kept]
    assert [(a.label, at.hour, at.strftime("%A")) for a, at in zip(kept, local, strict=True)] == [
        ("pay rent", 17, "Friday")
    ] * 2
    turn(assistant, "remind me on Friday to pay rent at 5 pm")
    turn(assistant, "remind me on Friday to call extension 204", "ext")
    turn(assistant, "at 5 pm", "ext")
    labels = [a.label for a in alarms(assistant)]
    assert sorted(labels) == ["call extension 204", *["pay rent"] * 3]  # a number is no hour
    cancel_all(assistant)


def test_a_message_with_nothing_to_say_asks_what_then_asks_to_send(assistant: Assistant) -> None:
    assert turn(assistant, "send a message to Mum", "msg") == (
        "SaysoSendMessage", "What should the message to Mum say?"
    )  # fmt: skip
    assert turn(assistant, "I'm running late", "msg")[1] == "Send 'I'm running late' to Mum?"
    assert turn(assistant, "no", "msg")[1] == "Okay, I won't."
    turn(assistant, "send a message to my dad", "msg")
    assert turn(assistant, "I'm home", "msg")[1] == "Send 'I'm home' to Dad?"  # not small talk
    assert turn(assistant, "no", "msg")[1] == "Okay, I won't."
    reply = turn(assistant, "send a message to Anna")[1]
    assert reply.startswith("Sorry, I don't know Anna.")  # told at once, never asked to confirm


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("what's a 15 percent tip on 60 dollars", "A 15 percent tip on 60 is 9, 69 in all."),
        ("what's a 20% tip on $45.50", "A 20 percent tip on 45.50 is 9.10, 54.60 in all."),
        ("calculate an 18 percent tip on 72", "An 18 percent tip on 72 is 12.96, 84.96 in all."),
        (
            "calculate an 18 percent tip on 20.25",
            "An 18 percent tip on 20.25 is 3.65, 23.90 in all.",
        ),
        ("will 2400 be a leap year", "Yes, 2400 is a leap year."),
        ("was 2024 a leap year", "Yes, 2024 was a leap year."),
        ("was 1900 a leap year", "No, 1900 was not a leap year."),
        ("ist 2028 ein Schaltjahr", "Ja, 2028 ist ein Schaltjahr."),
        ("how many days in March", "March has 31 days."),
        ("how many days does September have", "September has 30 days."),
    ],
)
def test_sums_and_the_calendar(assistant: Assistant, text: str, reply: str) -> None:
    assert turn(assistant, text)[1] == reply


def test_this_weeks_number(assistant: Assistant) -> None:
    week = dt.date.today().isocalendar().week
    assert turn(assistant, "what week is it")[1].startswith(f"It's week {week} of ")
    assert (
        turn(assistant, "welche Kalenderwoche haben wir")[1] == f"Wir haben Kalenderwoche {week}."
    )
    assert turn(assistant, "en qué semana estamos")[1] == f"Estamos en la semana {week}."


def test_a_devices_level_and_a_question_leaning_on_it(assistant: Assistant) -> None:
    turn(assistant, "turn on the office light")
    turn(assistant, "set the office light to 40 percent")
    assert turn(assistant, "how bright is the office light")[1] == (
        "The office light is at 40% brightness."
    )
    assert turn(assistant, "what's the volume on the TV")[1].startswith(
        "The living room TV volume is at"
    )
    assert turn(assistant, "how open are the bedroom blinds")[1].startswith(
        "The bedroom blinds are"
    )
    turn(assistant, "turn up the desk fan", "lean")
    assert turn(assistant, "how fast is it", "lean")[1].startswith("The desk fan is at")
    turn(assistant, "lock the front door", "lean")
    assert turn(assistant, "is it locked", "lean") == ("HassGetState", "Yes")


def test_them_after_the_lights_of_a_room_is_those_lights(assistant: Assistant) -> None:
    turn(assistant, "turn on the kitchen speaker")
    turn(assistant, "turn on the lights in the kitchen", "room")
    intent, _ = turn(assistant, "turn them off", "room")
    assert intent == "HassTurnOff"
    assert state(assistant, "media_player.kitchen_speaker") != "off"  # only the lights
    assert state(assistant, "light.kitchen") == "off"
    turn(assistant, "turn off the kitchen speaker")
    turn(assistant, "turn on the lights in the kitchen", "set")
    assert turn(assistant, "set them to 50 percent", "set")[0] == "HassLightSet"
    turn(assistant, "turn on the kitchen light", "what")
    assert turn(assistant, "what is that", "what")[0] == ""  # asks nothing of the light


def test_alright_confirms_and_a_stop_word_with_nothing_to_stop_says_nothing(
    assistant: Assistant,
) -> None:
    turn(assistant, "lock the front door")
    assert turn(assistant, "unlock the front door", "yes")[1] == "Unlock the front door?"
    turn(assistant, "alright", "yes")
    assert state(assistant, "lock.front_door") == "unlocked"
    turn(assistant, "lock the front door")
    assert turn(assistant, "sorry?")[1] != "No problem."  # "sorry?" may be "pardon?"


def test_what_was_heard_is_said_back(assistant: Assistant) -> None:
    assert turn(assistant, "what did you hear", "heard")[1] == "I haven't heard anything yet."
    turn(assistant, "turn of the lights in the kitchn", "heard")
    assert turn(assistant, "what did you hear", "heard")[1] == (
        'I heard: "turn of the lights in the kitchn".'
    )
    assert turn(assistant, "was hast du gehört", "heard")[1].startswith("Ich habe verstanden:")


@pytest.mark.parametrize(
    ("text", "intent", "reply"),
    [
        ("be quiet", "", ""),
        ("okay", "", ""),
        ("I'm home", "", "Welcome home!"),
        (
            "create a list called camping",
            "",
            "I can't make new lists yet. I can add to the lists you have.",
        ),
        ("hey sayso", "", "Yes? What can I do for you?"),
        ("play the next song", "HassMediaNext", None),
        ("do I need to buy milk", "SaysoListHas", None),
        ("how long have I got left", "HassTimerStatus", None),
        ("are the lights on", "HassGetState", None),
        ("start the coffee machine", "HassTurnOn", "Turned on the switch"),
    ],
)
def test_everyday_words(assistant: Assistant, text: str, intent: str, reply: str | None) -> None:
    got = turn(assistant, text)
    assert got[0] == intent
    if reply is not None:
        assert got[1] == reply
    turn(assistant, "turn off the coffee machine")
