"""Alarms that repeat: "every day", "every weekday", "on weekends", "every Monday".

"Set an alarm for 7 am every weekday" was refused ("I couldn't understand the day"). The words of
the repeat are split off the time as said (`split_repeat`, in English, German, French and
Spanish); the alarm keeps its weekdays (`Alarm.repeat`, Monday = 0), and each time it rings the
next one is set at the same wall-clock time (`timers.due`, `timers.on_startup`). Cancelling the
pending alarm ends the series; a snooze rings once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from sayso.actions.time_words import WEEKDAYS
from sayso.languages import base, listed

EVERY_DAY: Final = (0, 1, 2, 3, 4, 5, 6)
WORKDAYS: Final = (0, 1, 2, 3, 4)
WEEKEND: Final = (5, 6)


RULES: Final[dict[str, tuple[tuple[re.Pattern[str], tuple[int, ...]], ...]]] = {
    "en": (
        (re.compile(r"\b(?:every ?day|each day|daily)\b"), EVERY_DAY),
        (re.compile(r"\b(?:every weekday|each weekday|on weekdays|weekdays)\b"), WORKDAYS),
        (re.compile(r"\b(?:every weekend|on weekends|at weekends|weekends)\b"), WEEKEND),
    ),
    "de": (
        (re.compile(r"\b(?:jeden tag|täglich)\b"), EVERY_DAY),
        (re.compile(r"\b(?:werktags|wochentags|an wochentagen|an werktagen)\b"), WORKDAYS),
        (re.compile(r"\b(?:am wochenende|an wochenenden|jedes wochenende)\b"), WEEKEND),
    ),
    "fr": (
        (re.compile(r"\b(?:tous les jours|chaque jour)\b"), EVERY_DAY),
        (re.compile(r"\b(?:en semaine|du lundi au vendredi)\b"), WORKDAYS),
        (re.compile(r"\b(?:le week-end|le weekend|les week-ends|chaque week-end)\b"), WEEKEND),
    ),
    "es": (
        (re.compile(r"\b(?:todos los días|cada día|a diario)\b"), EVERY_DAY),
        (re.compile(r"\b(?:entre semana|de lunes a viernes)\b"), WORKDAYS),
        (re.compile(r"\b(?:los fines de semana|cada fin de semana)\b"), WEEKEND),
    ),
}
"""Per base language: a repeat as said, and its weekdays. Longer forms first."""
DAY_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    **{lang: tuple(d.lower() for d in WEEKDAYS[lang]) for lang in ("de", "fr", "es")},
}
"""Weekday names, lower case, Monday first."""
_EVERY_DAY_NAMED: Final[dict[str, str]] = {
    "en": r"\b(?:(?:every|each) {d}|on {d}s)(?:(?:,| and) {d}s?)*\b",
    "de": r"\b(?:jeden {d}|{d}s)(?:(?:,| und) (?:{d}s?))*\b",
    "fr": r"\b(?:tous les {d}s|chaque {d})(?:(?:,| et) {d}s?)*\b",
    "es": r"\b(?:todos los {d}|cada {d})(?:(?:,| y) {d})*\b",
}
"""Named weekdays that repeat, `{d}` for any day's name: "every Monday and Friday", "montags",
"tous les lundis et jeudis", "cada martes" ("on Monday" alone is one Monday)."""


SAID: Final[dict[str, dict[tuple[int, ...], str]]] = {
    "en": {EVERY_DAY: "every day", WORKDAYS: "every weekday", WEEKEND: "every weekend"},
    "de": {EVERY_DAY: "jeden Tag", WORKDAYS: "werktags", WEEKEND: "am Wochenende"},
    "fr": {EVERY_DAY: "tous les jours", WORKDAYS: "en semaine", WEEKEND: "le week-end"},
    "es": {EVERY_DAY: "todos los días", WORKDAYS: "entre semana", WEEKEND: "los fines de semana"},
}
"""How a repeat is said back, per base language (one weekday: `EVERY_ONE`)."""
EVERY_ONE: Final[dict[str, str]] = {
    "en": "every {day}", "de": "jeden {day}", "fr": "chaque {day}", "es": "cada {day}",
}


def split_repeat(text: str, language: str | None) -> tuple[str, tuple[int, ...]]:
    """`text` without its repeat, and the weekdays it repeats on (() when it does not)."""
    lang = base(language or "en")
    lang = lang if lang in RULES else "en"
    lowered = text.lower()
    days: set[int] = set()
    for pattern, weekdays in RULES[lang]:
        if pattern.search(lowered):
            days.update(weekdays)
            lowered = pattern.sub(" ", lowered)
    names = DAY_NAMES[lang]
    named = re.compile(_EVERY_DAY_NAMED[lang].format(d="(?:" + "|".join(names) + ")"))
    for found in named.finditer(lowered):
        days.update(i for i, day in enumerate(names) if re.search(rf"\b{day}s?\b", found[0]))
    lowered = named.sub(" ", lowered)
    if not days:
        return text, ()
    rest = re.sub(r"\s+(?:and|und|et|y)\s*$", "", " ".join(lowered.split()))
    return rest, tuple(sorted(days))


def said(days: tuple[int, ...], language: str | None) -> str:
    """"every weekday", "every Monday", "every Monday and Friday" in `language`."""
    lang = base(language or "en")
    lang = lang if lang in SAID else "en"
    if days in SAID[lang]:
        return SAID[lang][days]
    names = [(DAY_NAMES["en"][d].capitalize() if lang == "en" else WEEKDAYS[lang][d]) for d in days]
    joiner = {"en": "and", "de": "und", "fr": "et", "es": "y"}[lang]
    named = listed(names, joiner)
    return EVERY_ONE[lang].format(day=named)


def first_on(when: dt.datetime, days: tuple[int, ...]) -> dt.datetime:
    """`when`, or the first day after it on one of `days`, at the same wall-clock time."""
    day = when.date()
    while day.weekday() not in days:
        day += dt.timedelta(days=1)
    return _at(when, day)


NOON_HOUR = 12
"""The hour a bare hour's afternoon reading is this many hours after its morning one."""


def earliest_half(when: dt.datetime, now: dt.datetime) -> dt.datetime:
    """An hour said with no am / pm on a repeat's first day: its morning, if that is still ahead.

    "Every Monday at 8" said on a Sunday morning: the next bare 8 is Sunday's 8 PM, which
    `first_on` moves to Monday at 8 PM; Monday's 8 AM comes first.
    """
    if when.hour < NOON_HOUR:
        return when
    morning = when.replace(hour=when.hour - NOON_HOUR)  # the same day's wall clock
    return morning if morning > now else when


def next_after(due: dt.datetime, days: tuple[int, ...], now: dt.datetime) -> dt.datetime:
    """The next ring of a repeating alarm that rang (or was missed) at `due`: after `now`."""
    local = due.astimezone(now.tzinfo)
    day = max(local.date() + dt.timedelta(days=1), now.date())
    while day.weekday() not in days or _at(local, day) <= now:
        day += dt.timedelta(days=1)
    return _at(local, day)


def _at(when: dt.datetime, day: dt.date) -> dt.datetime:
    """`day` at `when`'s wall-clock time, in its zone."""
    return dt.datetime.combine(day, when.replace(tzinfo=None).time()).replace(tzinfo=when.tzinfo)


def encode(days: tuple[int, ...]) -> str | None:
    """The weekdays as stored ("0,1,2,3,4"); None for an alarm that rings once."""
    return ",".join(str(d) for d in days) or None


def decode(stored: str | None) -> tuple[int, ...]:
    """The weekdays of a stored repeat."""
    return tuple(int(d) for d in stored.split(",")) if stored else ()
