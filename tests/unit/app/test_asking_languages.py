"""Asked and answered in the turn's language: an unlock or a short command in German, French,
Spanish or Chinese can be confirmed with "ja", "oui", "vale" or "好的".

Before, the question was English ("Unlock the front door?") and "ja" was neither a yes nor a no,
so the action was dropped; and "Küchenlicht an" was a fragment, asked about in English.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from sayso.actions import ActionHandler, open_actions
from sayso.config import Settings
from sayso.dialogue import asking
from sayso.dialogue.confirm import Verdict, classify
from sayso.dialogue.fragments import is_fragment
from sayso.events import IntentRecognized, NoIntent, Reading, Slot

from .test_action_stage import UNLOCK, Rig, action, reply


@pytest.fixture()
def handler(tmp_path: Path) -> Iterator[ActionHandler]:
    opened = open_actions(Settings(data_dir=str(tmp_path)))
    yield opened
    opened.store.close()


def unlock(language: str, said: str) -> IntentRecognized:
    return dataclasses.replace(
        UNLOCK, language=language, slots=(Slot("name", "lock.front_door", said),)
    )


@pytest.mark.parametrize(
    ("language", "door", "question", "yes"),
    [
        ("de", "Haustür", "Haustür aufschließen?", "Ja, bitte."),
        ("fr", "porte d'entrée", "Déverrouiller porte d'entrée ?", "Oui."),
        ("es", "puerta principal", "¿Desbloqueo puerta principal?", "Vale."),
        ("zh-CN", "前门", "要解锁前门吗？", "好的。"),
    ],
)
async def test_an_unlock_is_asked_and_confirmed_in_the_turns_language(
    handler: ActionHandler, language: str, door: str, question: str, yes: str
) -> None:
    rig = Rig(handler)
    asked = await rig.turn(unlock(language, door))
    assert reply(asked) == question
    assert rig.state("lock.front_door") == "locked"
    done = await rig.turn(NoIntent(text=yes, language=language))
    assert action(done).success and rig.state("lock.front_door") == "unlocked"


async def test_a_no_is_heard_and_answered_in_the_turns_language(handler: ActionHandler) -> None:
    rig = Rig(handler)
    await rig.turn(unlock("de", "Haustür"))
    refused = await rig.turn(NoIntent(text="Nein, lieber nicht.", language="de"))
    assert reply(refused) == "Okay, mache ich nicht."
    assert action(refused).language == "de" and rig.state("lock.front_door") == "locked"


def test_answers_per_language() -> None:
    assert classify("ja", "de") is Verdict.CONFIRMED
    assert classify("ja", "en") is Verdict.CANCELLED  # a German yes is not heard in English
    assert classify("yes", "de") is Verdict.CONFIRMED  # English answers count everywhere
    assert classify("non merci", "fr") is Verdict.DENIED
    assert classify("no, gracias", "es") is Verdict.DENIED
    assert classify("不要", "zh-CN") is Verdict.DENIED
    assert classify("ja, und mach das Licht an", "de") is Verdict.CANCELLED  # a new request


def test_two_words_that_name_an_action_are_a_command_in_their_language() -> None:
    assert not is_fragment("Küchenlicht an", "de")
    assert is_fragment("Küchenlicht", "de")
    assert not is_fragment("allume lampe", "fr")
    assert is_fragment("an apple")  # English: "an" is an article, not "on"


def test_a_timers_command_is_asked_with_its_delay() -> None:
    assert asking.later("Haustür aufschließen?", 150, "de") == (
        "In 2 Minuten 30 Sekunden: Haustür aufschließen?"
    )
    assert asking.later("Unlock?", 60, "it") is None  # English


async def test_a_misheard_short_command_is_asked_about_in_its_language(
    handler: ActionHandler,
) -> None:
    # Whisper base heard espeak-ng's "Licht ein" as "Lift ein."; the grammar read "licht ein.".
    heard = IntentRecognized(
        intent="HassTurnOn", text="licht ein.", language="de",
        slots=(Slot("domain", "light"),),
        reading=Reading("corrected", "licht ein.", 0.2, heard="Lift ein."),
    )
    rig = Rig(handler)
    assert reply(await rig.turn(heard)) == "Meintest du: licht ein?"
    done = await rig.turn(NoIntent(text="Ja.", language="de"))
    assert action(done).success and rig.state("light.kitchen") == "on"


def test_every_answer_decoded_first_is_a_yes_or_a_no() -> None:
    for language, said in asking.ANSWERS.items():
        for text in said:
            assert classify(text, language) is not Verdict.CANCELLED, (language, text)
