"""Questions about binary sensors by device class, in English, Spanish and German.

A name carries its device class as context, so "is the phone battery low?" picks the phone's
battery sensor, not its charging sensor of the same name; class questions ("are any gas sensors
on?") fill domain, device_class and state as Home Assistant states them; light questions stay
light questions.
"""

from __future__ import annotations

import functools

import pytest

from sayso.config import IntentsConfig
from sayso.understanding.base import EntityName, HomeVocabulary
from sayso.understanding.hassil.recognizer import HassilRecognizer

PHONE, CHARGING = "binary_sensor.phone_battery", "binary_sensor.phone_charging"


@functools.cache  # loading a language's templates takes seconds
def _recognizer(language: str, phone: str, area: str) -> HassilRecognizer:
    rec = HassilRecognizer(IntentsConfig(language=language))
    rec.load()
    rec.set_home(HomeVocabulary(
        entities=(
            EntityName(CHARGING, phone, device_class="battery_charging"),
            EntityName(PHONE, phone, device_class="battery"),
            EntityName("light.ceiling", "Ceiling", area=area),
        ),
        areas=(area,),
    ))  # fmt: skip
    return rec


@pytest.mark.parametrize(
    ("language", "phone", "area", "text", "slots"),
    [
        ("en", "Phone", "Kitchen", "is the phone battery low?",
         {"name": PHONE, "device_class": "battery", "state": "on"}),
        ("en", "Phone", "Kitchen", "is the phone charging",
         {"name": CHARGING, "device_class": "battery_charging", "state": "on"}),
        ("en", "Phone", "Kitchen", "are any gas sensors on in the kitchen?",
         {"device_class": "gas", "state": "on", "area": "Kitchen"}),
        ("es", "Teléfono", "Cocina", "¿hay alguna batería baja?",
         {"device_class": "battery", "state": "on"}),
        ("es", "Teléfono", "Cocina", "¿se detecta humo en la cocina?",
         {"device_class": "smoke", "state": "on", "area": "Cocina"}),
        ("de", "Handy", "Büro", "wie viele Geräte im Büro sind verbunden?",
         {"device_class": "connectivity", "state": "on", "area": "Büro"}),
    ],
)  # fmt: skip
def test_binary_sensor_questions(
    language: str, phone: str, area: str, text: str, slots: dict[str, str]
) -> None:
    found = _recognizer(language, phone, area).recognize(text)
    assert found is not None and found.intent == "HassGetState"
    assert found.slot_dict() == {"domain": "binary_sensor", **slots}


@pytest.mark.parametrize(
    ("language", "area", "text"),
    [("en", "Kitchen", "are any lights on?"), ("de", "Büro", "sind alle Lichter an")],
)
def test_light_questions_stay_about_lights(language: str, area: str, text: str) -> None:
    found = _recognizer(language, "Phone", area).recognize(text)
    assert found is not None and found.slot("domain") == "light"
