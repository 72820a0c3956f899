"""Days counted and dates found: "how many days until Christmas", "what day is Christmas".

Without an LLM these were not understood, and the embedded gemma-3-270m cannot count days. The
grammar takes the day as words (a wildcard, `data/intents/en/calendar.yaml`); this module reads
it as a holiday, a clock time ("how long until 5 pm") or a day (`timeparse.parse_day`: "friday",
"the 5th", "december 25th", "next monday"). Words that name no day ("when is sunset") are not
such a question: they go on as not understood (`names_a_day`), to the brain. English only.
Holidays are the fixed ones and those computed by rule; a holiday is its next occurrence,
today included.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Final

from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
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


HOLIDAYS: Final[dict[str, tuple[str, Callable[[int], dt.date]]]] = {
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
"""Holidays by their words without punctuation → (name said back, the day in a given year).
Mother's and Father's Day are the US days (the recogniser's English is mostly American)."""

_CLOCK_WORDS: Final = re.compile(r"\d|\b(?:am|pm|noon|midnight|o ?clock|half past|quarter)\b")


@dataclasses.dataclass(frozen=True)
class Day:
    """What the words name: a day, or an instant when a clock time was said."""

    name: str
    """The words as said back ("Christmas", "Friday", "December 25th")."""
    date: dt.date
    at: dt.datetime | None = None


def _words(said: object) -> str:
    text = re.sub(r"[^\w\s:]", "", str(said or "").lower().replace("’", "'"))
    return re.sub(r"\s+", " ", re.sub(r"^(?:the|next|this) (?=christmas|easter|new)", "", text))


def _holiday(words: str, today: dt.date) -> Day | None:
    found = HOLIDAYS.get(words.strip())
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


def read_day(said: object, now: dt.datetime, clock: bool = False) -> Day:
    """The day (or with `clock`, the instant) the words name; `BadInput` when they name none."""
    words = _words(said)
    holiday = _holiday(words, now.date())
    if holiday is not None:
        return holiday
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
        read_day(intent.slot("day"), dt.datetime.now().astimezone(), intent.intent == DAYS_UNTIL)
    except BadInput:
        return False
    return True


def _read(ctx: Context, intent: IntentRecognized, clock: bool) -> Day:
    try:
        return read_day(intent.slot("day"), ctx.now, clock)
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
    data = {"days": days, "name": day.name, "date": day.date.isoformat()}
    if days > 1:
        return Outcome(f"There are {days} days until {day.name}.", data=data)
    when = "today" if days == 0 else "tomorrow"
    if day.name in ("today", "tonight", "tomorrow"):
        return Outcome(f"That's {when}.", data=data)
    return Outcome(f"{_capital(day.name)} is {when}{'!' if days == 0 else '.'}", data=data)


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def date_of(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoDateOf: the weekday and date of a day ("Christmas is on Friday, December 25th")."""
    day = _read(ctx, intent, clock=False)
    today = ctx.now.date()
    said = _date_words(day.date, today)
    data = {"name": day.name, "date": day.date.isoformat()}
    if day.date.strftime("%A").lower() in day.name.lower():  # "Next Monday is December 7th."
        return Outcome(f"{_capital(day.name)} is {said.split(', ', 1)[1]}.", data=data)
    if day.date.strftime("%B").lower() in day.name.lower():  # "July 4th, 2027 is a Sunday."
        date = said.split(", ", 1)[1]
        when = "is" if day.date >= today else "was"
        return Outcome(f"{date} {when} a {day.date.strftime('%A')}.", data=data)
    when = "is today" if day.date == today else "is on"
    return Outcome(f"{_capital(day.name)} {when} {said}.", data=data)


HANDLERS: Final[dict[str, HandlerFn]] = {DAYS_UNTIL: days_until, DATE_OF: date_of}
"""Intent name → handler for this module."""
