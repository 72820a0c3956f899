"""Binary-sensor question forms per language: yes/no, any, all, which, how many.

The second table behind `binary_sensor_intents.py`: edit it here and rerun the generator.
"""

from __future__ import annotations

from binary_sensor_classes import THINGS_DE

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
