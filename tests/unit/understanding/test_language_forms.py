"""Forms people say that Home Assistant's released templates do not read, per language (table).

sayso's bundled files (`data/intents/<language>/`): sensors asked by the quantity they measure (en,
es), every light on (en, fr: every light off is read already), a named player's volume (en), French
timers started with any starting verb or named by their purpose, French locks of a place or of the
home and a named light's brightness or colour with its room, Spanish "¿qué luces hay encendidas?",
Chinese timers by their length without 的, German "Beschattung" as every shading cover, "alle"
before a cover class and every fan; German separable verbs ("mach … ein/ab", "starte … an", "stoppe
… ab"), "Abdeckungen" as every cover, people "zu Hause", binary sensors asked in more cases and
orders, every timer "hier", a timer changed by hours, minutes and seconds, a named light asked with
its place, a cover moving. Everyday requests added in round 30 are in `test_everyday_forms.py`.
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
                  EntityName("sensor.pm1", "PM1 salón", device_class="pm1"),
                  EntityName("light.cocina", "Lámpara", "Cocina"),
                  EntityName("binary_sensor.horno", "Horno", device_class="heat"),
                  EntityName("binary_sensor.nevera", "Nevera", device_class="cold"),
                  EntityName("lock.lateral", "Puerta lateral", "Cocina"),
                  EntityName("binary_sensor.tel", "Teléfono", device_class="update"),
                  EntityName("binary_sensor.red", "Alimentación", device_class="power"),
                  EntityName("binary_sensor.agua", "Sensor de fugas", device_class="moisture"),
                  EntityName("binary_sensor.gas", "Detector", device_class="gas"),
                  EntityName("sensor.aire", "Purificador", "Cocina", device_class="aqi"),
                  EntityName("scene.cine", "Modo cine")),
        areas=("Cocina",),
        floors=("Planta baja",),
    ),
    "fr": HomeVocabulary(
        entities=(EntityName("light.salon", "Lampe", "salon"),
                  EntityName("light.lecture", "lampe de lecture", "bureau"),
                  EntityName("lock.garage", "serrure du garage", "garage"),
                  EntityName("binary_sensor.porte", "porte de derrière", "salon",
                             device_class="door"),
                  EntityName("cover.volet", "volet du salon", "salon", device_class="shutter"),
                  EntityName("switch.bureau", "interrupteur", "bureau"),
                  EntityName("binary_sensor.presence", "présence bureau", "bureau",
                             device_class="occupancy")),
        areas=("salon", "bureau", "garage"),
        floors=("sous-sol",),
    ),
    "zh-CN": HomeVocabulary(
        entities=(EntityName("light.kitchen", "厨房灯", "厨房"),
                  EntityName("climate.ac", "空调", "卧室"),
                  EntityName("cover.curtain", "卧室窗帘", "卧室", device_class="curtain"),
                  EntityName("lock.front", "前门锁", "玄关"),
                  EntityName("scene.party", "派对模式"),
                  EntityName("vacuum.xb", "小白"),
                  EntityName("media_player.box", "音箱", "客厅"),
                  EntityName("weather.sh", "上海")),
        areas=("厨房", "卧室", "玄关", "客厅"),
    ),
    "de": HomeVocabulary(
        entities=(EntityName("cover.tor", "Einfahrtstor", device_class="gate"),
                  EntityName("cover.rollo", "Rollo links", "Wohnzimmer", device_class="blind"),
                  EntityName("fan.decke", "Deckenventilator", "Wohnzimmer"),
                  EntityName("light.herd", "Herdlampe", "Küche"),
                  EntityName("person.anna", "Anna"),
                  EntityName("binary_sensor.akku", "Tablet", device_class="battery"),
                  EntityName("binary_sensor.laden", "Tablet", device_class="battery_charging"),
                  EntityName("binary_sensor.router", "Router", "Flur",
                             device_class="connectivity"),
                  EntityName("binary_sensor.pumpe", "Pumpe", "Keller", device_class="problem"),
                  EntityName("binary_sensor.frost", "Frostwächter", "Keller",
                             device_class="cold"),
                  EntityName("binary_sensor.fenster", "Küchenfenster", "Küche",
                             device_class="window"),
                  EntityName("lock.haustuer", "Haustür", "Flur"),
                  EntityName("binary_sensor.garage", "Garagentor", device_class="garage_door"),
                  EntityName("switch.kaffee", "Kaffeemaschine", "Küche"),
                  EntityName("media_player.radio", "Radio", "Küche")),
        areas=("Wohnzimmer", "Küche", "Flur", "Keller"),
        floors=("Erdgeschoss",),
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
    ("fr", "Démarre un minuteur pour sortir le gâteau dans 25 minutes", "HassStartTimer",
     {"name": "sortir le gâteau", "minutes": 25}),
    ("fr", "programme un minuteur de 3 minutes pour les pâtes", "HassStartTimer",
     {"name": "les pâtes", "minutes": 3}),
    ("fr", "Allume toutes les lumières", "HassTurnOn", {"domain": "light"}),
    ("fr", "verrouille tous les verrous du garage", "HassTurnOn",
     {"domain": "lock", "area": "garage"}),
    ("fr", "déverrouille les serrures du sous-sol", "HassTurnOff",
     {"domain": "lock", "floor": "sous-sol"}),
    ("fr", "déverrouiller tous les loquets", "HassTurnOff", {"domain": "lock", "area": None}),
    ("fr", "verrouille la serrure du garage du sous-sol", "HassTurnOn",
     {"name": "lock.garage", "floor": "sous-sol"}),
    ("fr", "mets la luminosité de la lampe de lecture du bureau à 30%", "HassLightSet",
     {"name": "light.lecture", "area": "bureau", "brightness": 30}),
    ("fr", "règle la lampe de lecture du bureau en bleu", "HassLightSet",
     {"name": "light.lecture", "area": "bureau", "color": "blue"}),
    ("es", "¿cuántas luces hay apagadas en la cocina?", "HassGetState",
     {"domain": "light", "state": "off", "area": "Cocina"}),
    ("es", "¿qué lámparas hay encendidas?", "HassGetState", {"domain": "light", "state": "on"}),
    # Hot is not "not cold" (a class's "off" words are no other class's "on" words).
    ("es", "¿hay algo caliente?", "HassGetState", {"device_class": "heat", "state": "on"}),
    # Spanish locks of a place, lock questions in more orders, a named lock's state first.
    ("es", "echa los pestillos de la cocina", "HassTurnOn", {"domain": "lock", "area": "Cocina"}),
    ("es", "quita todos los cerrojos de la planta baja", "HassTurnOff",
     {"domain": "lock", "floor": "Planta baja"}),
    ("es", "cierra con llave las puertas de la cocina", "HassTurnOn",
     {"domain": "lock", "area": "Cocina"}),
    ("es", "cierra las puertas de la cocina", None, {}),  # a door is no lock unless said so
    ("es", "¿hay cerrada alguna cerradura en la cocina?", "HassGetState",
     {"domain": "lock", "state": "locked", "area": "Cocina"}),
    ("es", "¿cuántas puertas hay cerradas con llave?", "HassGetState",
     {"domain": "lock", "state": "locked"}),
    ("es", "¿están abiertos todos los cerrojos?", "HassGetState",
     {"domain": "lock", "state": "unlocked"}),
    ("es", "¿está cerrada la puerta lateral?", "HassGetState",
     {"name": "lock.lateral", "state": "locked"}),
    # Spanish binary sensors: up to date, powered, wet floors, which detectors detect.
    ("es", "¿está el teléfono actualizado?", "HassGetState",
     {"name": "binary_sensor.tel", "device_class": "update", "state": "off"}),
    ("es", "¿está la alimentación conectada?", "HassGetState",
     {"name": "binary_sensor.red", "device_class": "power", "state": "on"}),
    ("es", "¿está mojado el suelo?", "HassGetState", {"device_class": "moisture", "state": "on"}),
    ("es", "¿cuántos detectores detectan gas?", "HassGetState",
     {"device_class": "gas", "state": "on"}),
    # Spanish sensors: particle sizes in micrometres, a named sensor with its room.
    ("es", "¿cuál es el nivel de partículas de menos de 1 micra del PM1 salón?", "HassGetState",
     {"name": "sensor.pm1", "device_class": "pm1"}),
    ("es", "¿cuál es el índice de calidad del aire del purificador de la cocina?", "HassGetState",
     {"name": "sensor.aire", "area": "Cocina", "device_class": "aqi"}),
    # Spanish scenes with their room; the lights of a floor without the word for lights.
    ("es", "activa el modo cine en la cocina", "HassTurnOn",
     {"name": "scene.cine", "area": "Cocina"}),
    ("es", "cambia la cocina al modo cine", "HassTurnOn", {"name": "scene.cine", "area": "Cocina"}),
    ("es", "apaga la planta baja", "HassTurnOff", {"domain": "light", "floor": "Planta baja"}),
    # Spanish: a named device with its place between the name and the state.
    ("es", "¿está la lámpara de la cocina encendida?", "HassGetState",
     {"name": "light.cocina", "area": "Cocina", "state": "on"}),
    ("es", "¿está la puerta lateral de la cocina cerrada?", "HassGetState",
     {"name": "lock.lateral", "area": "Cocina", "state": "locked"}),
    ("de", "ist etwas kalt?", "HassGetState", {"device_class": "cold", "state": "on"}),
    ("zh-CN", "计时器10分钟", "HassStartTimer", {"minutes": 10}),
    ("zh-CN", "设置计时器半个小时", "HassStartTimer", {"minutes": 30}),
    ("zh-CN", "暂停1小时计时器", "HassPauseTimer", {"start_hours": 1}),
    ("zh-CN", "1个钟头计时器剩多少时间", "HassTimerStatus", {"start_hours": 1}),
    ("zh-CN", "暂停披萨计时器", "HassPauseTimer", {"name": "披萨"}),  # a name stays a name
    # Chinese questions without 是, the count after the noun, "all" before the place.
    ("zh-CN", "哪些窗帘开了", "HassGetState",
     {"domain": "cover", "device_class": "curtain", "state": "open"}),
    ("zh-CN", "有多少门锁了", "HassGetState", {"domain": "lock", "state": "locked"}),
    ("zh-CN", "玄关的门锁有几扇是锁着的", "HassGetState",
     {"domain": "lock", "area": "玄关", "state": "locked"}),
    ("zh-CN", "所有的卧室窗帘都关着吗", "HassGetState",
     {"area": "卧室", "device_class": "curtain", "state": "closed"}),
    # Chinese temperature and weather questions; a named thermostat set without "温度".
    ("zh-CN", "现在气温", "HassClimateGetTemperature", {"area": None}),
    ("zh-CN", "当前空调是几度", "HassClimateGetTemperature", {"name": "climate.ac"}),
    ("zh-CN", "上海是什么天气", "HassGetWeather", {"name": "weather.sh"}),
    ("zh-CN", "把空调调到20度", "HassClimateSetTemperature",
     {"name": "climate.ac", "temperature": 20}),
    # Chinese commands: a room's light with 的, a cover to a position, a room's locks, scenes,
    # a vacuum, a room's media.
    ("zh-CN", "设置卧室的灯亮度为30%", "HassLightSet", {"area": "卧室", "brightness": 30}),
    ("zh-CN", "打开卧室窗帘到40%", "HassSetPosition", {"name": "cover.curtain", "position": 40}),
    ("zh-CN", "解锁玄关的门锁", "HassTurnOff", {"domain": "lock", "area": "玄关"}),
    ("zh-CN", "锁上玄关所有的门锁", "HassTurnOn", {"domain": "lock", "area": "玄关"}),
    ("zh-CN", "激活派对模式", "HassTurnOn", {"name": "scene.party"}),
    ("zh-CN", "小白返回到充电座", "HassVacuumReturnToBase", {"name": "vacuum.xb"}),
    ("zh-CN", "暂停客厅的歌", "HassMediaPause", {"area": "客厅"}),
    ("zh-CN", "客厅上一首歌曲", "HassMediaPrevious", {"area": "客厅"}),
    ("de", "schließe alle Tore", "HassTurnOff", {"device_class": "gate"}),
    ("de", "mach die Beschattung im Wohnzimmer runter", "HassTurnOff",
     {"device_class": ["awning", "blind", "curtain", "shade", "shutter"], "area": "Wohnzimmer"}),
    ("de", "öffne die Rollos", "HassTurnOn", {"device_class": "blind"}),  # as Home Assistant
    ("de", "schalte alle Ventilatoren aus", "HassTurnOff", {"domain": "fan", "area": None}),
    ("de", "schließe alle Rollos", "HassTurnOff", {"device_class": "blind", "area": None}),
    ("de", "mach im Wohnzimmer alle Rollos hoch", "HassTurnOn",
     {"device_class": "blind", "area": "Wohnzimmer"}),
    # Separable verbs Home Assistant pairs with other verbs only.
    ("de", "mach die Lampen im Erdgeschoss ein", "HassTurnOn",
     {"domain": "light", "floor": "Erdgeschoss"}),
    ("de", "macht in der Küche alle Lampen ab", "HassTurnOff",
     {"domain": "light", "area": "Küche"}),
    ("de", "mache sämtliche Lichter ein", "HassTurnOn", {"domain": "light", "area": None}),
    ("de", "mach die Ventilatoren im Wohnzimmer ein", "HassTurnOn",
     {"domain": "fan", "area": "Wohnzimmer"}),
    ("de", "starte im Wohnzimmer den Lüfter an", "HassTurnOn",
     {"domain": "fan", "area": "Wohnzimmer"}),
    ("de", "stoppe sämtliche Lüfter ab", "HassTurnOff", {"domain": "fan", "area": None}),
    ("de", "mach das Licht in der Küche aus", "HassTurnOff",  # Home Assistant's own, unchanged
     {"domain": "light", "area": "Küche"}),
    # "Abdeckung": every cover, whatever its class; "Raffstore" is a blind.
    ("de", "fahr die Abdeckungen im Wohnzimmer hoch", "HassTurnOn",
     {"domain": "cover", "area": "Wohnzimmer", "device_class": None}),
    ("de", "schließe sämtliche Abdeckungen im Erdgeschoss", "HassTurnOff",
     {"domain": "cover", "floor": "Erdgeschoss", "device_class": None}),
    ("de", "die Raffstores im Wohnzimmer öffnen", "HassTurnOn",
     {"device_class": "blind", "area": "Wohnzimmer"}),
    # Cover states: the place between class and state, "irgendwelche" after the place.
    ("de", "sind alle Jalousien im Erdgeschoss zu?", "HassGetState",
     {"domain": "cover", "device_class": "blind", "floor": "Erdgeschoss", "state": "closed"}),
    ("de", "sind im Wohnzimmer irgendwelche Rollos offen?", "HassGetState",
     {"device_class": "blind", "area": "Wohnzimmer", "state": "open"}),
    ("de", "öffnet sich das Rollo links?", "HassGetState",
     {"name": "cover.rollo", "state": "opening"}),
    # People at home: the state is "home", not the words said.
    ("de", "ist Anna daheim", "HassGetState",
     {"domain": "person", "name": "person.anna", "state": "home"}),
    ("de", "befindet sich irgendjemand zuhause", "HassGetState",
     {"domain": "person", "state": "home"}),
    ("de", "wie viele Personen halten sich zu Hause auf", "HassGetState",
     {"domain": "person", "state": "home"}),
    ("de", "wer befindet sich in der Arbeit", "HassGetState",  # another place stays its name
     {"domain": "person", "state": "Arbeit"}),
    ("de", "ist Anna unterwegs", "HassGetState", {"name": "person.anna", "state": "not_home"}),
    # Binary sensors: dative nouns, "eins der …", no noun, the class's own verb, the place.
    ("de", "welche Anzahl an Gegenständen ist offline?", "HassGetState",
     {"device_class": "connectivity", "state": "off"}),
    ("de", "ist eines der Dinge kalt?", "HassGetState", {"device_class": "cold", "state": "on"}),
    ("de", "ist im Keller irgendetwas kalt?", "HassGetState",
     {"device_class": "cold", "area": "Keller", "state": "on"}),
    ("de", "laden irgendwelche Akkus auf?", "HassGetState",
     {"device_class": "battery_charging", "state": "on"}),
    ("de", "welche Batterien laden?", "HassGetState",
     {"device_class": "battery_charging", "state": "on"}),
    ("de", "ist die Tablet Batterie leer?", "HassGetState",
     {"name": "binary_sensor.akku", "device_class": "battery", "state": "on"}),
    ("de", "ist der Ladezustand des Akkus vom Tablet voll?", "HassGetState",
     {"name": "binary_sensor.akku", "state": "off"}),
    ("de", "ist im Flur der Router verbunden?", "HassGetState",
     {"name": "binary_sensor.router", "area": "Flur", "state": "on"}),
    ("de", "hat die Pumpe Probleme", "HassGetState",
     {"name": "binary_sensor.pumpe", "device_class": "problem", "state": "on"}),
    ("de", "gibt es ein Problem mit der Pumpe", "HassGetState",
     {"name": "binary_sensor.pumpe", "state": "on"}),
    ("de", "ist etwas ausgelöst?", None, {}),  # which detector? no noun, no class
    # A named lock asked as a door, a garage door sensor up or down, switches with the place
    # first, charging asked with "aufgeladen".
    ("de", "ist die Haustür zu?", "HassGetState", {"name": "lock.haustuer", "state": "locked"}),
    ("de", "steht das Garagentor unten?", "HassGetState",
     {"name": "binary_sensor.garage", "state": "off"}),
    ("de", "sind in der Küche irgendwelche Schalter an?", "HassGetState",
     {"domain": "switch", "area": "Küche", "state": "on"}),
    ("de", "wird die Tablet Batterie aufgeladen?", "HassGetState",
     {"name": "binary_sensor.laden", "device_class": "battery_charging", "state": "on"}),
    # German locks of a room or floor; a door is a lock only with a lock's verb.
    ("de", "verriegle alle Schlösser im Flur", "HassTurnOn", {"domain": "lock", "area": "Flur"}),
    ("de", "entriegle die Türen im Erdgeschoss", "HassTurnOff",
     {"domain": "lock", "floor": "Erdgeschoss"}),
    ("de", "schließe die Türen im Flur ab", "HassTurnOn", {"domain": "lock", "area": "Flur"}),
    ("de", "im Flur die Haustür abschließen", "HassTurnOn",
     {"name": "lock.haustuer", "area": "Flur"}),
    ("de", "öffne die Türen im Flur", "HassTurnOn", {"domain": "cover"}),  # HA's cover command
    # A named light asked with its place.
    ("de", "ist die Herdlampe in der Küche an?", "HassGetState",
     {"name": "light.herd", "area": "Küche", "state": "on"}),
    # Timers: by hours, minutes and seconds together.
    ("de", "verlängere den Timer um 1 Stunde, 10 Minuten und 5 Sekunden", "HassIncreaseTimer",
     {"hours": 1, "minutes": 10, "seconds": 5}),
    ("de", "reduziere meinen Timer um 3 Stunden 2 Minuten und 1 Sekunde", "HassDecreaseTimer",
     {"hours": 3, "minutes": 2, "seconds": 1}),
    # Doors and windows asked about are the home's sensors when it has no such cover.
    ("fr", "quelles portes sont ouvertes dans le salon ?", "HassGetState",
     {"domain": "binary_sensor", "device_class": "door", "state": "on", "area": "salon"}),
    ("fr", "combien de portes sont fermées ?", "HassGetState",
     {"domain": "binary_sensor", "device_class": "door", "state": "off"}),
    # French covers of the whole home and their position; cover questions in more orders.
    ("fr", "ferme les volets de toute la maison", "HassTurnOff",
     {"domain": "cover", "device_class": "shutter", "area": None}),
    ("fr", "ouvre tous les volets à 30%", "HassSetPosition",
     {"device_class": "shutter", "position": 30, "area": None}),
    ("fr", "règle la position des volets de toute la maison sur 40%", "HassSetPosition",
     {"device_class": "shutter", "position": 40, "area": None}),
    ("fr", "les volets sont-ils fermés dans le salon ?", "HassGetState",
     {"domain": "cover", "device_class": "shutter", "state": "closed", "area": "salon"}),
    ("fr", "certains des volets du salon sont-ils ouverts ?", "HassGetState",
     {"device_class": "shutter", "state": "open", "area": "salon"}),
    ("fr", "combien il y a de volets d'ouverts ?", "HassGetState",
     {"device_class": "shutter", "state": "open"}),
    # French: a named device with its room, lights counted with "de", a room "vide".
    ("fr", "l'interrupteur du bureau est-il allumé ?", "HassGetState",
     {"name": "switch.bureau", "area": "bureau", "state": "on"}),
    ("fr", "quel est l'état de la lampe de lecture du bureau ?", "HassGetState",
     {"name": "light.lecture", "area": "bureau"}),
    ("fr", "combien y a-t-il de lampes d'allumées ?", "HassGetState",
     {"domain": "light", "state": "on"}),
    ("fr", "le bureau est-il vide ?", "HassGetState",
     {"device_class": "occupancy", "state": "off", "area": "bureau"}),
    # French timers: a clock-like length, time added to a timer named after the word, the
    # status of a timer named by its purpose; a place after the word stays a place.
    ("fr", "minuteur 1h30", "HassStartTimer", {"hours": 1, "minutes": 30}),
    ("fr", "ajoute 3 min au minuteur pâtes", "HassIncreaseTimer", {"minutes": 3, "name": "pâtes"}),
    ("fr", "ajoute 3 minutes au minuteur du salon", "HassIncreaseTimer",
     {"minutes": 3, "area": "salon", "name": None}),
    ("fr", "il reste combien de temps au minuteur pour sortir le gâteau", "HassTimerStatus",
     {"name": "sortir le gâteau"}),
    ("de", "sind alle Fenster in der Küche zu?", "HassGetState",
     {"domain": "binary_sensor", "device_class": "window", "state": "off", "area": "Küche"}),
    ("de", "sind alle Rollos zu?", "HassGetState",  # a cover the home has stays a cover
     {"domain": "cover", "device_class": "blind", "state": "closed"}),
]  # fmt: skip

# (language, the speaker's area or None, text, intent, slots): forms that take the speaker's room.
HERE_CASES: list[tuple[str, str | None, str, str | None, dict[str, Any]]] = [
    ("de", "Küche", "lösche hier sämtliche Timer", "HassCancelAllTimers", {"area": "Küche"}),
    ("de", "Küche", "stopp alle unsere Timer in diesem Zimmer", "HassCancelAllTimers",
     {"area": "Küche"}),
    ("de", None, "beende alle Timer hier", "HassCancelAllTimers", {"area": None}),
    ("de", "Küche", "mach hier das Licht ein", "HassTurnOn", {"domain": "light", "area": "Küche"}),
    ("de", "Wohnzimmer", "stoppe den Ventilator hier ab", "HassTurnOff",
     {"domain": "fan", "area": "Wohnzimmer"}),
    ("fr", "salon", "annule tous les minuteurs ici", "HassCancelAllTimers", {"area": "salon"}),
    ("de", "Küche", "setze Lautstärke auf 20%", "HassSetVolume",
     {"area": "Küche", "volume_level": 20}),
]  # fmt: skip


@pytest.fixture(scope="module")
def recognizers() -> dict[str, HassilRecognizer]:
    return {language: recognizer_for(language) for language in HOMES}

def recognizer_for(language: str) -> HassilRecognizer:
    recognizer = HassilRecognizer(IntentsConfig(language=language))
    recognizer.load()
    recognizer.set_home(HOMES[language])
    return recognizer


def assert_read(recognizer: HassilRecognizer, text: str, intent: str | None, slots: dict) -> None:
    found = recognizer.recognize(text)
    assert (found.intent if found else None) == intent, (text, found)
    if found is not None:
        got = found.slot_dict()
        assert {k: got.get(k) for k in slots} == slots


@pytest.mark.parametrize(("language", "text", "intent", "slots"), CASES)
def test_a_form_people_say_is_read(
    recognizers: dict[str, HassilRecognizer],
    language: str,
    text: str,
    intent: str | None,
    slots: dict[str, Any],
) -> None:
    assert_read(recognizers[language], text, intent, slots)


@pytest.mark.parametrize(("language", "here", "text", "intent", "slots"), HERE_CASES)
def test_a_form_of_the_speakers_room_is_read(
    recognizers: dict[str, HassilRecognizer],
    language: str,
    here: str | None,
    text: str,
    intent: str | None,
    slots: dict[str, Any],
) -> None:
    recognizer = recognizers[language]
    recognizer.set_here(here)
    try:
        found = recognizer.recognize(text)
    finally:
        recognizer.set_here(None)
    assert (found.intent if found else None) == intent, (text, found)
    if found is not None:
        got = found.slot_dict()
        assert {k: got.get(k) for k in slots} == slots
