"""Whether a request names one device of a kind ("turn off the lamp") or every one ("the lights").

Home Assistant's templates read "the lamp" and "the lights" alike: every light of the satellite's
area. With no area known, sayso would switch every light of the home for "the lamp"
(`targets.resolve` asks "which one?" instead). What marks one device is the language's own:
a singular article before a singular kind word, and no word for "all" or a plural article.

German's "die" is a singular and a plural article, and some German nouns keep their form in
the plural ("der Schalter", "die Schalter"): those count as one device only after an article
that is never plural. Chinese marks no number on its nouns and keeps today's reading (every
device of the kind).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from typing import Final

from sayso import languages


@dataclasses.dataclass(frozen=True)
class Singular:
    """How one language says "one device of this kind"."""

    kinds: frozenset[str]
    """Kind words that are singular whatever article comes before ("lamp", "Lampe")."""
    articles: frozenset[str]
    """Words before a kind word that make it a noun ("the light"), not a verb ("light it up")."""
    every: frozenset[str]
    """Words that ask for every device even with a singular noun ("each light", "tous")."""
    same_plural: frozenset[str] = frozenset()
    """Kind words whose plural is spelled the same ("Schalter"): one only after
    `singular_articles`."""
    singular_articles: frozenset[str] = frozenset()
    """Articles that are never plural ("den", not "die")."""


_ENGLISH_KINDS: Final = frozenset({
    "light", "lamp", "fan", "blind", "curtain", "shade", "shutter", "door", "lock", "switch",
    "heater", "speaker", "tv", "television", "thermostat", "window", "valve", "plug",
})  # fmt: skip

SINGULAR: Final[dict[str, Singular]] = {
    "en": Singular(
        kinds=_ENGLISH_KINDS,
        articles=frozenset({"the", "a", "that", "this", "my", "one", "our"}),
        every=frozenset({
            "all", "any", "each", "every", "everything", "both", "everywhere", "whole", "house",
            "home", *(k + "s" for k in _ENGLISH_KINDS), "switches",
        }),
    ),
    "de": Singular(
        kinds=frozenset({
            "lampe", "licht", "leuchte", "ventilator", "lüfter", "vorhang", "tür", "heizung",
            "steckdose", "jalousie", "rollo", "thermostat", "schloss", "ventil", "glühbirne",
        }),
        articles=frozenset({
            "der", "die", "das", "den", "dem", "ein", "eine", "einen", "mein", "meine", "meinen",
            "diese", "dieser", "dieses", "diesen", "unser", "unsere", "unseren",
        }),
        every=frozenset({"alle", "allen", "sämtliche", "jede", "jeden", "jedes", "überall",
                         "ganze", "ganzen", "haus"}),
        same_plural=frozenset({"schalter", "fenster", "lautsprecher", "fernseher", "rollladen",
                               "heizkörper"}),
        singular_articles=frozenset({"der", "das", "den", "dem", "ein", "einen", "mein",
                                     "meinen", "dieser", "dieses", "diesen", "unseren"}),
    ),
    "fr": Singular(
        kinds=frozenset({
            "lampe", "lumière", "ventilateur", "rideau", "store", "volet", "porte", "serrure",
            "interrupteur", "radiateur", "chauffage", "thermostat", "enceinte", "télé",
            "télévision", "téléviseur", "fenêtre", "prise", "vanne", "lampadaire", "éclairage",
            "ampoule", "plafonnier",
        }),
        articles=frozenset({"le", "la", "l", "un", "une", "mon", "ma", "ce", "cette", "cet",
                            "notre"}),
        every=frozenset({"les", "des", "mes", "ces", "nos", "tous", "toutes", "tout", "toute",
                         "chaque", "partout", "maison"}),
    ),
    "es": Singular(
        kinds=frozenset({
            "luz", "lámpara", "lampara", "ventilador", "cortina", "persiana", "puerta",
            "cerradura", "interruptor", "calefacción", "calefactor", "termostato", "altavoz",
            "tele", "televisión", "televisor", "ventana", "enchufe", "válvula", "foco",
            "bombilla",
        }),
        articles=frozenset({"el", "la", "un", "una", "mi", "este", "esta", "ese", "esa",
                            "nuestro", "nuestra"}),
        every=frozenset({"los", "las", "unos", "unas", "mis", "todos", "todas", "todo", "toda",
                         "cada", "casa", "estos", "estas", "esos", "esas"}),
    ),
}
"""Per base language (`languages.base`)."""


def words_of(text: str) -> list[str]:
    """Lower-case words, split at apostrophes ("l'interrupteur" → "l", "interrupteur")."""
    return re.findall(r"[^\W\d_]+", text.lower())


def names_one(text: str, language: str | None) -> bool:
    """`text` names one device by its kind: "turn off the lamp", "éteins la lumière".

    False for a plural or "all" ("the lights", "alle Lampen", "toutes les lumières"), and in a
    language with no table (Chinese).
    """
    rules = SINGULAR.get(languages.base(language or "en"))
    if rules is None:
        return False
    words = words_of(text)
    if set(words) & rules.every:
        return False
    for before, word in itertools.pairwise(words):
        if word in rules.kinds and before in rules.articles:
            return True
        if word in rules.same_plural and before in rules.singular_articles:
            return True
    return False
