"""One lamp is one lamp in German, French and Spanish too: asked "which one?", and the answer acts.

Before, "Schalte die Lampe ein", "allume la lampe" and "enciende la lámpara" switched on all
eleven lights of the demo home: Home Assistant's templates read the singular as the domain.
No model is loaded (hassil templates, real SQLite), so these run in the fast tier.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from sayso.actions import demo_home_path
from sayso.actions.home import load_home
from sayso.app.assistant import Assistant
from sayso.dialogue.choosing import chosen
from sayso.dialogue.follow_ups import Referent
from sayso.events import Slot
from sayso.understanding.failures import sentence

from .conftest import OTHER_LANGUAGES, typed_assistant
from .test_no_invented_actions import snapshot

LIGHTS_ON = (
    "light.kitchen", "light.kitchen_counter", "light.living_room", "light.living_room_lamp",
)  # fmt: skip


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "one-of-many", OTHER_LANGUAGES)


def lights_on(a: Assistant) -> set[str]:
    assert a.actions is not None
    rows = a.actions.store.rows("SELECT entity_id FROM devices WHERE state = 'on'")
    return {str(r["entity_id"]) for r in rows if str(r["entity_id"]).startswith("light.")}


def say(a: Assistant, session: str, *texts: str) -> list[str]:
    return [asyncio.run(a.run_text(t, session_id=session)).reply_text for t in texts]


@pytest.mark.parametrize(
    ("command", "question", "answer", "switched"),
    [
        ("Schalte die Lampe ein", "Welches Gerät meinst du? Es gibt 11: sag den Raum oder den "
         "Namen.", "Küchenlicht", {"light.kitchen"}),
        ("Mach das Licht an", "Welches Gerät meinst du? Es gibt 11: sag den Raum oder den Namen.",
         "die im Wohnzimmer", {"light.living_room", "light.living_room_lamp"}),
        ("Allume la lampe", "Quel appareil ? Il y en a 11 : dites la pièce ou le nom.",
         "celle de la cuisine", {"light.kitchen", "light.kitchen_counter"}),
        ("Allume la lumière", "Quel appareil ? Il y en a 11 : dites la pièce ou le nom.",
         "la lampe de lecture", {"light.living_room_lamp"}),
        ("Enciende la lámpara", "¿Qué dispositivo? Hay 11: di la habitación o el nombre.",
         "la del salón", {"light.living_room", "light.living_room_lamp"}),
    ],
)  # fmt: skip
def test_one_lamp_is_asked_about_and_the_answer_switches_only_it(
    assistant: Assistant, command: str, question: str, answer: str, switched: set[str]
) -> None:
    say(assistant, "reset", "turn off all the lights")
    assert assistant.actions is not None
    before = snapshot(assistant.actions)
    asked = say(assistant, command, command)[0]
    assert asked == question
    assert snapshot(assistant.actions) == before  # asking changed nothing
    say(assistant, command, answer)
    assert lights_on(assistant) == switched


def state(a: Assistant, entity_id: str) -> str:
    assert a.actions is not None
    row = a.actions.store.row("SELECT state FROM devices WHERE entity_id = ?", (entity_id,))
    return str(row["state"])


def test_two_fans_are_named_in_the_question(assistant: Assistant) -> None:
    say(assistant, "fans", "turn on the ceiling fan", "turn on the desk fan")
    asked = say(assistant, "fans", "Apaga el ventilador", "el de techo")[0]
    assert asked == "¿Qué dispositivo: ventilador de techo o ventilador de escritorio?"
    assert state(assistant, "fan.bedroom_ceiling_fan") == "off"
    assert state(assistant, "fan.office_desk_fan") == "on"


@pytest.mark.parametrize(
    "command", ["Schalte die Lichter ein", "Allume toutes les lumières", "Enciende las luces"]
)
def test_plural_and_all_still_mean_every_light(assistant: Assistant, command: str) -> None:
    say(assistant, "reset", "turn off all the lights")
    say(assistant, "plural", command)
    assert len(lights_on(assistant)) == 11


def test_an_answer_that_fits_no_offered_device_is_not_taken(assistant: Assistant) -> None:
    say(assistant, "reset", "turn off all the lights")
    asked, answer = say(assistant, "nothing-fits", "Allume la lampe", "la machine à café")
    assert asked.startswith("Quel appareil")
    assert lights_on(assistant) == set()
    assert "Quel appareil" not in answer  # not asked again in a loop


def test_the_chosen_slot_is_a_device_or_an_area_among_the_offered() -> None:
    home = load_home(demo_home_path())
    referent = Referent("allume la lampe", "HassTurnOn", "lampe", "light", True,
                        choices=LIGHTS_ON, language="fr")  # fmt: skip
    assert chosen("la lampe de lecture", referent, home) == Slot(
        "name", "light.living_room_lamp", "la lampe de lecture"
    )
    assert chosen("salon", referent, home) == Slot("area", "Living Room", "salon")
    assert chosen("Kitchen", referent, home) == Slot("area", "Kitchen", "Kitchen")  # English too
    assert chosen("chambre", referent, home) is None  # the bedroom light was not offered
    assert chosen("la", referent, home) is None  # filler only
    assert chosen("lumière", referent, home) is None  # several lights, no one area


def test_several_choices_are_joined_in_the_language() -> None:
    names = {"names": ["Deckenlampe", "Leselampe", "Küchenlicht"]}
    assert sentence("de", "which_one_of", names) == (
        "Welches Gerät meinst du: Deckenlampe, Leselampe oder Küchenlicht?"
    )
    assert sentence("fr", "which_one_of", {"names": ["a", "b"]}) == "Quel appareil : a ou b ?"


@pytest.mark.parametrize(
    "command", ["Schalte die Lampe ein", "Allume la lampe", "Enciende la lámpara"]
)
def test_every_answer_expected_in_the_language_switches_some_of_the_lights(
    assistant: Assistant, command: str
) -> None:
    # What a spoken answer is decoded within after "which one?" (`choosing.answers`): the
    # offered names and places as the language names them, each read back by `chosen`.
    say(assistant, "reset", "turn off all the lights")
    say(assistant, f"expect-{command}", command)
    expected = assistant.expected_answers(f"expect-{command}")
    assert len(expected) > 11, expected
    for answer in expected:
        say(assistant, "reset", "turn off all the lights")
        say(assistant, f"{command}-{answer}", command, answer)
        assert 0 < len(lights_on(assistant)) < 11, (command, answer)
