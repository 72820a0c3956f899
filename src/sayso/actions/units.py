"""Units converted: "how many ounces in a cup", "convert 5 miles to kilometers" (SaysoConvert).

Kitchen and travel conversions are among what people ask a speaker most; without an LLM sayso
did not understand them, and the embedded gemma-3-270m gets the arithmetic wrong. The grammar
takes the amount with its unit as words (a wildcard) and the unit asked for from a list of this
table's names (`data/intents/*/units.yaml`); this module reads both against a table of units
in four languages. A reading whose words are not an amount of a unit of the same kind ("what is
the temperature in degrees") is not a conversion: it goes on as not understood (`converts`), to
the brain.

US customary measures are meant where the English name is shared (a cup is 236.6 ml, a pint
473 ml, a gallon 3.785 l), as in the recipes and the English the recogniser was trained on;
"ounce" is a fluid ounce when it is converted to or from a volume. In German and French a pound
("Pfund", "livre") is 500 g and a cup ("Tasse", "tasse", "taza") 250 ml, as their recipes mean.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from sayso import languages
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.actions.pastimes import spoken_number
from sayso.events.understanding import IntentRecognized

CONVERT: Final = "SaysoConvert"


@dataclasses.dataclass(frozen=True)
class Unit:
    """One unit: its kind, its size in the kind's base unit, and its English names."""

    kind: str
    """"length" (metre), "mass" (kilogram), "volume" (litre), "time" (second), "speed" (metre
    per second) or "temperature" (degree Celsius, converted by `_to_celsius`)."""
    size: float
    one: str
    many: str


_UNITS: Final[dict[str, Unit]] = {
    u.one: u
    for u in (
        Unit("length", 0.001, "millimeter", "millimeters"),
        Unit("length", 0.01, "centimeter", "centimeters"),
        Unit("length", 1.0, "meter", "meters"),
        Unit("length", 1000.0, "kilometer", "kilometers"),
        Unit("length", 0.0254, "inch", "inches"),
        Unit("length", 0.3048, "foot", "feet"),
        Unit("length", 0.9144, "yard", "yards"),
        Unit("length", 1609.344, "mile", "miles"),
        Unit("mass", 1e-3, "gram", "grams"),
        Unit("mass", 1.0, "kilogram", "kilograms"),
        Unit("mass", 0.028349523125, "ounce", "ounces"),
        Unit("mass", 0.45359237, "pound", "pounds"),
        Unit("mass", 6.35029318, "stone", "stone"),
        Unit("mass", 0.5, "metric pound", "metric pounds"),  # das Pfund, la livre: 500 g
        Unit("volume", 1e-3, "milliliter", "milliliters"),
        Unit("volume", 0.1, "deciliter", "deciliters"),
        Unit("volume", 1.0, "liter", "liters"),
        Unit("volume", 0.00492892159375, "teaspoon", "teaspoons"),
        Unit("volume", 0.01478676478125, "tablespoon", "tablespoons"),
        Unit("volume", 0.2365882365, "cup", "cups"),
        Unit("volume", 0.25, "metric cup", "metric cups"),  # die Tasse, la tasse, la taza
        Unit("volume", 0.0295735295625, "fluid ounce", "fluid ounces"),
        Unit("volume", 0.473176473, "pint", "pints"),
        Unit("volume", 0.946352946, "quart", "quarts"),
        Unit("volume", 3.785411784, "gallon", "gallons"),
        Unit("time", 1.0, "second", "seconds"),
        Unit("time", 60.0, "minute", "minutes"),
        Unit("time", 3600.0, "hour", "hours"),
        Unit("time", 86400.0, "day", "days"),
        Unit("time", 604800.0, "week", "weeks"),
        Unit("time", 31536000.0, "year", "years"),
        Unit("speed", 1 / 3.6, "kilometer per hour", "kilometers per hour"),
        Unit("speed", 0.44704, "mile per hour", "miles per hour"),
        Unit("speed", 1.0, "meter per second", "meters per second"),
        Unit("temperature", 1.0, "degree Celsius", "degrees Celsius"),
        Unit("temperature", 1.0, "degree Fahrenheit", "degrees Fahrenheit"),
        Unit("temperature", 1.0, "kelvin", "kelvin"),
    )
}
"""Every unit by its English singular name."""

_NAMES: Final[dict[str, dict[str, str]]] = {
    "en": {
        "mm": "millimeter", "millimetre": "millimeter", "cm": "centimeter",
        "centimetre": "centimeter", "metre": "meter", "m": "meter", "km": "kilometer",
        "kilometre": "kilometer", "kilometer": "kilometer", "in": "inch", "ft": "foot",
        "feet": "foot", "yd": "yard", "mi": "mile", "g": "gram", "gramme": "gram", "kg": "kilogram",
        "kilo": "kilogram", "kilogramme": "kilogram", "oz": "ounce", "lb": "pound", "lbs": "pound",
        "ml": "milliliter", "millilitre": "milliliter", "dl": "deciliter", "l": "liter",
        "litre": "liter", "tsp": "teaspoon", "tbsp": "tablespoon", "fl oz": "fluid ounce",
        "sec": "second", "min": "minute", "hr": "hour", "kph": "kilometer per hour",
        "km h": "kilometer per hour", "kilometre per hour": "kilometer per hour",
        "mph": "mile per hour", "celsius": "degree Celsius", "centigrade": "degree Celsius",
        "degree centigrade": "degree Celsius", "c": "degree Celsius",
        "fahrenheit": "degree Fahrenheit", "f": "degree Fahrenheit", "kelvins": "kelvin",
    },
    "de": {
        "millimeter": "millimeter", "zentimeter": "centimeter", "meter": "meter",
        "kilometer": "kilometer", "zoll": "inch", "fuß": "foot", "meile": "mile",
        "meilen": "mile", "gramm": "gram", "kilogramm": "kilogram", "kilo": "kilogram",
        "pfund": "metric pound", "unze": "ounce", "unzen": "ounce", "milliliter": "milliliter",
        "liter": "liter", "teelöffel": "teaspoon", "esslöffel": "tablespoon",
        "tasse": "metric cup", "tassen": "metric cup", "sekunde": "second", "sekunden": "second",
        "minute": "minute", "minuten": "minute", "stunde": "hour", "stunden": "hour",
        "tag": "day", "tage": "day", "tagen": "day", "woche": "week", "wochen": "week",
        "jahr": "year", "jahre": "year", "stundenkilometer": "kilometer per hour",
        "kilometer pro stunde": "kilometer per hour", "meilen pro stunde": "mile per hour",
        "grad celsius": "degree Celsius", "celsius": "degree Celsius",
        "grad fahrenheit": "degree Fahrenheit", "fahrenheit": "degree Fahrenheit",
        "kelvin": "kelvin",
    },
    "fr": {
        "millimètre": "millimeter", "centimètre": "centimeter", "mètre": "meter",
        "kilomètre": "kilometer", "pouce": "inch", "pied": "foot", "mile": "mile",
        "gramme": "gram", "kilogramme": "kilogram", "kilo": "kilogram", "livre": "metric pound",
        "once": "ounce", "millilitre": "milliliter", "litre": "liter",
        "cuillère à café": "teaspoon", "cuillère à soupe": "tablespoon", "tasse": "metric cup",
        "seconde": "second", "minute": "minute", "heure": "hour", "jour": "day",
        "semaine": "week", "an": "year", "année": "year",
        "kilomètre heure": "kilometer per hour", "kilomètre par heure": "kilometer per hour",
        "mile par heure": "mile per hour", "degré celsius": "degree Celsius",
        "celsius": "degree Celsius", "degré fahrenheit": "degree Fahrenheit",
        "fahrenheit": "degree Fahrenheit", "kelvin": "kelvin",
    },
    "es": {
        "milímetro": "millimeter", "centímetro": "centimeter", "metro": "meter",
        "kilómetro": "kilometer", "pulgada": "inch", "pie": "foot", "milla": "mile",
        "gramo": "gram", "kilogramo": "kilogram", "kilo": "kilogram", "libra": "pound",
        "onza": "ounce", "mililitro": "milliliter", "litro": "liter",
        "cucharadita": "teaspoon", "cucharada": "tablespoon", "taza": "metric cup",
        "segundo": "second", "minuto": "minute", "hora": "hour", "día": "day",
        "semana": "week", "año": "year", "kilómetro por hora": "kilometer per hour",
        "milla por hora": "mile per hour", "grado celsius": "degree Celsius",
        "celsius": "degree Celsius", "grado fahrenheit": "degree Fahrenheit",
        "fahrenheit": "degree Fahrenheit", "kelvin": "kelvin",
    },
}  # fmt: skip
"""Names said in each language → the English singular name (`_UNITS`).

English plurals and the table's own names are found without an entry here; French and Spanish
plurals lose their final "s" (`_unit`)."""
_ENGLISH: Final[dict[str, str]] = {
    **{name.lower(): u.one for u in _UNITS.values() for name in (u.one, u.many)},
    "mile an hour": "mile per hour", "miles an hour": "mile per hour",
    "kilometer an hour": "kilometer per hour", "kilometers an hour": "kilometer per hour",
}  # fmt: skip
"""English names and plurals of `_UNITS`, as the table writes them."""

_ARTICLE: Final = re.compile(
    r"^(?:a|an|one|the|ein|eine|einen|einem|einer|un|une|uno|una|el|la|le|les|los|las)\s+"
)
_DEGREES: Final = re.compile(r"^(?:degrees?|grad|degrés?|grados?)(?:\s+|$)")
_AMOUNT: Final = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(.*)$")
_HALF: Final = re.compile(
    r"^(?:half (?:an? )?|a half |an? halbe[rn]? |eine halbe |une demi |media |medio )"
)
_OF: Final = re.compile(r"^(?:of|de|d)\s+")


class _NotUnits(ValueError):
    """The words are not an amount and a unit."""


def _unit(words: str, language: str) -> tuple[Unit, bool]:
    """The unit `words` name, and whether they named a bare "degrees" (Celsius or Fahrenheit).

    English names are found by their singular or plural; "Meilen", "kilomètres", "tazas" by
    the language's table, French and Spanish plurals by dropping their "s".
    """
    text = " ".join(re.sub(r"[^\w\s]", " ", words.lower()).split())
    text = _OF.sub("", text)  # "how many grams of …"
    if text and not _DEGREES.sub("", text):
        return _UNITS["degree Celsius"], True
    text = _DEGREES.sub("", text) or text  # "degrees Fahrenheit" → "fahrenheit"
    lang = languages.base(language)
    names = {**_NAMES.get(lang, {}), **(_ENGLISH if lang == "en" else {})}
    for candidate in (text, text.removesuffix("s"), re.sub(r"s\b", "", text)):
        if candidate in names:
            return _UNITS[names[candidate]], False
    raise _NotUnits(words)


def _amount(said: str, language: str) -> tuple[float, str]:
    """The amount at the start of `said` and the words after it; an amount left unsaid is one.

    "5 miles", "a cup", "half a cup", "zwei Tassen", "2,5 litres".
    """
    from text_to_num import alpha2digit  # deferred: only a conversion needs it

    lang = languages.base(language)
    text = re.sub(r"\s+", " ", said.strip().lower())
    if _HALF.match(text):
        return 0.5, _HALF.sub("", text)
    text = text.replace(",", "") if lang == "en" else re.sub(r"(\d),(\d)", r"\1.\2", text)
    if lang in ("en", "de", "fr", "es"):
        text = alpha2digit(text, lang, threshold=0)
    found = _AMOUNT.match(text)
    if found is not None:
        return float(found[1]), found[2]
    return 1.0, _ARTICLE.sub("", text)


def _to_celsius(value: float, unit: Unit) -> float:
    if unit.one == "degree Fahrenheit":
        return (value - 32) * 5 / 9
    if unit.one == "kelvin":
        return value - 273.15
    return value


def _from_celsius(value: float, unit: Unit) -> float:
    if unit.one == "degree Fahrenheit":
        return value * 9 / 5 + 32
    if unit.one == "kelvin":
        return value + 273.15
    return value


@dataclasses.dataclass(frozen=True)
class Conversion:
    """A conversion read from the request's words, and its result."""

    amount: float
    unit: Unit
    target: Unit
    result: float
    words: tuple[str, str]
    """The two units as the user said them ("Meilen", "Kilometer"), for replies in other
    languages."""


def read(intent: IntentRecognized) -> Conversion:
    """The conversion `intent`'s slots ask for; `_NotUnits` when they are not one."""
    language = intent.language
    amount, words = _amount(str(intent.slot("quantity") or ""), language)
    unit, bare_from = _unit(words, language)
    to = str(intent.slot("to") or "").strip()
    target, bare_to = _unit(to, language)
    if bare_from and bare_to:
        raise _NotUnits("degrees to degrees")
    if bare_from and target.one == "degree Celsius":  # "70 degrees in Celsius": Fahrenheit
        unit = _UNITS["degree Fahrenheit"]
    if bare_to and unit.one == "degree Celsius":
        target = _UNITS["degree Fahrenheit"]
    if unit.one == "ounce" and target.kind == "volume":  # "how many ounces in a cup"
        unit = _UNITS["fluid ounce"]
    if target.one == "ounce" and unit.kind == "volume":
        target = _UNITS["fluid ounce"]
    if unit.kind != target.kind or unit == target:
        raise _NotUnits(f"{unit.one} to {target.one}")
    if unit.kind == "temperature":
        result = _from_celsius(_to_celsius(amount, unit), target)
    else:
        result = amount * unit.size / target.size
    return Conversion(amount, unit, target, result, (words.strip(), _ARTICLE.sub("", to.lower())))


def converts(intent: IntentRecognized) -> bool:
    """False for a SaysoConvert whose words are not an amount and units of one kind."""
    try:
        read(intent)
    except _NotUnits:
        return False
    return True


def rounded(value: float) -> str:
    """A result as it is said: three significant figures, whole numbers from 100 up."""
    if abs(value) >= 100:
        return spoken_number(round(value))
    return spoken_number(float(f"{value:.3g}"))


def _named(value: float, unit: Unit) -> str:
    return f"{rounded(value)} {unit.one if rounded(value) == '1' else unit.many}"


def convert(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoConvert: slots `quantity` (amount and unit as said) and `to` (the unit asked for)."""
    try:
        asked = read(intent)
    except _NotUnits:
        raise ActionFailed(
            "invalid_value", "Sorry, I can't convert those units.", "not_units"
        ) from None
    speech = f"{_named(asked.amount, asked.unit)} is {_named(asked.result, asked.target)}."
    data = {
        "amount": rounded(asked.amount), "unit": asked.unit.one,
        "result": rounded(asked.result), "to": asked.target.one,
        "unit_words": asked.words[0], "to_words": asked.words[1],
    }  # fmt: skip
    return Outcome(speech, data=data)


HANDLERS: Final[dict[str, HandlerFn]] = {CONVERT: convert}
"""Intent name → handler for this module."""

