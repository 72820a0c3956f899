"""Write sayso's binary-sensor question templates (`data/intents/<lang>/binary_sensor.yaml`).

Home Assistant's released templates ask about binary sensors only as "open"/"occupied"; its own
test sentences ask by device class ("is the phone battery low?", "¿hay alguna batería baja?").
This table says, per language, how each class is named and what its two states are called; the
forms (yes/no about one named sensor, any / all / which / how many, "is there smoke?") are
written once per language. Slots come out as Home Assistant states them: domain binary_sensor,
the device_class, state "on"/"off".

Usage: python scripts/binary_sensor_intents.py   (rewrites the files; commit them)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "sayso" / "data" / "intents"

# German nouns of things in general, with the dative plural ("welche Anzahl an Geräten"): these
# classes are also asked without a noun ("ist etwas kalt?", `THING_FORMS`).
THINGS_DE = "(Ding[e|en]|Gerät[e|en]|Gegenst(and|ände|änden)|Sensor[en])"

# class → (plural nouns, "on" words, "off" words, substance (for "is there any …") or "")
# A class's "off" words are never another class's "on" words: "¿cuántas cosas hay calientes?"
# was read as things *not cold* (cold's "off"), not things hot.
CLASSES: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "en": {
        "battery": ("batter(y|ies)", "low", "(normal|charged|full|ok|okay)", ""),
        "battery_charging": ("(batter(y|ies)|devices)", "charging", "not charging", ""),
        "carbon_monoxide": (
            "(carbon monoxide|co) (sensors|detectors)",
            "(on|detected|triggered)",
            "(off|clear)",
            "carbon monoxide",
        ),
        "cold": ("(things|devices|sensors)", "(cold|freezing)", "(normal|warm)", ""),
        "connectivity": ("(devices|things)", "(connected|online)", "(disconnected|offline)", ""),
        "gas": ("gas (sensors|detectors)", "(on|detected|triggered)", "(off|clear)", "gas"),
        "heat": ("(things|devices|sensors)", "hot", "(normal|cool)", "heat"),
        "light": ("(light sensors|lights)", "detected", "not detected", "light"),
        "moisture": ("(water|leak|moisture) sensors", "(wet|leaking)", "dry", "(water|a leak)"),
        "motion": ("motion sensors", "(on|detected|triggered)", "(off|clear)", "motion"),
        "occupancy": (
            "(occupancy|presence) sensors",
            "(on|detected|triggered|occupied)",
            "(off|clear|empty)",
            "(someone|anyone|occupancy)",
        ),
        "opening": ("openings", "open", "(closed|shut)", ""),
        "plug": ("(devices|things|plugs)", "plugged in", "unplugged", ""),
        "power": ("(devices|things)", "powered [on]", "(powered off|unpowered)", "power"),
        "presence": ("(devices|people)", "(home|present)", "(away|not home)", ""),
        "problem": (
            "(devices|things)",
            "(having (problems|a problem)|failing)",
            "(ok|okay|fine)",
            "(a problem|problems)",
        ),
        "running": ("(devices|things|machines)", "running", "(not running|stopped)", ""),
        "safety": ("(devices|things|sensors)", "unsafe", "safe", ""),
        "smoke": (
            "smoke (sensors|detectors|alarms)",
            "(on|detected|triggered)",
            "(off|clear)",
            "smoke",
        ),
        "sound": (
            "(sound|noise) sensors",
            "(on|detected|triggered)",
            "(off|clear)",
            "(noise|sound)",
        ),
        "tamper": ("(devices|sensors)", "(tampered [with]|triggered)", "(clear|ok)", "tampering"),
        "update": ("updates", "available", "(installed|up[ ]to[ ]date)", "updates"),
        "vibration": (
            "(vibration sensors|things|devices)",
            "(vibrating|detected|triggered)",
            "(still|clear)",
            "(vibration|shaking)",
        ),
    },
    "es": {
        "battery": ("(batería[s]|pila[s])", "baja[s]", "(normal[es]|cargada[s]|bien)", ""),
        "battery_charging": (
            "(batería[s]|dispositivo[s])",
            "(cargándose|cargando[se]|en carga)",
            "(sin cargar|no (cargando|cargándose))",
            "",
        ),
        "carbon_monoxide": (
            "(sensor|sensores|detector|detectores) de (monóxido de carbono|co)",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "monóxido de carbono",
        ),
        "cold": (
            "(cosa[s]|sensor|sensores|dispositivo[s])",
            "frío[s]|fría[s]",
            "normal[es]",
            "frío",
        ),
        "connectivity": ("(dispositivo[s]|aparato[s])", "conectado[s]", "desconectado[s]", ""),
        "gas": (
            "(sensor|sensores|detector|detectores) de gas",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "gas",
        ),
        "heat": (
            "(cosa[s]|sensor|sensores|dispositivo[s])",
            "caliente[s]",
            "normal[es]",
            "calor",
        ),
        "light": (
            "(sensor|sensores) de luz",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "luz",
        ),
        "moisture": (
            "(sensor|sensores|detector|detectores) de (agua|humedad|fugas)",
            "(mojado[s]|húmedo[s]|inundado[s]|activo[s])",
            "seco[s]",
            "(agua|humedad|inundación|una fuga)",
        ),
        "motion": (
            "(sensor|sensores|detector|detectores) de movimiento",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "movimiento",
        ),
        "occupancy": (
            "(sensor|sensores) de (ocupación|presencia)",
            "(activo[s]|activado[s]|ocupado[s])",
            "(inactivo[s]|desactivado[s]|libre[s]|vacío[s])",
            "[alguna] presencia",
        ),
        "opening": ("(apertura[s]|abertura[s])", "abierta[s]", "cerrada[s]", ""),
        "plug": ("(dispositivo[s]|enchufe[s])", "enchufado[s]", "desenchufado[s]", ""),
        "power": (
            "(dispositivo[s]|aparato[s])",
            "alimentado[s]",
            "(sin alimentación|apagado[s])",
            "",
        ),
        "presence": ("(dispositivo[s]|persona[s])", "en casa", "fuera [de casa]", ""),
        "problem": (
            "(dispositivo[s]|aparato[s])",
            "con (problemas|un problema|fallos)",
            "bien",
            "(algún problema|problemas)",
        ),
        "running": (
            "(dispositivo[s]|aparato[s]|máquina[s])",
            "(en marcha|funcionando)",
            "(parado[s]|detenido[s])",
            "",
        ),
        "safety": ("(dispositivo[s]|sensor|sensores)", "inseguro[s]", "seguro[s]", ""),
        "smoke": (
            "(sensor|sensores|detector|detectores) de humo",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "humo",
        ),
        "sound": (
            "(sensor|sensores|detector|detectores) de (sonido|ruido)",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "(sonido|ruido)",
        ),
        "tamper": (
            "(dispositivo[s]|sensor|sensores)",
            "manipulado[s]",
            "(intacto[s]|bien)",
            "manipulación",
        ),
        "update": (
            "actualizaci(ón|ones)",
            "disponible[s]",
            "(instalada[s]|al día|actualizad(o|a)[s])",
            "",
        ),
        "vibration": (
            "(sensor|sensores) de vibración",
            "(activo[s]|activado[s]|vibrando)",
            "(inactivo[s]|quieto[s])",
            "vibración",
        ),
    },
    "de": {
        "battery": (
            "(Batterie[n]|Akku[s])",
            "(schwach|niedrig|leer|gering)",
            "(normal|voll|geladen|ok)",
            "",
        ),
        "battery_charging": (
            "(Batterie[n]|Akku[s]|Geräte)",
            "(lädt|laden|am Laden|[im Moment|gerade] auf[ge]laden)",
            "(lädt nicht|laden nicht)",
            "",
        ),
        "carbon_monoxide": (
            "(Kohlenmonoxid[-| ]Sensor[en]|Kohlenmonoxidsensor[en]"
            "|CO[-| ]Sensor[en]|Kohlenmonoxidmelder)",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "Kohlenmonoxid",
        ),
        "cold": (THINGS_DE, "kalt", "(normal|warm)", ""),
        "connectivity": (
            THINGS_DE,
            "(verbunden|online)",
            "(getrennt|offline)",
            "",
        ),
        "gas": (
            "(Gas[-| ]Sensor[en]|Gassensor[en]|Gasmelder)",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "Gas",
        ),
        "heat": (THINGS_DE, "heiß", "normal", ""),
        "light": (
            "(Lichtsensor[en]|Licht[-| ]Sensor[en])",
            "(an|aktiv|ausgelöst|erkannt)",
            "(aus|inaktiv)",
            "Licht",
        ),
        "moisture": (
            "(Wassersensor[en]|Feuchtigkeitssensor[en]|Wassermelder)",
            "(nass|feucht|ausgelöst)",
            "trocken",
            "(Wasser|Feuchtigkeit)",
        ),
        "motion": (
            "(Bewegungs(sensor|melder)[en])",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "Bewegung",
        ),
        "occupancy": (
            "(Anwesenheits(sensor|melder)[en])",
            "(an|aktiv|ausgelöst|belegt)",
            "(aus|inaktiv|frei|leer)",
            "(jemand|Anwesenheit)",
        ),
        "plug": (
            "(Gerät[e|en]|Stecker[n])",
            "(eingesteckt|angeschlossen)",
            "(ausgesteckt|nicht angeschlossen)",
            "",
        ),
        "power": (
            "(Gerät[e|en]|Ding[e|en])",
            "(mit Strom versorgt|unter Strom)",
            "(ohne Strom|stromlos)",
            "",
        ),
        "problem": (
            "(Gerät[e|en]|Ding[e|en])",
            "(fehlerhaft|gestört)",
            "(ok|in Ordnung)",
            "(ein Problem|Probleme)",
        ),
        "running": ("(Gerät[e|en]|Maschine[n])", "(in Betrieb|aktiv)", "(aus|außer Betrieb)", ""),
        "safety": (
            "(Gerät[e|en]|Sensor[en])",
            "(unsicher|gefährlich)",
            "(sicher|ungefährlich)",
            "",
        ),
        "smoke": ("(Rauch(sensor|melder)[en])", "(an|aktiv|ausgelöst)", "(aus|inaktiv)", "Rauch"),
        "sound": (
            "(Geräusch(sensor|melder)[en]|Schallsensor[en])",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "(Geräusch[e]|Lärm)",
        ),
        "update": ("(Update[s]|Aktualisierung[en])", "verfügbar", "(installiert|aktuell)", ""),
        "vibration": (
            "(Vibrations(sensor|melder)[en])",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "(Vibration|Erschütterung)",
        ),
    },
}

# Per language: response key → forms. NOUN, ON/OFF-agnostic STATE and SUBST are filled per class.
FORMS: dict[str, dict[str, list[str]]] = {
    "en": {
        "one_yesno": [
            "<is> [<the>] {name} [battery] STATE",
            "<is> [<the>] {name}['s] battery STATE",
        ],
        "any": [
            "<are_any> NOUN STATE <where>",
            "is (any|a) NOUN STATE <where>",
            "(is|are) there [any] NOUN STATE <where>",
            "(is|are) there [any] SUBST [detected] <where>",
            "is [any] SUBST detected <where>",
            "are there [any] SUBST [available|with [<the>] {name}] <where>",
        ],
        "all": ["<are_all> [[of] the] NOUN STATE <where>"],
        "which": [
            "<which> NOUN (are|is) STATE <where>",
            "(which|what) NOUN (are|is) <where> STATE",
        ],
        "how_many": [
            "<how_many> NOUN (are|is) STATE <where>",
            "<how_many> NOUN (are|is) <where> STATE",
        ],
    },
    "es": {
        "one_yesno": [
            "(está|están|es|son) ([el|la|los|las|mi|mis] {name};STATE)",
            "(está|están) [el|la|los|las|mi|mis] {name} en STATE",
        ],
        "any": [
            "(hay|está[n]|existe[n]) ([alg(ún|una|unos|unas|o de)] NOUN;STATE) <where>",
            "(hay|está[n]) (alg(ún|una|unos|unas|o de) NOUN;STATE;<where>)",
            "se (está|están) STATE alg(ún|una|unos|unas) NOUN <where>",
            "(se detecta[n]|se ha[n] detectado|hay [algo de]) SUBST <where>",
            "(hay|está[n]) algo STATE <where>",
        ],
        "all": [
            "(están|son) (tod(o|a)s l(o|a)s NOUN;<where>;STATE)",
        ],
        "which": [
            "(qué|cu(á|a)l[es]) NOUN ([(hay|está[n])] STATE;<where>) [hay]",
            "(qué|cu(á|a)l[es]) NOUN (hay|está[n]) <where> STATE",
            "(qué|cu(á|a)l[es]) NOUN detecta[n] SUBST <where>",
            "(qué|cu(á|a)l[es]) (sensor|sensores|detector|detectores) detecta[n] SUBST <where>",
            "qué (hay|está[n]) STATE <where>",
        ],
        "how_many": [
            "cuánt(o|a)s NOUN ([(hay|está[n])] STATE;<where>) [hay]",
            "cuánt(o|a)s NOUN (hay|está[n]) <where> STATE",
            "cuánt(o|a)s NOUN STATE (hay|está[n]) <where>",
            "cuánt(o|a)s NOUN detecta[n] SUBST <where>",
            "cuánt(o|a)s (sensor|sensores|detector|detectores) detecta[n] SUBST <where>",
        ],
    },
    "de": {
        "one_yesno": [
            "(ist|sind) <where> [der|die|das] {name} <where> STATE <where>",
            "hat [der|die|das] {name} <where> SUBST",
            "gibt es [irgendwelche] SUBST (mit|bei) [dem|der|den] {name} <where>",
        ],
        "any": [
            "(ist|sind) [<irgend>] NOUN <where> STATE <where>",
            "(ist|sind) <where> [<irgend>] NOUN STATE",
            "(gibt es|ist) [irgendwo|einiges] SUBST <where>",
            "wurde <where> [irgendwelches|irgendein|ein] SUBST <where> [erkannt|ausgelöst] <where>",
            "(wurde|wurden) [<irgend>] NOUN <where> STATE <where>",
        ],
        "all": [
            "sind alle [der] NOUN <where> STATE <where>",
            "sind <where> alle NOUN STATE",
        ],
        "which": [
            "(welche[r|s]|was für [ein[e]]) NOUN (ist|sind|wurde|wurden) <where> STATE <where>",
            "(welche[r|s]|was für [ein[e]]) NOUN <where> (ist|sind|wurde|wurden) STATE",
        ],
        "how_many": [
            "wie[ ]viele NOUN (sind|werden|wurden) <where> STATE <where>",
            "wie[ ]viele NOUN <where> (sind|werden|wurden) STATE",
            "welche Anzahl [an|von] NOUN (ist|sind) <where> STATE <where>",
        ],
    },
}

# Questions about things in general without a noun ("ist im Büro irgendwas kalt?"), per language,
# for the classes whose noun is the general one (`THINGS_DE`): a detector's "ausgelöst" without
# a noun would not say which detector.
THING_FORMS: dict[str, tuple[str, dict[str, list[str]]]] = {
    "de": (
        THINGS_DE,
        {"any": ["(ist|sind) <where> (irgendetwas|irgendwas|etwas|was) <where> STATE <where>"]},
    ),
}

# Forms of one class only, per language: class → (state or "" for both, response, form).
# Charging is asked with its own verb ("laden irgendwelche Akkus?", "welche Akkus laden?");
# a battery by its charge ("ist die Handy Batterie schwach?", "ist der Ladestand des Akkus vom
# Handy niedrig?").
# Spanish: a named power sensor is "conectado" (only with its name: connectivity's devices are
# "conectados" too); wet is asked of the floor as well as of the sensor ("¿está mojado el suelo?").
CLASS_FORMS: dict[str, dict[str, list[tuple[str, str, str]]]] = {
    "es": {
        "power": [
            ("on", "one_yesno", "(está|están) [el|la|los|las|mi|mis] {name} conectad(o|a)[s]"),
            ("off", "one_yesno", "(está|están) [el|la|los|las|mi|mis] {name} desconectad(o|a)[s]"),
        ],
        "moisture": [
            ("on", "any", "(está|están) STATE [el|la|los|las] (NOUN|suelo[s]) <where>"),
        ],
    },
    "de": {
        "battery_charging": [
            ("on", "any", "(lädt|laden) [<irgend>] NOUN <where> [auf]"),
            ("on", "all", "laden alle [der] NOUN <where> [auf]"),
            ("on", "which", "welche NOUN <where> laden [auf] <where>"),
            ("on", "how_many", "wie[ ]viele NOUN <where> laden [auf] <where>"),
            (
                "on",
                "one_yesno",
                "(wird|werden) [der|die|das] {name}[ ](Akku|Batterie) [gerade] [auf]geladen",
            ),
        ],
        "battery": [
            ("", "one_yesno", "(ist|sind) [der|die|das] {name}[ ](Batterie|Akku) STATE"),
            (
                "",
                "one_yesno",
                "(ist|sind) (der|die) [(Ladestand|Ladezustand) (der|des)] (Batterie|Akkus)"
                " (vom|von dem|von der|des) {name} STATE",
            ),
        ],
    },
}

WHERE = {
    "en": "[(in|on) [<the>] ({area}|{floor} [floor])]",
    "es": "[(en|de) [el|la] ({area}|{floor})]",
    "de": "[(im|in der|in dem|auf der|auf dem|an der|an dem|in|am) ({area}|{floor})]",
}


def blocks(language: str) -> list[dict[str, Any]]:
    """One block per (class, response form, state), the state's words as plain alternatives."""
    out: list[dict[str, Any]] = []
    for device_class, (nouns, on, off, substance) in CLASSES[language].items():
        slots = {"domain": "binary_sensor", "device_class": device_class}
        for state, words in (("on", on), ("off", off)):
            for response, forms in _forms(language, device_class, nouns, state).items():
                sentences = [
                    f.replace("NOUN", f"({nouns})").replace("STATE", f"({words})")
                    .replace("SUBST", f"({substance})")
                    for f in forms
                    if "SUBST" not in f or (substance and state == "on")
                ]  # fmt: skip
                block: dict[str, Any] = {
                    "sentences": sentences,
                    "slots": {**slots, "state": state},
                    "response": response,
                }
                if response == "one_yesno":
                    block["requires_context"] = dict(slots)
                out.append(block)
    return out


def _forms(language: str, device_class: str, nouns: str, state: str) -> dict[str, list[str]]:
    """The language's forms plus those of things in general and of this class alone."""
    forms = {response: list(found) for response, found in FORMS[language].items()}
    things, extra = THING_FORMS.get(language, ("", {}))
    if nouns == things:
        for response, found in extra.items():
            forms[response] += found
    for wanted, response, form in CLASS_FORMS.get(language, {}).get(device_class, []):
        if wanted in ("", state):
            forms[response].append(form)
    return forms


def main() -> None:
    """Write one file per language."""
    for language in CLASSES:
        data = {
            "language": language,
            "expansion_rules": {"where": WHERE[language]},
            "intents": {"HassGetState": {"data": blocks(language)}},
        }
        folder = OUT / language
        folder.mkdir(parents=True, exist_ok=True)
        header = "# Generated by scripts/binary_sensor_intents.py; edit the table there.\n"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / "binary_sensor.yaml").write_text(header + text, encoding="utf-8")
        print(folder / "binary_sensor.yaml")


if __name__ == "__main__":
    main()
