"""When an alarm is, said in the language it was asked in ("morgen um 7 Uhr", "demain à 7 heures").

`timeparse.describe_time` says it in English ("7 AM tomorrow"); a German alarm answered "Wecker
gestellt für 7 AM tomorrow" would mix two languages in one sentence. These are written here for
the languages sayso ships grammars and due-alarm sentences for (`due_speech.SENTENCES`); any
other language gets English.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from sayso.actions.timeparse import describe_time, english_clock
from sayso.languages import base

WEEKDAYS: Final[dict[str, tuple[str, ...]]] = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}
"""Weekday names, Monday first (`date.weekday()`), per base language."""

FORMS: Final[dict[str, tuple[str, str, str, str]]] = {
    "de": ("heute um {clock}", "morgen um {clock}", "am {weekday} um {clock}",
           "am {day}.{month}. um {clock}"),
    "fr": ("aujourd'hui à {clock}", "demain à {clock}", "{weekday} à {clock}",
           "le {day}/{month} à {clock}"),
    "es": ("hoy a las {clock}", "mañana a las {clock}", "el {weekday} a las {clock}",
           "el {day}/{month} a las {clock}"),
    "zh": ("今天{clock}", "明天{clock}", "{weekday}{clock}", "{month}月{day}日{clock}"),
}  # fmt: skip
"""Today, tomorrow, within the week, later: per base language."""


def clock_words(when: dt.datetime, language: str) -> str:
    """The time of day as it is written in `language`: "7 Uhr", "7:30 Uhr", "7 heures 30"."""
    hour, minute = when.hour, when.minute
    lang = base(language)
    if lang == "de":
        return f"{hour} Uhr" if minute == 0 else f"{hour}:{minute:02d} Uhr"
    if lang == "fr":
        return f"{hour} heures" if minute == 0 else f"{hour} heures {minute:02d}"
    if lang == "zh":
        return f"{hour}点" if minute == 0 else f"{hour}点{minute:02d}分"
    if lang == "en":
        return english_clock(when)
    return f"{hour}" if minute == 0 else f"{hour}:{minute:02d}"


def describe_time_in(when: dt.datetime, now: dt.datetime, language: str) -> str:
    """`when` relative to `now`, in `language` (English: `timeparse.describe_time`)."""
    forms = FORMS.get(base(language))
    if forms is None:
        return describe_time(when, now)
    when = when.astimezone(now.tzinfo)
    days = (when.date() - now.date()).days
    form = forms[0 if days == 0 else 1 if days == 1 else 2 if 1 < days < 7 else 3]
    return form.format(
        clock=clock_words(when, language),
        weekday=WEEKDAYS[base(language)][when.weekday()],
        day=when.day,
        month=when.month,
    )
