"""Turns that lean on the last command, as whole typed turns on the demo home (round 31).

No model is loaded (hassil templates, real SQLite). Before, each follow-up went to the brain, which
the embedded gemma-3-270m answered "Sorry, I'm not sure what you want me to do"; "turn off the
lamp" switched off all eleven lights of the home; "thank you" was "Sorry, I didn't understand".
"""

from __future__ import annotations

import asyncio
import itertools

from sayso.actions.devices import get_device
from sayso.actions.handlers_media import VOLUME_STEP
from sayso.app.assistant import Assistant

_SESSIONS = itertools.count()


def talk(a: Assistant, *turns: str) -> list[tuple[str, bool, str]]:
    """Each turn's (intent, done, reply), one new session for the conversation."""
    session = f"s{next(_SESSIONS)}"
    out = []
    for text in turns:
        result = asyncio.run(a.run_text(text, session_id=session))
        done = result.action is not None and result.action.success
        out.append(((result.intent.intent if result.intent else ""), done, result.reply_text))
    return out


def state(a: Assistant, entity_id: str) -> str:
    assert a.actions is not None
    device = get_device(a.actions.store, entity_id)
    assert device is not None
    return device.state


def test_it_is_the_device_the_last_command_named(assistant: Assistant) -> None:
    talk(assistant, "turn on the kitchen light")
    assert state(assistant, "light.kitchen") == "on"
    last = talk(assistant, "turn on the kitchen light", "turn it off")[-1]
    assert last[:2] == ("HassTurnOff", True)
    assert state(assistant, "light.kitchen") == "off"
    talk(assistant, "open the garage door")
    assert talk(assistant, "is the garage door open", "close it")[-1][:2] == ("HassTurnOff", True)
    assert state(assistant, "cover.garage_door") == "closed"
    color = talk(assistant, "turn on the living room lamp", "make it red")[-1]
    assert color[:2] == ("HassLightSet", True)


def test_too_repeats_the_last_command_for_another_place_or_device(assistant: Assistant) -> None:
    talk(assistant, "turn off the lights")
    talk(assistant, "turn on the kitchen light", "and the hallway too")
    assert state(assistant, "light.hallway") == "on"
    talk(assistant, "turn on the kitchen light", "what about the bedroom")
    assert state(assistant, "light.bedroom") == "on"
    talk(assistant, "turn off the kitchen light", "the office as well")
    assert state(assistant, "light.office") == "off"


def test_a_lamp_of_many_is_asked_about_and_the_answer_completes_it(assistant: Assistant) -> None:
    talk(assistant, "turn on the lights")
    asked = talk(assistant, "turn off the lamp", "the kitchen light")
    assert not asked[0][1] and asked[0][2].startswith("Which light do you mean?")
    assert asked[1][:2] == ("HassTurnOff", True)
    assert state(assistant, "light.kitchen") == "off"
    assert state(assistant, "light.hallway") == "on"  # not every light of the home
    fans = talk(assistant, "switch off the fan", "desk")
    assert fans[0][2] == "Which fan do you mean: the ceiling fan or the desk fan?"
    assert fans[1][:2] == ("HassTurnOff", True)


def test_plural_and_state_questions_still_mean_every_one(assistant: Assistant) -> None:
    assert talk(assistant, "turn off the lights")[0][:2] == ("HassTurnOff", True)
    assert state(assistant, "light.garden") == "off"
    assert talk(assistant, "is any light on")[0][:2] == ("HassGetState", True)


def test_a_sensitive_follow_up_is_still_asked_first(assistant: Assistant) -> None:
    turns = talk(assistant, "is the front door locked", "unlock it")
    assert turns[1][0] == "HassTurnOff" and not turns[1][1]
    assert turns[1][2].endswith("?")  # asked, not done
    assert state(assistant, "lock.front_door") == "locked"


def test_without_a_command_before_nothing_is_rewritten(assistant: Assistant) -> None:
    assert talk(assistant, "turn it off")[0][:2] == ("", False)
    assert talk(assistant, "and the hallway too")[0][:2] == ("", False)
    # An unanswered "which one?" is forgotten after one turn.
    turns = talk(assistant, "turn off the lamp", "what time is it", "kitchen")
    assert turns[2][:2] == ("", False)


def test_inside_and_outside_readings(assistant: Assistant) -> None:
    outside = talk(assistant, "what's the temperature outside")[0]
    assert outside[:2] == ("HassClimateGetTemperature", True) and "12.5" in outside[2]
    inside = talk(assistant, "is it cold inside")[0]
    assert inside[:2] == ("HassClimateGetTemperature", True) and "19.5" in inside[2]
    humid = talk(assistant, "what's the humidity outside")[0]
    assert humid[:2] == ("HassGetState", True) and "71" in humid[2]
    assert "no humidity sensors inside" in talk(assistant, "what's the humidity inside")[0][2]


def test_thanks_and_what_it_can_do(assistant: Assistant) -> None:
    assert talk(assistant, "Thanks!")[0] == ("", False, "You're welcome.")
    assert talk(assistant, "good night")[0][2] == "Good night!"
    intent, _, reply = talk(assistant, "what can you do")[0]
    assert intent == "HassRespond" and reply.startswith("You can ask me")


def test_undo_puts_the_last_commands_devices_back(assistant: Assistant) -> None:
    talk(assistant, "turn off the lights")
    turns = talk(assistant, "turn on the kitchen light", "what time is it", "undo that")
    assert turns[2] == ("SaysoUndo", True, "Put the kitchen light back as it was.")
    assert state(assistant, "light.kitchen") == "off"
    assert talk(assistant, "undo")[0][:2] == ("SaysoUndo", False)  # a new session: nothing
    turns = talk(assistant, "lock the back door", "unlock the back door", "yes", "undo")
    assert state(assistant, "lock.back_door") == "unlocked"
    assert turns[3][:2] == ("SaysoUndo", False) and "lock" in turns[3][2]  # never an unasked lock


def test_two_commands_joined_by_and_run_as_one_turn(assistant: Assistant) -> None:
    talk(assistant, "turn on the lights")
    turns = talk(assistant, "turn off the kitchen light and the hallway light", "undo")
    assert turns[0][:2] == ("HassTurnOff", True)
    assert turns[1][:2] == ("SaysoUndo", True)  # both put back
    assert state(assistant, "light.kitchen") == "on" and state(assistant, "light.hallway") == "on"
    turns = talk(assistant, "turn off the lights in the kitchen and the living room")
    assert turns[0][:2] == ("HassTurnOff", True)
    assert state(assistant, "light.living_room") == "off"
    assert state(assistant, "light.office") == "on"
    both = talk(assistant, "turn on the kitchen light and turn off the office light")[0]
    assert both[1] and state(assistant, "light.office") == "off"
    assert both[2] == "Turned on the light. Turned off the light."
    # An unlock is still asked, so the pair is not run at once; one "which fan?" neither.
    assert talk(assistant, "lock the front door and unlock the back door")[0][:2] == ("", False)
    assert talk(assistant, "turn on the fan and the tv")[0][:2] == ("", False)


def test_reminders_are_listed_and_cancelled_as_reminders(assistant: Assistant) -> None:
    talk(assistant, "remind me to water the plants at 6 pm")
    listed = talk(assistant, "what are my reminders")[0]
    assert listed[0] == "SaysoListAlarms" and "(water the plants)" in listed[2]
    assert talk(assistant, "cancel all reminders")[0][:2] == ("SaysoCancelAlarm", True)


def test_a_pronoun_alone_or_two_bare_names_do_nothing_at_once(assistant: Assistant) -> None:
    talk(assistant, "turn off the lights")
    for alone in ("that", "It.", "these"):  # would read as the bare name: "turn on"
        assert talk(assistant, "turn off the kitchen light", alone)[1][:2] == ("", False)
    assert state(assistant, "light.kitchen") == "off"
    # Each bare name alone is asked about first; joined, they are not run at once either.
    assert not talk(assistant, "kitchen light and hallway light")[0][1]
    assert state(assistant, "light.kitchen") == "off" and state(assistant, "light.hallway") == "off"


def test_louder_turns_up_what_plays_not_every_speaker(assistant: Assistant) -> None:
    before = {e: _volume(assistant, e) for e in ("media_player.kitchen_speaker",
                                                 "media_player.living_room_tv")}  # fmt: skip
    assert talk(assistant, "louder")[0][:2] == ("HassSetVolumeRelative", True)
    assert _volume(assistant, "media_player.kitchen_speaker") == (
        before["media_player.kitchen_speaker"] + VOLUME_STEP
    )  # the paused speaker, from its own volume
    tv = "media_player.living_room_tv"
    assert _volume(assistant, tv) == before[tv]  # off: not turned up


def test_undo_leaves_an_attribute_the_device_did_not_have(assistant: Assistant) -> None:
    store = assistant.actions.store  # type: ignore[union-attr]
    store.execute("UPDATE devices SET state = 'on', attributes = ? WHERE entity_id = ?",
                  ('{"supports_brightness": true}', "light.dining_room"))
    talk(assistant, "set the dining room light to 40 percent", "undo")
    assert talk(assistant, "dim the dining room light")[0][1]  # no None brightness written
    assert get_device(store, "light.dining_room").attributes["brightness"] == 15  # type: ignore[union-attr]


def _volume(a: Assistant, entity_id: str) -> int:
    assert a.actions is not None
    device = get_device(a.actions.store, entity_id)
    assert device is not None
    return int(device.attributes["volume"])


def test_it_is_the_timer_just_set(assistant: Assistant) -> None:
    pizza = talk(assistant, "set a pizza timer for 10 minutes", "pause it", "add 5 minutes to it",
                 "cancel it")  # fmt: skip
    assert [t[:2] for t in pizza[1:]] == [
        ("HassPauseTimer", True), ("HassIncreaseTimer", True), ("HassCancelTimer", True)
    ]
    # Two unnamed timers: "it" is the one just set, picked by its length.
    turns = talk(assistant, "set a timer for 5 minutes", "set a timer for 10 minutes",
                 "how much time is left", "cancel it")  # fmt: skip
    assert turns[3][:2] == ("HassCancelTimer", True)
    assert assistant.actions is not None
    rows = assistant.actions.store.rows("SELECT duration_s FROM timers WHERE status = 'active'")
    assert [r["duration_s"] for r in rows] == [300]  # the 5 minute timer still runs
    talk(assistant, "cancel all timers")
    # "it" after a timer is no device; a timer is not leaned on by "too".
    assert talk(assistant, "set a timer for 5 minutes", "and the pizza too")[-1][1] is False
    talk(assistant, "cancel all timers")


def test_every_answer_which_one_expects_reads_back_to_one_of_its_devices(
    assistant: Assistant,
) -> None:
    # What a spoken answer is decoded within after "which one?" (`choosing.answers`) must be
    # what the turn then understands: each form, typed, switches off some of the devices
    # offered, never all of them.
    for asked, kind, said in (
        ("turn off the lamp", "light", {"the kitchen", "the bedside lamp", "in the office"}),
        ("switch off the fan", "fan", {"the desk one", "the ceiling fan", "the bedroom"}),
    ):
        session = f"s{next(_SESSIONS)}"
        asyncio.run(assistant.run_text(asked, session_id=session))
        expected = assistant.expected_answers(session)
        assert said <= set(expected), expected
        assert expected[-3:] == ("never mind", "cancel", "forget it")
        offered = [e for e in _entities(assistant) if e.startswith(f"{kind}.")]
        for answer in expected[:-3]:
            talk(assistant, f"turn on the {kind}s")
            turns = talk(assistant, asked, answer)
            assert turns[1][:2] == ("HassTurnOff", True), (asked, answer, turns)
            off = [e for e in offered if state(assistant, e) == "off"]
            assert 0 < len(off) < len(offered), (answer, off)
        assert talk(assistant, asked, "never mind")[1][0] == "HassNevermind"
    assert assistant.expected_answers(f"s{next(_SESSIONS)}") == ()  # nothing asked


def _entities(a: Assistant) -> list[str]:
    assert a.actions is not None
    return [d.entity_id for d in a.actions.home.devices]
