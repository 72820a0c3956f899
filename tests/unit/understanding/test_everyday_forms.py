"""Everyday requests the bundled forms read (round 30), per language: sayso's own alarm and
list-reading intents in German, French, Spanish and Chinese, the time left asked bare, Spanish
named locks "bloqueada", a step warmer or cooler; in English a light dimmed or brightened to a
level, the weekday, named timers ("set a pizza timer for 10 minutes"); every lock of the home is in
`tests/unit/app/test_everyday_english.py` (this table's English home has no lock).
"""

from __future__ import annotations

from typing import Any

import pytest

from sayso.understanding.hassil.recognizer import HassilRecognizer

from .test_language_forms import assert_read, recognizer_for

CASES: list[tuple[str, str, str | None, dict[str, Any]]] = [
    ("en", "dim the kitchen light to 30%", "HassLightSet",
     {"name": "light.kitchen", "brightness": 30}),
    ("en", "brighten the lights in the kitchen to 80 percent", "HassLightSet",
     {"area": "Kitchen", "brightness": 80, "domain": "light"}),
    ("en", "dim the TV to 30%", None, {}),  # a player has no brightness
    # No level, no place: a step of the lights that are on (round 34; not read before).
    ("en", "dim the lights", "SaysoBrightnessStep", {"step": "down", "scope": "lit"}),
    ("en", "what day is it", "HassGetCurrentDate", {}),
    ("en", "set a pizza timer for 10 minutes", "HassStartTimer", {"name": "pizza", "minutes": 10}),
    ("en", "set a timer for 10 minutes", "HassStartTimer", {"name": None, "minutes": 10}),
    ("en", "how much time is left", "HassTimerStatus", {}),
    ("de", "stell einen Wecker für 7 Uhr", "SaysoSetAlarm", {"alarm_time": "7 Uhr"}),
    ("de", "weck mich morgen um halb acht", "SaysoSetAlarm", {"alarm_time": "morgen um halb acht"}),
    ("de", "stell den Wecker ab", "SaysoCancelAlarm", {"alarm_time": None}),  # not a set
    ("de", "lösche alle Wecker", "SaysoCancelAlarm", {"all": True}),
    ("de", "wann klingelt mein Wecker", "SaysoListAlarms", {}),
    ("de", "was steht auf der Einkaufsliste", "SaysoListItems", {"name": "shopping"}),
    ("fr", "réveille-moi demain à 7 heures", "SaysoSetAlarm", {"alarm_time": "demain à 7 heures"}),
    ("fr", "annule toutes les alarmes", "SaysoCancelAlarm", {"all": True}),
    ("fr", "qu'est-ce qu'il y a sur ma liste de courses", "SaysoListItems", {"name": "shopping"}),
    ("es", "pon una alarma para las 7", "SaysoSetAlarm", {"alarm_time": "las 7"}),
    ("es", "qué alarmas tengo", "SaysoListAlarms", {}),
    ("es", "desbloquea la puerta lateral", "HassTurnOff", {"name": "lock.lateral"}),
    ("es", "bloquea la puerta lateral", "HassTurnOn", {"name": "lock.lateral"}),
    ("es", "qué hay en la lista de la compra", "SaysoListItems", {"name": "shopping"}),
    ("zh-CN", "明天8点半叫醒我", "SaysoSetAlarm", {"alarm_time": "明天8点半"}),
    ("zh-CN", "还剩多少时间", "HassTimerStatus", {}),
    ("de", "wie viel Zeit ist noch übrig", "HassTimerStatus", {}),
    ("es", "cuánto tiempo queda", "HassTimerStatus", {}),
    ("zh-CN", "取消所有闹钟", "SaysoCancelAlarm", {"all": True}),
    ("zh-CN", "购物清单上有什么", "SaysoListItems", {"name": "shopping"}),
    # A step warmer or cooler (SaysoTemperatureStep), in every language.
    ("en", "turn the heating up", "SaysoTemperatureStep", {"step": "up"}),
    ("en", "make it cooler in the kitchen", "SaysoTemperatureStep",
     {"step": "down", "area": "Kitchen"}),
    ("en", "turn up the volume on the TV", "HassSetVolumeRelative", {"volume_step": "up"}),
    ("de", "dreh die Heizung runter", "SaysoTemperatureStep", {"step": "down"}),
    ("fr", "monte le chauffage", "SaysoTemperatureStep", {"step": "up"}),
    ("es", "baja la calefacción", "SaysoTemperatureStep", {"step": "down"}),
    ("zh-CN", "调高温度", "SaysoTemperatureStep", {"step": "up"}),
    # A list item is the thing, without the article Whisper writes or the speaker says (round 40).
    ("en", "remove the apples from my shopping list", "HassShoppingListCompleteItem",
     {"item": "apples"}),
    ("en", "add some milk to my shopping list", "HassShoppingListAddItem", {"item": "milk"}),
    ("en", "add The Beatles album to my shopping list", "HassShoppingListAddItem",
     {"item": "The Beatles album"}),  # a title keeps its capital "The"
    ("en", "is the milk on my shopping list", "SaysoListHas", {"item": "milk"}),
    ("de", "füge die Milch zur Einkaufsliste hinzu", "HassShoppingListAddItem", {"item": "Milch"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def recognizers() -> dict[str, HassilRecognizer]:
    return {language: recognizer_for(language) for language in {case[0] for case in CASES}}


@pytest.mark.parametrize(("language", "text", "intent", "slots"), CASES)
def test_an_everyday_request_is_read(
    recognizers: dict[str, HassilRecognizer],
    language: str,
    text: str,
    intent: str | None,
    slots: dict[str, Any],
) -> None:
    assert_read(recognizers[language], text, intent, slots)
