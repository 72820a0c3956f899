"""What a follow-up turn is rewritten to, and thanks answered (pure logic, no grammar).

Whole turns through the grammar and the home: tests/unit/app/test_follow_ups.py.
"""

from __future__ import annotations

import dataclasses

from sayso.actions.home import DeviceSpec, HomeSpec
from sayso.dialogue import social
from sayso.dialogue.follow_ups import (
    Referent,
    current,
    narrows,
    referent_of,
    referent_to,
    rewrites,
)
from sayso.dialogue.memory import ConversationMemory
from sayso.events import IntentRecognized, Slot

KITCHEN = Referent("turn on the kitchen light", "HassTurnOn", "kitchen light", "light")
LAMP = Referent("turn off the lamp", "HassTurnOff", "lamp", "light", unresolved=True)
HOME = HomeSpec(
    areas={"Kitchen": None},
    devices=(DeviceSpec("light.kitchen", "Kitchen Light", "Kitchen"),
             DeviceSpec("fan.desk", "Desk Fan", None)),
)  # fmt: skip


def texts(found: list[tuple[str, str | None]]) -> list[str]:
    return [text for text, _ in found]


def test_a_pronoun_becomes_the_last_target_with_the_particle_first() -> None:
    assert rewrites("Turn it off.", KITCHEN) == [
        ("turn off the kitchen light", None),
        ("turn the kitchen light off", None),
    ]
    assert texts(rewrites("close it", KITCHEN)) == ["close the kitchen light"]
    assert texts(rewrites("make them red", KITCHEN)) == ["make the kitchen light red"]


def test_too_says_the_last_command_again_with_the_new_name() -> None:
    found = rewrites("and the hallway too", KITCHEN)
    # The kind first (round 35): "turn on the hallway" now reads as every light of the hallway.
    assert found[0] == ("turn on the hallway light", "HassTurnOn")
    assert texts(found)[1:] == ["turn on the hallway lights", "turn on the hallway"]
    assert texts(rewrites("what about the bedroom", KITCHEN))[0] == "turn on the bedroom light"
    assert texts(rewrites("same for the desk fan", KITCHEN))[-1] == "turn on the desk fan"
    assert texts(rewrites("the office as well", KITCHEN))[0] == "turn on the office light"


def test_a_turn_with_no_marker_or_too_many_words_is_not_a_follow_up() -> None:
    assert rewrites("the hallway", KITCHEN) == []  # no "too": a fragment of its own
    assert rewrites("what time is it and is it raining", KITCHEN) == []  # two pronouns
    assert rewrites("and the big old lamp in the far corner of the living room too", KITCHEN) == []
    assert rewrites("", KITCHEN) == []


def test_an_answer_to_which_one_fills_the_kind_word() -> None:
    found = rewrites("the kitchen light", LAMP)
    assert found == [("turn off the kitchen light", "HassTurnOff")]
    assert texts(rewrites("kitchen", LAMP)) == [
        "turn off the kitchen light", "turn off the kitchen lights", "turn off the kitchen",
    ]  # fmt: skip
    assert rewrites("turn it on", LAMP) == []  # a pronoun answers nothing


def test_the_referent_names_the_slot_or_waits_with_the_kind_word() -> None:
    named = IntentRecognized(
        intent="HassTurnOn", text="Turn on the Kitchen Light.",
        slots=(Slot("name", "light.kitchen", "Kitchen Light"),),
    )  # fmt: skip
    found = referent_of(named, HOME, ("light.kitchen",))
    assert found == Referent(
        "turn on the kitchen light", "HassTurnOn", "kitchen light", "light",
        targets=("light.kitchen",), domain="light",
    )  # fmt: skip
    bare = IntentRecognized(intent="HassTurnOff", text="switch off the fan",
                            slots=(Slot("domain", "fan"),))
    assert referent_of(bare, HOME, ()) is None  # acted on every fan: nothing to point back to
    waiting = referent_of(bare, HOME, (), unresolved=True)
    assert waiting is not None and waiting.span == "fan" and waiting.kind == "fan"
    german = IntentRecognized(intent="HassTurnOn", text="Küchenlicht an", language="de",
                              slots=(Slot("name", "light.kitchen", "Küchenlicht"),))
    found = referent_of(german, HOME, ())
    assert found is not None and (found.text, found.span, found.language) == (
        "Küchenlicht an", "Küchenlicht", "de",
    )  # fmt: skip
    kitchen = (Slot("name", "light.kitchen", "厨房灯"),)
    chinese = dataclasses.replace(german, text="打开厨房灯。", language="zh-CN", slots=kitchen)
    found = referent_of(chinese, HOME, ())
    assert found is not None and (found.text, found.span) == ("打开厨房灯", "厨房灯")
    japanese = dataclasses.replace(chinese, language="ja")
    assert referent_of(japanese, HOME, ()) is None  # no rules to lean on


def test_a_rewrite_counts_when_it_names_its_own_target_of_the_same_kind() -> None:
    lamp = IntentRecognized(intent="HassTurnOff", slots=(Slot("name", "light.kitchen"),))
    assert narrows(lamp, LAMP, HOME)
    every = IntentRecognized(intent="HassTurnOff", slots=(Slot("domain", "light"),))
    assert not narrows(every, LAMP, HOME)  # "lights" answering "which light?"
    fan = IntentRecognized(intent="HassTurnOff", slots=(Slot("name", "fan.desk"),))
    assert not narrows(fan, dataclasses.replace(LAMP, domain="light"), HOME)


def test_an_llm_action_on_one_device_is_what_it_means() -> None:
    found = referent_to(("fan.desk",), HOME)
    assert found is not None and texts(rewrites("turn it on", found))[0] == "turn on the desk fan"
    assert referent_to(("light.kitchen", "fan.desk"), HOME) is None
    assert referent_to(("light.gone",), HOME) is None
    memory = ConversationMemory(last_targets=("fan.desk",))
    memory.referent = KITCHEN  # recorded before the LLM acted on the fan
    now = current(memory, HOME)
    assert now is not None and now.span == "desk fan"


def test_thanks_and_greetings_in_five_languages() -> None:
    assert social.reply("Thank you!", "en") == "You're welcome."
    assert social.reply("okay, thanks a lot", "en") == "You're welcome."
    assert social.reply("Good night.", "en") == "Good night!"
    assert social.reply("thank you for nothing", "en") is None
    assert social.reply("turn on the light", "en") is None
    assert social.reply("Danke schön", "de") == "Gern geschehen."
    assert social.reply("Merci beaucoup", "fr") == "De rien."
    assert social.reply("Muchas gracias", "es") == "De nada."
    assert social.reply("谢谢！", "zh-cn") == "不客气。"
    # Round 32: a typed "Danke" that nothing read is a NoIntent in the default language.
    assert social.answer("Danke", "en") == ("Gern geschehen.", "de")
    assert social.answer("thanks", "en-GB") == ("You're welcome.", "en-GB")
