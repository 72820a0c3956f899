"""Write sayso's sensor questions by quantity (`data/intents/<lang>/sensor.yaml`).

Home Assistant's released templates ask a sensor for its value by name ("what is the living room
humidity"); its test sentences, and people, ask for the quantity a sensor measures: "what is
the PM1 level indicated by the living room sensor?", "¿Cuál es la presión indicada por Presión
rueda?". This table names, per language, the quantity each sensor device class measures; the
question forms are written once per language. Each block requires its class of the named sensor
(`requires_context`), so "the pressure of the kitchen light" is no question about a sensor.
Slots come out as Home Assistant states them: domain sensor, the device_class, the name.

Usage: python scripts/sensor_intents.py   (rewrites the files; commit them)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "sayso" / "data" / "intents"

# device class → what is asked for (a hassil expression). Temperature is left out: Home
# Assistant's climate templates ask "what is the temperature of …" already.
QUANTITIES: dict[str, dict[str, str]] = {
    "en": {
        "apparent_power": "apparent power",
        "aqi": "(air quality [index]|aqi)",
        "atmospheric_pressure": "(air|atmospheric|barometric) pressure",
        "battery": "battery [charge]",
        "carbon_dioxide": "(co2|carbon dioxide)",
        "carbon_monoxide": "(co|carbon monoxide)",
        "current": "[electric] current",
        "data_rate": "(data rate|(download|upload|transfer) (speed|rate))",
        "data_size": "[file|data] size",
        "date": "date",
        "distance": "(distance|mileage)",
        "duration": "(duration|time left|remaining time)",
        "energy": "energy [production|consumption|usage]",
        "energy_storage": "stored energy",
        "frequency": "frequency",
        "gas": "gas [consumption|usage|volume]",
        "humidity": "[relative] humidity",
        "illuminance": "(illuminance|light level)",
        "irradiance": "(irradiance|solar radiation)",
        "moisture": "(moisture|water content)",
        "monetary": "(price|cost)",
        "nitrogen_dioxide": "(no2|nitrogen dioxide)",
        "nitrogen_monoxide": "(no|nitrogen monoxide|nitric oxide)",
        "nitrous_oxide": "(n2o|nitrous oxide)",
        "ozone": "(o3|ozone)",
        "pm1": "[particulate matter] pm1",
        "pm25": "[particulate matter] (pm2.5|pm25|pm 2.5)",
        "pm10": "[particulate matter] pm10",
        "power_factor": "power factor",
        "power": "power [consumption|usage|draw]",
        "precipitation": "(precipitation|rainfall|rain) [total|amount]",
        "precipitation_intensity": "(precipitation|rainfall|rain) intensity",
        "pressure": "pressure",
        "reactive_power": "reactive power",
        "signal_strength": "signal [strength]",
        "sound_pressure": "(sound pressure|sound level|noise level)",
        "speed": "speed",
        "sulphur_dioxide": "(so2|sulphur dioxide|sulfur dioxide)",
        "volatile_organic_compounds": "(voc|[volatile] organic compounds)",
        "volatile_organic_compounds_parts": "(voc|[volatile] organic compounds)",
        "voltage": "voltage",
        "volume": "(volume|water usage)",
        "volume_storage": "(stored volume|volume)",
        "water": "water (usage|consumption|volume)",
        "weight": "(weight|mass)",
        "wind_speed": "(wind speed|speed)",
    },
    "es": {
        "apparent_power": "potencia aparente",
        "aqi": "[índice de] calidad del aire",
        "atmospheric_pressure": "presión (atmosférica|barométrica|del aire)",
        "battery": "(batería [restante]|carga de [la] batería)",
        "carbon_dioxide": "(co2|dióxido de carbono)",
        "carbon_monoxide": "(co|monóxido de carbono)",
        "current": "(corriente|intensidad de corriente)",
        "data_rate": "(velocidad|ratio|tasa) de (descarga|subida|transferencia|datos)",
        "data_size": "(tamaño|cantidad de datos)",
        "date": "fecha",
        "distance": "(distancia|kilometraje)",
        "duration": "(duración|tiempo restante)",
        "energy": "(energía|producción) [de energía]",
        "energy_storage": "energía almacenada",
        "frequency": "frecuencia",
        "gas": "(gas|consumo de gas|volumen de gas)",
        "humidity": "humedad [relativa] [del aire]",
        "illuminance": "(iluminancia|luminosidad|brillo)",
        "irradiance": "(irradiancia|radiación [solar])",
        "moisture": "(humedad|(porcentaje|proporción|ratio) de agua)",
        "monetary": "(precio|coste|costo)",
        "nitrogen_dioxide": "(no2|dióxido de nitrógeno)",
        "nitrogen_monoxide": "(no|monóxido de nitrógeno|óxido nítrico)",
        "nitrous_oxide": "(n2o|óxido nitroso)",
        "ozone": "(o3|ozono)",
        "pm1": "([partículas] pm1|partículas de [menos de] (1|un) MICRO)",
        "pm25": "([partículas] (pm2.5|pm25|pm 2.5)|partículas de [menos de] 2.5 MICRO)",
        "pm10": "([partículas] pm10|partículas de [menos de] 10 MICRO)",
        "power_factor": "factor de potencia",
        "power": "(potencia|consumo)",
        "precipitation": "(precipitación|(lluvia|nieve) [caída|acumulada]|cantidad de lluvia)",
        "precipitation_intensity": "intensidad de [la] (lluvia|precipitación|nieve) [caída]",
        "pressure": "presión",
        "reactive_power": "potencia reactiva",
        "signal_strength": "(intensidad|potencia|nivel) de [la] señal",
        "sound_pressure": "(presión sonora|nivel de (sonido|ruido))",
        "speed": "velocidad",
        "sulphur_dioxide": "(so2|dióxido de azufre)",
        "volatile_organic_compounds": "(cov|compuestos orgánicos [volátiles])",
        "volatile_organic_compounds_parts": "(cov|compuestos orgánicos [volátiles])",
        "voltage": "(voltaje|tensión)",
        "volume": "(volumen|consumo de agua)",
        "volume_storage": "volumen [almacenado]",
        "water": "(agua|consumo de agua|cantidad de agua)",
        "weight": "(peso|masa)",
        "wind_speed": "velocidad del viento",
    },
}

# Per language: the question forms; QTY is the class's quantity, SENSOR the sensor's name.
FORMS: dict[str, list[str]] = {
    "en": [
        "<sayso_what_is> [the] [(amount|level|concentration|value) of] QTY [MEASURE] "
        "(of|indicated by|measured by|reported by|shown by|from|on|in) [the] SENSOR",
        "<sayso_what_is> [the] SENSOR['s] QTY [MEASURE]",
        "how much QTY (does|is) [the] SENSOR (indicate|show|measure|report)[ing]",
    ],
    "es": [
        "(cuál|cual|qué|que) es [el|la|los|las] [(nivel|concentración|cantidad|valor|índice) "
        "de] QTY (de|del|de la|en [el|la]|(indicad[o|a]|medid[o|a]|marcad[o|a]) por [el|la]|"
        "que (indica|mide|marca|muestra) [el|la]) SENSOR",
        "(cuánto|cuánta|cuántos|cuántas) QTY (indica|mide|marca|muestra) [el|la] SENSOR",
        "(qué|que) QTY (está midiendo|mide|indica|marca|muestra) [el|la] SENSOR",
    ],
}

# Per language: forms of one class only (a date is asked "when").
CLASS_FORMS: dict[str, dict[str, list[str]]] = {
    "en": {"date": ["when (is|will) [the] SENSOR [be]"]},
    "es": {"date": ["(cuándo|cuando) (es|será) [el|la] SENSOR"]},
}
MEASURE = {"en": "(level|concentration|reading|value)"}
# Spanish: a named sensor may be followed by its room ("del sensor de humedad de la cocina").
SENSOR = {"en": "{name}", "es": "[(sensor|medidor) [de]] {name} [<area>]"}
# Spanish particle sizes are said in micrometres ("partículas de menos de 10 micras").
MICRO = "(micrómetro[s]|micra[s]|micr(ón|ones))"
RULES = {"en": {"sayso_what_is": "(what is|what's|tell me)"}, "es": {}}


def blocks(language: str) -> list[dict[str, Any]]:
    """One block per device class: its forms, its slots, the class required of the name."""
    out: list[dict[str, Any]] = []
    for device_class, quantity in QUANTITIES[language].items():
        slots = {"domain": "sensor", "device_class": device_class}
        sentences = [
            form.replace("QTY", f"({quantity})")
            .replace("MICRO", MICRO)
            .replace("MEASURE", MEASURE.get(language, ""))
            .replace("SENSOR", SENSOR[language])
            for form in FORMS[language] + CLASS_FORMS[language].get(device_class, [])
        ]
        out.append(
            {
                "sentences": sentences,
                "slots": slots,
                "response": "one",  # "<name> is <state with unit>", as Home Assistant answers
                "requires_context": dict(slots),
            }
        )
    return out


def main() -> None:
    """Rewrite every language's file."""
    for language in QUANTITIES:
        data: dict[str, Any] = {"language": language}
        if RULES[language]:
            data["expansion_rules"] = RULES[language]
        data["intents"] = {"HassGetState": {"data": blocks(language)}}
        path = OUT / language / "sensor.yaml"
        header = "# Generated by scripts/sensor_intents.py; edit the table there.\n"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(header + text, encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
