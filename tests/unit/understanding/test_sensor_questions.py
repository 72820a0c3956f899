"""A door or window question reads the home's sensors only when the home has no such cover."""

from __future__ import annotations

from sayso.events.understanding import Slot
from sayso.understanding.base import EntityName, HomeVocabulary
from sayso.understanding.hassil.sensor_questions import as_sensor_question

QUESTION = (Slot("domain", "cover"), Slot("device_class", "garage", "portes de garage"),
            Slot("state", "open", "ouvertes"), Slot("area", "garage", "garage"))  # fmt: skip
SENSOR = EntityName("binary_sensor.porte", "Porte droite", "garage", device_class="garage_door")
COVER = EntityName("cover.porte", "Porte du garage", "garage", device_class="garage")


def test_a_home_with_sensors_only_is_asked_through_its_sensors() -> None:
    slots = as_sensor_question("HassGetState", QUESTION, HomeVocabulary(entities=(SENSOR,)))
    assert slots is not None
    assert {s.name: s.value for s in slots} == {
        "domain": "binary_sensor", "device_class": "garage_door", "state": "on", "area": "garage",
    }  # fmt: skip
    assert slots[1].text == "portes de garage"  # the words said stay


def test_a_home_with_the_cover_keeps_home_assistants_reading() -> None:
    home = HomeVocabulary(entities=(SENSOR, COVER))
    assert as_sensor_question("HassGetState", QUESTION, home) is None


def test_commands_and_named_devices_are_never_changed() -> None:
    home = HomeVocabulary(entities=(SENSOR,))
    assert as_sensor_question("HassTurnOn", QUESTION, home) is None
    named = (*QUESTION, Slot("name", "cover.porte"))
    assert as_sensor_question("HassGetState", named, home) is None


def test_no_sensor_of_the_class_keeps_the_reading() -> None:
    home = HomeVocabulary(entities=(EntityName("binary_sensor.w", "W", device_class="window"),))
    assert as_sensor_question("HassGetState", QUESTION, home) is None
