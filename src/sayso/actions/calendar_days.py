"""Days counted and dates found: "how many days until Christmas", "what day is Christmas".

Without an LLM these were not understood, and the embedded gemma-3-270m cannot count days. The
grammar takes the day as words (a wildcard, `data/intents/en/calendar.yaml`); this module reads
it as a holiday, a clock time ("how long until 5 pm") or a day (`timeparse.parse_day`: "friday",
"the 5th", "december 25th", "next monday"). Words that name no day ("when is sunset") are not
such a question: they go on as not understood (`names_a_day`), to the brain. German, French and
Spanish name holidays and weekdays ("wie viele Tage bis Weihnachten", "quand est Pâques",
"cuántos días faltan para el viernes") and are answered through their templates. Holidays are
the fixed ones and those computed by rule (`holidays.py`); a holiday is its next occurrence,
today included.
"""

from __future__ import annotations

import calendar
import contextlib
import dataclasses
import datetime as dt
import re
from typing import Final

from sayso import languages
from sayso.actions.holidays import HOLIDAYS, MONTHS, said_date, weekday_named
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.actions.time_words import WEEKDAYS
from sayso.actions.timeparse import (
    describe_duration,
    english_clock,
    ordinal,
    parse_alarm_time,
    parse_day,
)
from sayso.errors import BadInput
from sayso.events.understanding import IntentRecognized

DAYS_UNTIL: Final = "SaysoDaysUntil"
DATE_OF: Final = "SaysoDateOf"
CALENDAR_FACT: Final = "SaysoCalendarFact"
MIN_YEAR: Final = 1
MAX_YEAR: Final = 9998
"""Years a leap-year question may name (the calendar module's range, less the last one)."""


_CLOCK_WORDS: Final = re.compile(r"\d|\b(?:am|pm|noon|midnight|o ?clock|half past|quarter)\b")


@dataclasses.dataclass(frozen=True)
class Day:
    """What the words name: a day, or an instant when a clock time was said."""

    name: str
    """The words as said back ("Christmas", "Friday", "December 25th")."""
    date: dt.date
    at: dt.datetime | None = None


_ARTICLE: Final = re.compile(r"^(?:der|die|das|dem|den|le|la|les|l|el|los|las) ")
"""An article before a holiday's name in German, French or Spanish ("der Valentinstag")."""


def _words(said: object, language: str) -> str:
    text = str(said or "").lower().replace("’", "'")
    # "new year's" is "new years"; "jour de l'an" is "jour de l an".
    text = text.replace("'", "" if language == "en" else " ")
    text = re.sub(r"\s+", " ", re.sub(r"[^\w\s:]", " ", text)).strip()
    return re.sub(r"^(?:the|next|this) (?=christmas|easter|new)", "", text)


def _holiday(words: str, today: dt.date, language: str) -> Day | None:
    table = HOLIDAYS.get(language, {})
    found = table.get(words) or table.get(_ARTICLE.sub("", words))
    if found is None:
        return None
    name, rule = found
    day = rule(today.year)
    if day < today:
        day = rule(today.year + 1)
    return Day(name, day)


def _date_words(day: dt.date, today: dt.date) -> str:
    """"Friday, December 25th", with the year when it is not this one."""
    said = f"{day.strftime('%A')}, {day.strftime('%B')} {ordinal(day.day)}"
    return said if day.year == today.year else f"{said}, {day.year}"


def read_day(said: object, now: dt.datetime, clock: bool = False, language: str = "en") -> Day:
    """The day (or with `clock`, the instant) the words name; `BadInput` when they name none.

    German, French and Spanish name holidays and weekdays only.
    """
    lang = languages.base(language)
    words = _words(said, lang)
    holiday = _holiday(words, now.date(), lang)
    if holiday is not None:
        return holiday
    if lang != "en":
        weekday = weekday_named(_ARTICLE.sub("", words), lang)
        if weekday is None:
            raise BadInput(f"I couldn't understand the day in {said!r}")
        ahead = (weekday - now.date().weekday()) % 7
        name = WEEKDAYS[lang][weekday]
        name = f"el {name}" if lang == "es" else name  # "faltan 6 días para el viernes"
        return Day(name, now.date() + dt.timedelta(days=ahead))
    if clock and _CLOCK_WORDS.search(words):
        with contextlib.suppress(BadInput):  # "the 12th" names a day, not a time
            at = parse_alarm_time(words, now)
            return Day(english_clock(at), at.date(), at)
    day = parse_day(words, now)
    if day < now.date():
        raise BadInput(f"{said!r} is in the past")
    return Day(_NAMES.sub(lambda m: m[0].title(), words), day)


_NAMES: Final = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|may|june|july|august|september|october|november|december)\b"
)
"""Weekdays and months, said back capitalised ("Next Monday")."""


def names_a_day(intent: IntentRecognized) -> bool:
    """False when the words of a SaysoDaysUntil / SaysoDateOf name no day ("when is sunset")."""
    try:
        now = dt.datetime.now().astimezone()
        read_day(intent.slot("day"), now, intent.intent == DAYS_UNTIL, intent.language)
    except BadInput:
        return False
    return True


def _read(ctx: Context, intent: IntentRecognized, clock: bool) -> Day:
    try:
        return read_day(intent.slot("day"), ctx.now, clock, intent.language)
    except BadInput as e:
        raise ActionFailed("invalid_value", f"Sorry, {e}.", "no_such_day") from None


def days_until(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoDaysUntil: days until a day, or hours and minutes until a clock time."""
    day = _read(ctx, intent, clock=True)
    if day.at is not None:
        minutes = max(1, round((day.at - ctx.now).total_seconds() / 60))
        left = describe_duration(minutes * 60)
        return Outcome(f"{day.name} is in {left}.", data={"minutes": minutes, "at": day.name})
    days = (day.date - ctx.now.date()).days
    data = {"days": days, **_said(day, ctx, intent.language)}
    if days > 1 and intent.slot("unit") == "weeks":  # "how many weeks until Christmas"
        weeks, rest = divmod(days, 7)
        counted = _count(days, "day")
        and_days = f" and {_count(rest, 'day')}" if rest else ""
        said = f"{counted}: {_count(weeks, 'week')}{and_days}"
        return Outcome(f"{languages.first_upper(day.name)} is in {said}." if weeks else
                       f"There are {counted} until {day.name}.", data=data)  # fmt: skip
    if days > 1:
        return Outcome(f"There are {days} days until {day.name}.", data=data)
    when = "today" if days == 0 else "tomorrow"
    if day.name in ("today", "tonight", "tomorrow"):
        return Outcome(f"That's {when}.", data=data)
    mark = "!" if days == 0 else "."
    return Outcome(f"{languages.first_upper(day.name)} is {when}{mark}", data=data)


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def _said(day: Day, ctx: Context, language: str) -> dict[str, object]:
    """The day for the reply templates.

    Its name, and in German, French and Spanish its weekday and date as written there
    (`holidays.said_date`).
    """
    data: dict[str, object] = {"name": day.name, "date": day.date.isoformat()}
    if languages.base(language) in MONTHS:
        weekday, date = said_date(day.date, ctx.now.date(), language)
        data |= {"weekday": weekday, "date_said": date}
    return data


def date_of(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoDateOf: the weekday and date of a day ("Christmas is on Friday, December 25th")."""
    day = _read(ctx, intent, clock=False)
    today = ctx.now.date()
    said = _date_words(day.date, today)
    data = _said(day, ctx, intent.language)
    if day.date.strftime("%A").lower() in day.name.lower():  # "Next Monday is December 7th."
        return Outcome(f"{languages.first_upper(day.name)} is {said.split(', ', 1)[1]}.", data=data)
    if day.date.strftime("%B").lower() in day.name.lower():  # "July 4th, 2027 is a Sunday."
        date = said.split(", ", 1)[1]  # never a past one: `read_day` refuses those
        return Outcome(f"{date} is a {day.date.strftime('%A')}.", data=data)
    when = "is today" if day.date == today else "is on"
    return Outcome(f"{languages.first_upper(day.name)} {when} {said}.", data=data)


def calendar_fact(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoCalendarFact: this week's number (ISO 8601, as calendars print it) or a leap year.

    Slot `fact`: "week", "leap_year" (of this year, or of slot `year`), "next_leap_year" or
    "days_in_month" (slot `month`, this year).
    """
    today = ctx.now.date()
    fact = intent.slot("fact")
    if fact == "week":
        week = today.isocalendar().week
        return Outcome(f"It's week {week} of {today.isocalendar().year}.", data={"week": week})
    if fact == "next_leap_year":
        leap = _next_leap(today.year - 1)
        said = "This year is one." if leap == today.year else f"The next one is {leap}."
        return Outcome(said, data={"year": leap, "this_year": leap == today.year})
    if fact == "days_in_month":
        month = _month(intent.slot("month"))
        days = calendar.monthrange(today.year, month)[1]
        name = calendar.month_name[month]
        this_year = " this year" if month == 2 else ""  # February's count depends on the year
        return Outcome(f"{name} has {days} days{this_year}.", data={"month": name, "days": days})
    year = _year(intent.slot("year"), today.year)
    data = {"year": year, "leap": calendar.isleap(year), "next": _next_leap(year)}
    was = "was" if year < today.year else "is"
    if calendar.isleap(year):
        return Outcome(f"Yes, {year} {was} a leap year.", data=data)
    after = f" The next one is {data['next']}." if year >= today.year else ""
    return Outcome(f"No, {year} {was} not a leap year.{after}", data=data)


def _next_leap(year: int) -> int:
    """The first leap year after `year` (one comes within 8 years)."""
    return next(y for y in range(year + 1, year + 9) if calendar.isleap(y))


def names_a_year(intent: IntentRecognized) -> bool:
    """False when a calendar question's words name no year or no month.

    "Is this house a leap year", "how many days in a fortnight": not such a question.
    """
    try:
        if intent.slot("fact") == "days_in_month":
            _month(intent.slot("month"))
        else:
            _year(intent.slot("year"), 2000)
    except ActionFailed:
        return False
    return True


def _month(said: object) -> int:
    """The month named in English ("February", "feb"), 1–12."""
    word = str(said or "").strip().lower().removeprefix("the month of ").rstrip(".?")
    for month in range(1, 13):
        if word in (calendar.month_name[month].lower(), calendar.month_abbr[month].lower()):
            return month
    raise ActionFailed("invalid_value", f"Sorry, {said} is not a month.", "no_such_day")


def _year(said: object, this_year: int) -> int:
    """The year a question named ("is 2028 a leap year"), or this one."""
    if said in (None, ""):
        return this_year
    text = str(said).strip()
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ActionFailed("invalid_value", f"Sorry, {said} is not a year.", "no_such_day")
    return int(text)


HANDLERS: Final[dict[str, HandlerFn]] = {
    DAYS_UNTIL: days_until, DATE_OF: date_of, CALENDAR_FACT: calendar_fact
}  # fmt: skip
"""Intent name → handler for this module."""
