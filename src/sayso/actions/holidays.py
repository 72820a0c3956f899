"""Holidays by their names in each language, and a day's date said in German, French, Spanish.

A holiday is a rule for its day in a given year: a fixed date, the nth weekday of a month
(Thanksgiving, Mother's Day), or a day counted from Easter (Christi Himmelfahrt, Pfingsten).
Names are each country's own: a German "Weihnachten" is counted to Heiligabend, the 24th, as
German countdowns count; the French and Spanish Christmas is the 25th.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from sayso import languages
from sayso.actions.time_words import WEEKDAYS

Holiday = tuple[str, Callable[[int], dt.date]]
"""(the name said back, the day in a given year)."""


def _fixed(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda year: dt.date(year, month, day)


def _nth_weekday(month: int, weekday: int, nth: int) -> Callable[[int], dt.date]:
    """The `nth` `weekday` (Monday 0) of `month`: Thanksgiving is the 4th Thursday of November."""

    def day(year: int) -> dt.date:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))

    return day


def _easter(year: int) -> dt.date:
    from dateutil.easter import easter  # dateparser's dependency; deferred like it

    return easter(year)


_ENGLISH: Final[dict[str, Holiday]] = {
    "christmas": ("Christmas", _fixed(12, 25)),
    "christmas day": ("Christmas", _fixed(12, 25)),
    "xmas": ("Christmas", _fixed(12, 25)),
    "christmas eve": ("Christmas Eve", _fixed(12, 24)),
    "boxing day": ("Boxing Day", _fixed(12, 26)),
    "new year": ("New Year's Day", _fixed(1, 1)),
    "new years": ("New Year's Day", _fixed(1, 1)),
    "new years day": ("New Year's Day", _fixed(1, 1)),
    "new years eve": ("New Year's Eve", _fixed(12, 31)),
    "valentines day": ("Valentine's Day", _fixed(2, 14)),
    "valentines": ("Valentine's Day", _fixed(2, 14)),
    "st patricks day": ("St. Patrick's Day", _fixed(3, 17)),
    "saint patricks day": ("St. Patrick's Day", _fixed(3, 17)),
    "halloween": ("Halloween", _fixed(10, 31)),
    "independence day": ("Independence Day", _fixed(7, 4)),
    "the fourth of july": ("the Fourth of July", _fixed(7, 4)),
    "fourth of july": ("the Fourth of July", _fixed(7, 4)),
    "easter": ("Easter", _easter),
    "easter sunday": ("Easter", _easter),
    "thanksgiving": ("Thanksgiving", _nth_weekday(11, 3, 4)),
    "mothers day": ("Mother's Day", _nth_weekday(5, 6, 2)),
    "fathers day": ("Father's Day", _nth_weekday(6, 6, 3)),
}
"""English holidays by their words without punctuation. Mother's and Father's Day are the US
days (the recogniser's English is mostly American)."""


def _after_easter(days: int) -> Callable[[int], dt.date]:
    return lambda year: _easter(year) + dt.timedelta(days=days)


_GERMAN: Final[dict[str, Holiday]] = {
    "weihnachten": ("Weihnachten", _fixed(12, 24)),
    "heiligabend": ("Heiligabend", _fixed(12, 24)),
    "silvester": ("Silvester", _fixed(12, 31)),
    "neujahr": ("Neujahr", _fixed(1, 1)),
    "ostern": ("Ostern", _easter),
    "ostersonntag": ("Ostern", _easter),
    "pfingsten": ("Pfingsten", _after_easter(49)),
    "christi himmelfahrt": ("Christi Himmelfahrt", _after_easter(39)),
    "vatertag": ("Vatertag", _after_easter(39)),
    "muttertag": ("Muttertag", _nth_weekday(5, 6, 2)),
    "valentinstag": ("Valentinstag", _fixed(2, 14)),
    "halloween": ("Halloween", _fixed(10, 31)),
    "nikolaus": ("Nikolaus", _fixed(12, 6)),
    "nikolaustag": ("Nikolaus", _fixed(12, 6)),
    "tag der deutschen einheit": ("der Tag der Deutschen Einheit", _fixed(10, 3)),
}
_FRENCH: Final[dict[str, Holiday]] = {
    "noël": ("Noël", _fixed(12, 25)),
    "noel": ("Noël", _fixed(12, 25)),
    "le réveillon": ("le réveillon", _fixed(12, 24)),
    "réveillon de noël": ("le réveillon de Noël", _fixed(12, 24)),
    "la saint sylvestre": ("la Saint-Sylvestre", _fixed(12, 31)),
    "saint sylvestre": ("la Saint-Sylvestre", _fixed(12, 31)),
    "le nouvel an": ("le Nouvel An", _fixed(1, 1)),
    "nouvel an": ("le Nouvel An", _fixed(1, 1)),
    "le jour de l an": ("le jour de l'An", _fixed(1, 1)),
    "pâques": ("Pâques", _easter),
    "la pentecôte": ("la Pentecôte", _after_easter(49)),
    "la saint valentin": ("la Saint-Valentin", _fixed(2, 14)),
    "saint valentin": ("la Saint-Valentin", _fixed(2, 14)),
    "halloween": ("Halloween", _fixed(10, 31)),
    "la toussaint": ("la Toussaint", _fixed(11, 1)),
    "le 14 juillet": ("le 14 juillet", _fixed(7, 14)),
    "la fête nationale": ("la fête nationale", _fixed(7, 14)),
}
_SPANISH: Final[dict[str, Holiday]] = {
    "navidad": ("Navidad", _fixed(12, 25)),
    "nochebuena": ("Nochebuena", _fixed(12, 24)),
    "nochevieja": ("Nochevieja", _fixed(12, 31)),
    "año nuevo": ("Año Nuevo", _fixed(1, 1)),
    "reyes": ("Reyes", _fixed(1, 6)),
    "el día de reyes": ("el Día de Reyes", _fixed(1, 6)),
    "día de reyes": ("el Día de Reyes", _fixed(1, 6)),
    "pascua": ("Pascua", _easter),
    "semana santa": ("Semana Santa", _after_easter(-7)),
    "san valentín": ("San Valentín", _fixed(2, 14)),
    "halloween": ("Halloween", _fixed(10, 31)),
}

HOLIDAYS: Final[dict[str, dict[str, Holiday]]] = {
    "en": _ENGLISH, "de": _GERMAN, "fr": _FRENCH, "es": _SPANISH,
}  # fmt: skip
"""Per base language: a holiday's words (lower case, no punctuation) → the holiday."""

MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}  # fmt: skip
"""Month names, January first, per base language."""

DATE_FORMS: Final[dict[str, str]] = {
    "de": "{day}. {month}", "fr": "{day} {month}", "es": "{day} de {month}",
}
"""A day of a month as written in each language ("24. Dezember", "25 décembre")."""


def said_date(day: dt.date, today: dt.date, language: str) -> tuple[str, str]:
    """(the weekday, the date) in `language`; the year is said when it is not this one."""
    lang = languages.base(language)
    number = "1er" if lang == "fr" and day.day == 1 else day.day  # "le 1er janvier"
    date = DATE_FORMS[lang].format(day=number, month=MONTHS[lang][day.month - 1])
    if day.year != today.year:
        date += f" {day.year}" if lang != "es" else f" de {day.year}"
    return WEEKDAYS[lang][day.weekday()], date


def weekday_named(words: str, language: str) -> int | None:
    """The weekday (Monday 0) `words` name in `language` ("Freitag", "vendredi"), or None."""
    names = [w.lower() for w in WEEKDAYS.get(languages.base(language), ())]
    return names.index(words) if words in names else None
