"""Everyday English requests that round 30 found unread or wrongly done, as whole typed turns.

No model is loaded (hassil templates, real SQLite): each of these went to the brain before, which
set an unnamed timer for "set a pizza timer", added bread again for "mark bread as done", and
answered "hello" with "Sorry, I can't do that in this home yet."
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from sayso.actions.timeparse import english_clock
from sayso.actions.timers import Timers
from sayso.app.assistant import Assistant


def turn(a: Assistant, text: str) -> tuple[str, str]:
    result = asyncio.run(a.run_text(text))
    return (result.intent.intent if result.intent else ""), result.reply_text


def test_a_named_timer_is_set_asked_about_and_cancelled(assistant: Assistant) -> None:
    intent, reply = turn(assistant, "set a pizza timer for 10 minutes")
    assert intent == "HassStartTimer" and "pizza" in reply
    intent, reply = turn(assistant, "how much time is left")
    assert intent == "HassTimerStatus" and "left" in reply
    assert turn(assistant, "cancel the pizza timer") == ("HassCancelTimer", "Timer cancelled")


def test_an_item_is_marked_done_not_added_again(assistant: Assistant) -> None:
    turn(assistant, "add bread to my shopping list")
    intent, _ = turn(assistant, "mark bread as done on my shopping list")
    assert intent == "HassListCompleteItem"
    assert turn(assistant, "what's on my shopping list")[1] == "Your shopping list is empty."


@pytest.mark.parametrize(
    ("text", "intent", "reply"),
    [
        ("hello", "HassRespond", "Hello! What can I do for you?"),
        ("where does my data go", "HassRespond",
         "Your data stays on this machine, unless you set up a remote service."),
        ("dim the kitchen light to 30%", "HassLightSet", "Brightness set"),
        ("turn the kitchen light blue", "HassLightSet",
         "Sorry, the kitchen light can't change colour."),
        ("turn the heating up", "SaysoTemperatureStep", "Set the thermostat to 21 degrees."),
        ("lock all the doors", "HassTurnOn", "Locked"),
        ("open the living room curtains halfway", "HassSetPosition", "Position set"),
        ("what's the weather like", "HassGetWeather",
         "Sorry, I can't look up the weather offline."),
    ],
)  # fmt: skip
def test_everyday_requests(assistant: Assistant, text: str, intent: str, reply: str) -> None:
    assert turn(assistant, text) == (intent, reply)


def test_what_day_it_is(assistant: Assistant) -> None:
    intent, reply = turn(assistant, "what day is it")
    assert intent == "HassGetCurrentDate" and reply.startswith("Today is ")
    assert reply.removeprefix("Today is ").rstrip(".") in (
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
    )


def test_every_door_is_locked_and_unlocking_them_is_asked(assistant: Assistant) -> None:
    assert turn(assistant, "lock all the doors") == ("HassTurnOn", "Locked")
    intent, question = turn(assistant, "unlock all the doors")
    assert intent == "HassTurnOff" and question == "Unlock the front door and the back door?"
    assert turn(assistant, "no")[1] == "Okay, I won't."


def test_a_reminder_is_an_alarm_that_says_what_to_remember(assistant: Assistant) -> None:
    intent, reply = turn(assistant, "remind me to call mom at 5 pm")
    assert intent == "SaysoSetAlarm" and reply.startswith("I'll remind you to call mom at 5 PM")
    clock = assistant.actions.clock  # type: ignore[union-attr]
    ten = dt.timedelta(minutes=10)
    start = clock.now() + ten
    intent, reply = turn(assistant, "remind me to look at the oven in 10 minutes")
    times = {f"at {english_clock(t)} " for t in (start, clock.now() + ten)}  # a minute may turn
    assert intent == "SaysoSetAlarm" and reply.startswith("I'll remind you to look at the oven at")
    assert any(t in reply for t in times), reply
    intent, reply = turn(assistant, "remind me to look at the game at 5")
    assert reply.startswith("I'll remind you to look at the game at")  # split at the last "at"
    intent, reply = turn(assistant, "remind me to feed the cat 6pm")  # no "at": split off
    assert intent == "SaysoSetAlarm" and reply.startswith("I'll remind you to feed the cat at 6 PM")
    assert turn(assistant, "remind me to call room 5")[1] == "When should I remind you?"
    assert turn(assistant, "remind me to water the plants")[1] == "When should I remind you?"
    assert "(call mom)" in turn(assistant, "what alarms do I have")[1]
    turn(assistant, "cancel all alarms")


def test_a_light_dims_or_brightens_a_step(assistant: Assistant) -> None:
    turn(assistant, "turn on the living room lamp")
    turn(assistant, "set the living room lamp to 60 percent")
    assert turn(assistant, "make the living room lamp brighter") == (
        "SaysoBrightnessStep", "Set the living room lamp to 85% brightness."
    )
    assert turn(assistant, "dim the living room lamp")[1].endswith("to 60% brightness.")
    turn(assistant, "turn off the kitchen light")
    assert turn(assistant, "dim the kitchen light")[1] == "The kitchen light is off."


def test_a_fan_speed_and_a_players_volume_as_people_say_them(assistant: Assistant) -> None:
    assert turn(assistant, "set the desk fan to high")[0] == "HassFanSetSpeed"
    assert turn(assistant, "turn the volume up on the kitchen speaker")[0] == (
        "HassSetVolumeRelative"
    )


def test_a_reminder_with_no_label_and_one_after_its_time(assistant: Assistant) -> None:
    # Round 32: "remind me in 10 minutes" was not understood; the label-less template also
    # matches "remind me in 10 minutes to call mom", whose label the action finds after "to".
    assert turn(assistant, "remind me in 10 minutes")[1].startswith("Alarm set for ")
    reply = turn(assistant, "remind me in 10 minutes to call mom")[1]
    assert reply.startswith("I'll remind you to call mom at ")
    # 4:50 (not 5:10); AM or PM is the next 4:50 from now, whenever the test runs.
    assert turn(assistant, "remind me at ten to five")[1].startswith("Alarm set for 4:50 ")
    assert "(call mom)" in turn(assistant, "what are my reminders")[1]
    turn(assistant, "cancel all alarms")


def test_wake_me_up_at_a_bare_hour_is_the_morning(assistant: Assistant) -> None:
    # Round 32: "wake me up at 7" said after noon set 7 PM today.
    for said in ("wake me up at 7", "wake me up at seven thirty"):
        reply = turn(assistant, said)[1]
        assert " AM " in reply, reply
    assert " PM " in turn(assistant, "wake me up at 7 pm")[1]
    turn(assistant, "cancel all alarms")


@pytest.mark.parametrize(
    ("said", "reply", "seconds"),
    [
        ("set a timer for an hour", "Timer set for one hour", 3600),
        ("set a timer for an hour and a half", "Timer set for one hour and 30 minutes", 5400),
        ("set a timer for a minute and a half", "Timer set for one minute and 30 seconds", 90),
        ("set a timer for an hour and 15 minutes", "Timer set for one hour and 15 minutes", 4500),
        ("set timer 5 minutes", "Timer set for 5 minutes", 300),
    ],
)  # fmt: skip
def test_a_timer_of_an_hour_or_a_minute_and_a_half(
    assistant: Assistant, said: str, reply: str, seconds: int
) -> None:
    # Round 33: "an hour" and "… and a half" were not read ("Sorry, I didn't understand that.").
    asyncio.run(assistant.run_text("cancel all timers"))
    result = asyncio.run(assistant.run_text(said))
    assert result.reply_text == reply
    assert result.action is not None and result.action.success
    assert assistant.actions is not None
    assert [t.duration_s for t in Timers(assistant.actions.store).live()] == [seconds]
    asyncio.run(assistant.run_text("cancel all timers"))


@pytest.mark.parametrize("said", ["are the doors locked", "is everything locked"])
def test_are_the_doors_locked_asks_every_lock(assistant: Assistant, said: str) -> None:
    result = asyncio.run(assistant.run_text(said))
    assert result.intent is not None and result.intent.intent == "HassGetState"
    assert result.intent.slot("domain") == "lock" and result.intent.slot("state") == "locked"


def test_a_sum_is_answered_and_words_that_are_no_sum_are_not(assistant: Assistant) -> None:
    said = asyncio.run(assistant.run_text("what's 15 percent of 80")).reply_text
    assert said == "15 percent of 80 is 12."
    other = asyncio.run(assistant.run_text("what is the capital of France plus Paris"))
    assert other.intent is None  # not a sum: not understood here, the brain's with an LLM
    coin = asyncio.run(assistant.run_text("flip a coin")).reply_text
    assert coin in ("It's heads.", "It's tails.")


def test_open_the_garage_opens_the_room_s_cover(assistant: Assistant) -> None:
    # Round 33: "open the garage" was not understood; a room with no cover is told so.
    asyncio.run(assistant.run_text("close the garage door"))
    asyncio.run(assistant.run_text("open the garage"))
    assert assistant.actions is not None
    row = assistant.actions.store.row(
        "SELECT state FROM devices WHERE entity_id = ?", ("cover.garage_door",)
    )
    assert str(row["state"]) == "open"
    none = asyncio.run(assistant.run_text("open the kitchen")).reply_text
    assert none == "Sorry, there are no covers in the kitchen."
    asyncio.run(assistant.run_text("close the garage"))
