"""Forms people say that Home Assistant's released templates do not read, per language (table).

sayso's bundled files (`data/intents/<language>/`): sensors asked by the quantity they measure
(en, es), every light on (en, fr: every light off is read already), a named player's volume
(en), French timers started with any starting verb, Chinese timers by their length without 的,
German "Beschattung" as every shading cover, "alle" before a cover class and every fan.
"""

from __future__ import annotations

from typing import Any

import pytest

from sayso.config import IntentsConfig
from sayso.understanding.base import EntityName, HomeVocabulary
from sayso.understanding.hassil.recognizer import HassilRecognizer

HOMES = {
    "en": HomeVocabulary(
        entities=(EntityName("sensor.pm1", "Living room PM1 sensor", device_class="pm1"),
                  EntityName("sensor.tyre", "Car tyre pressure", device_class="pressure"),
                  EntityName("light.kitchen", "Kitchen light", "Kitchen"),
                  EntityName("media_player.tv", "TV", "Kitchen")),
        areas=("Kitchen",),
    ),
    "es": HomeVocabulary(
        entities=(EntityName("sensor.rueda", "Presión rueda", device_class="pressure"),
                  EntityName("sensor.pm1", "PM1 salón", device_class="pm1")),
    ),
    "fr": HomeVocabulary(entities=(EntityName("light.salon", "Lampe", "salon"),), areas=("salon",)),
    "zh-CN": HomeVocabulary(entities=(EntityName("light.kitchen", "厨房灯", "厨房"),)),
    "de": HomeVocabulary(
        entities=(EntityName("cover.tor", "Einfahrtstor", device_class="gate"),
                  EntityName("cover.rollo", "Rollo links", "Wohnzimmer", device_class="blind"),
                  EntityName("fan.decke", "Deckenventilator", "Wohnzimmer")),
        areas=("Wohnzimmer",),
    ),
}  # fmt: skip

CASES: list[tuple[str, str, str | None, dict[str, Any]]] = [
    ("en", "what is the PM1 level indicated by living room PM1 sensor?", "HassGetState",
     {"name": "sensor.pm1", "domain": "sensor", "device_class": "pm1"}),
    ("en", "what is the car tyre pressure's pressure", "HassGetState", {"name": "sensor.tyre"}),
    ("en", "what is the pressure of the kitchen light", None, {}),  # a light measures no pressure
    ("en", "turn on all the lights in the house", "HassTurnOn", {"domain": "light", "area": None}),
    ("en", "turn up the volume on the TV", "HassSetVolumeRelative",
     {"volume_step": "up", "name": "media_player.tv"}),
    ("en", "turn the volume of the TV down", "HassSetVolumeRelative", {"volume_step": "down"}),
    ("en", "turn up the volume on the kitchen light", None, {}),  # a light has no volume
    ("es", "¿Cuál es la presión indicada por Presión rueda?", "HassGetState",
     {"name": "sensor.rueda", "device_class": "pressure"}),
    ("es", "¿Cuál es el nivel de PM1 indicado por el sensor de PM1 salón?", "HassGetState",
     {"name": "sensor.pm1"}),
    ("fr", "Démarre un minuteur de 5 minutes", "HassStartTimer", {"minutes": 5}),
    ("fr", "Lance un minuteur de 2 heures et 10 minutes", "HassStartTimer",
     {"hours": 2, "minutes": 10}),
    ("fr", "Démarre un minuteur d'une heure appelé chocolatine", "HassStartTimer",
     {"hours": 1, "name": "chocolatine"}),
    ("fr", "Mets de la musique", "HassMediaSearchAndPlay", {}),  # media stays media
    ("fr", "Allume toutes les lumières", "HassTurnOn", {"domain": "light"}),
    ("zh-CN", "计时器10分钟", "HassStartTimer", {"minutes": 10}),
    ("zh-CN", "设置计时器半个小时", "HassStartTimer", {"minutes": 30}),
    ("zh-CN", "暂停1小时计时器", "HassPauseTimer", {"start_hours": 1}),
    ("zh-CN", "1个钟头计时器剩多少时间", "HassTimerStatus", {"start_hours": 1}),
    ("zh-CN", "暂停披萨计时器", "HassPauseTimer", {"name": "披萨"}),  # a name stays a name
    ("de", "schließe alle Tore", "HassTurnOff", {"device_class": "gate"}),
    ("de", "mach die Beschattung im Wohnzimmer runter", "HassTurnOff",
     {"device_class": ["awning", "blind", "curtain", "shade", "shutter"], "area": "Wohnzimmer"}),
    ("de", "öffne die Rollos", "HassTurnOn", {"device_class": "blind"}),  # as Home Assistant
    ("de", "schalte alle Ventilatoren aus", "HassTurnOff", {"domain": "fan", "area": None}),
    ("de", "schließe alle Rollos", "HassTurnOff", {"device_class": "blind", "area": None}),
    ("de", "mach im Wohnzimmer alle Rollos hoch", "HassTurnOn",
     {"device_class": "blind", "area": "Wohnzimmer"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def recognizers() -> dict[str, HassilRecognizer]:
    out = {}
    for language, home in HOMES.items():
        recognizer = HassilRecognizer(IntentsConfig(language=language))
        recognizer.load()
        recognizer.set_home(home)
        out[language] = recognizer
    return out


@pytest.mark.parametrize(("language", "text", "intent", "slots"), CASES)
def test_a_form_people_say_is_read(
    recognizers: dict[str, HassilRecognizer],
    language: str,
    text: str,
    intent: str | None,
    slots: dict[str, Any],
) -> None:
    found = recognizers[language].recognize(text)
    assert (found.intent if found else None) == intent, (text, found)
    if found is not None:
        got = found.slot_dict()
        assert {k: got.get(k) for k in slots} == slots
