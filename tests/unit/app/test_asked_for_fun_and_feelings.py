"""Jokes, spelling, "I'm cold", toggles and more household forms, as whole typed turns (round 36).

No model is loaded (hassil templates, real SQLite). Before round 36 each of these was "Sorry,
I didn't understand that." without an LLM (and the embedded gemma-3-270m answered "Sorry, I'm not
sure what you want me to do."), or a wrong answer: "turn it down" with the desk fan at its lowest
said "Set the desk fan to 33%." and did nothing; "turn it back off" was not understood.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from sayso.actions import jokes
from sayso.app.assistant import Assistant
from tests.unit.app.conftest import OTHER_LANGUAGES, typed_assistant
from tests.unit.app.conftest import typed_turn as turn


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "fun", OTHER_LANGUAGES)


def state(a: Assistant, entity_id: str) -> str:
    assert a.actions is not None
    row = a.actions.store.row("SELECT state FROM devices WHERE entity_id = ?", (entity_id,))
    return str(row["state"])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("tell me a joke", "en"), ("can you tell me a joke", "en"), ("tell me another one", "en"),
        ("Erzähl mir einen Witz", "de"), ("raconte-moi une blague", "fr"),
        ("cuéntame un chiste", "es"),
    ],
)  # fmt: skip
def test_a_joke_in_the_language_asked(assistant: Assistant, text: str, language: str) -> None:
    intent, reply = turn(assistant, text)
    assert intent == "SaysoTellJoke"
    assert reply in jokes.JOKES[language]


def test_another_joke_is_another_one(assistant: Assistant) -> None:
    told = [turn(assistant, "tell me another one", "jokes")[1] for _ in range(30)]
    assert set(told) == set(jokes.JOKES["en"])  # 30 turns deal at least one whole deck
    assert all(a != b for a, b in itertools.pairwise(told))


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("how do you spell necessary", "Necessary: N, E, C, E, S, S, A, R, Y."),
        ("what's the spelling of rhythm", "Rhythm: R, H, Y, T, H, M."),
        ("wie schreibt man Fahrrad", "Fahrrad: F, A, H, R, R, A, D."),
        ("comment s'écrit bibliothèque", "Bibliothèque : B, I, B, L, I, O, T, H, È, Q, U, E."),
        ("cómo se escribe murciélago", "Murciélago: M, U, R, C, I, É, L, A, G, O."),
        ("repeat after me I love pizza", "I love pizza"),
        ("how do you spell the time", "Sorry, I didn't understand that."),
        ("spell 42", "Sorry, I didn't understand that."),
    ],
)
def test_words_spelled_and_said_back(assistant: Assistant, text: str, reply: str) -> None:
    assert turn(assistant, text)[1] == reply


def test_cold_offers_a_warmer_thermostat_and_acts_only_on_yes(assistant: Assistant) -> None:
    session = "cold"
    turn(assistant, "set the thermostat to 20", session)
    intent, question = turn(assistant, "I'm cold", session)
    assert (intent, question) == (
        "SaysoFeel", "It's 19.5 degrees inside. Turn the thermostat up to 21?"
    )
    assert turn(assistant, "no", session)[1] == "Okay, I won't."
    assert turn(assistant, "what's the thermostat set to", session)[1] == (
        "The thermostat is set to 20 degrees."
    )
    assert turn(assistant, "it's too warm in here", session)[1].endswith(
        "Turn the thermostat down to 19?"
    )
    assert turn(assistant, "yes", session)[1] == "Set the thermostat to 19 degrees."
    assert turn(assistant, "it's cold outside", session)[0] == ""  # a remark, not a request


def test_a_fan_at_its_lowest_speed_says_so(assistant: Assistant) -> None:
    session = "fan-limits"
    turn(assistant, "turn off the desk fan", session)
    assert turn(assistant, "turn up the desk fan", session)[1] == "Set the desk fan to 33%."
    assert turn(assistant, "turn it down", session)[1] == (
        "The desk fan is already at its lowest speed."
    )
    turn(assistant, "set the desk fan to high", session)
    assert turn(assistant, "turn it up", session)[1] == (
        "The desk fan is already at its highest speed."
    )


def test_turn_it_back_off_and_them_after_every_light(assistant: Assistant) -> None:
    session = "back-off"
    turn(assistant, "turn on the kitchen light", session)
    assert turn(assistant, "turn it back off", session) == ("HassTurnOff", "Turned off the light")
    assert state(assistant, "light.kitchen") == "off"
    turn(assistant, "turn on the lights", session)
    assert turn(assistant, "turn them back off", session)[0] == "HassTurnOff"
    assert state(assistant, "light.office") == "off"


def test_toggle_sends_a_room_one_way(assistant: Assistant) -> None:
    session = "toggle"
    turn(assistant, "turn off the living room lamp", session)
    turn(assistant, "turn on the living room light", session)
    assert turn(assistant, "toggle the living room lights", session)[1] == (
        "Turned off the living room light and the living room lamp."
    )
    assert turn(assistant, "toggle the living room lights", session)[1] == (
        "Turned on the living room light and the living room lamp."
    )
    assert turn(assistant, "toggle the front door", session)[0] == ""  # never a lock


@pytest.mark.parametrize(
    ("text", "intent", "reply"),
    [
        ("timer 5 minutes", "HassStartTimer", "Timer set for 5 minutes"),
        ("how many weeks until christmas", "SaysoDaysUntil", ""),
        ("is the thermostat on", "HassGetState", ""),
        ("are the lights on in the kitchen", "HassGetState", ""),
        ("set all the lights to 50 percent", "HassLightSet", "Brightness set"),
        ("how old are you", "", "I'm new: I was first built in 2026."),
        ("call mom", "", "I can't make phone calls, but I can send a message."),
        ("read my messages", "", "I can send messages, but I don't receive them."),
        ("wie alt bist du", "", "Ich bin neu: Ich wurde 2026 gebaut."),
    ],
)
def test_household_forms(assistant: Assistant, text: str, intent: str, reply: str) -> None:
    found, said = turn(assistant, text)
    assert found == intent
    assert said == reply if reply else said and "understand" not in said
    if intent:
        turn(assistant, "cancel all timers")


@pytest.mark.parametrize(
    ("said", "asked", "yes", "done"),
    [
        ("Mir ist kalt", "Drinnen sind es 19,5 Grad. Auf", "ja", "Temperatur auf"),
        ("J'ai froid", "Il fait 19,5 degrés à l'intérieur. Régler à", "oui", "Température réglée"),
        ("Tengo frío", "Dentro hace 19,5 grados. ¿Lo pongo a", "sí", "Temperatura ajustada"),
    ],
)
def test_cold_in_other_languages(
    assistant: Assistant, said: str, asked: str, yes: str, done: str
) -> None:
    session = f"cold-{said}"
    turn(assistant, "set the thermostat to 20", session)
    assert turn(assistant, said, session)[1].startswith(asked)
    assert turn(assistant, yes, session)[1].startswith(done)


def test_a_reminder_is_said_back_to_the_one_who_set_it(assistant: Assistant) -> None:
    session = "reminder-your"
    reply = turn(assistant, "remind me every day at 8 to take my pills", session)[1]
    assert reply.startswith("I'll remind you to take your pills at 8")
    assert "(every day; take your pills)" in turn(assistant, "what are my reminders", session)[1]
    turn(assistant, "cancel all alarms", session)


def test_brighter_alone_and_a_light_at_its_end(assistant: Assistant) -> None:
    session = "brighter"
    turn(assistant, "turn on the kitchen light", session)
    turn(assistant, "set it to 50 percent", session)
    assert turn(assistant, "brighter", session)[1] == "Set the kitchen light to 75% brightness."
    assert turn(assistant, "a bit dimmer", session)[1] == "Set the kitchen light to 50% brightness."
    turn(assistant, "set it to 100 percent", session)
    assert turn(assistant, "make it brighter", session)[1] == (
        "The kitchen light is already at full brightness."
    )
    assert turn(assistant, "brighter", "a-new-session")[0] == ""  # nothing to lean on


def test_remove_with_no_list_and_a_room_coloured(assistant: Assistant) -> None:
    session = "remove-bare"
    turn(assistant, "add call the plumber to my to do list", session)
    assert turn(assistant, "remove call the plumber", session)[1] == (
        "Removed call the plumber from your to-do list."
    )
    assert turn(assistant, "take the dog out", session)[0] == ""
    assert turn(assistant, "remove the pizza timer", session)[0] == ""
    assert turn(assistant, "make the living room lights red", session) == (
        "HassLightSet", "Color set"
    )


def test_the_lights_to_a_level_are_the_lights_that_are_on(assistant: Assistant) -> None:
    session = "lit-level"
    turn(assistant, "turn off all the lights", session)
    turn(assistant, "turn on the kitchen light", session)
    assert turn(assistant, "dim the lights to 30 percent", session)[0] == "HassLightSet"
    assert state(assistant, "light.kitchen") == "on"
    assert state(assistant, "light.bedroom") == "off"  # not turned on by a level
    turn(assistant, "set all the lights to 40 percent", session)
    assert state(assistant, "light.bedroom") == "on"


def test_cold_with_the_heating_off_offers_to_turn_it_on(assistant: Assistant) -> None:
    session = "cold-off"
    turn(assistant, "turn off the heating", session)
    assert turn(assistant, "I'm cold", session)[1].startswith("The thermostat is off. Turn it on")
    assert turn(assistant, "yes", session)[1].startswith("Set the thermostat to")
    assert state(assistant, "climate.thermostat") != "off"
    turn(assistant, "turn off the heating", session)
    assert turn(assistant, "I'm hot", session)[1] == "The thermostat is already off."
    assert state(assistant, "climate.thermostat") == "off"


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("toggle the garage door", "Sorry, I don't toggle the garage door: say open or close."),
        ("call 911",
         "I can't make phone calls. If this is an emergency, please call from a phone now."),
        ("spell it", "Sorry, I didn't understand that."),
        ("it's hot", "Sorry, I didn't understand that."),  # the coffee, perhaps: no place said
        ("wie schreibt man Straße", "Straße: S, T, R, A, ß, E."),
    ],
)
def test_what_is_not_done_or_not_meant(assistant: Assistant, text: str, reply: str) -> None:
    assert turn(assistant, text)[1] == reply
