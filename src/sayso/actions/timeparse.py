"""Spoken alarm times ("seven thirty tomorrow morning", "6 am", "in 10 minutes") to datetimes.

dateparser alone misreads clock times said the spoken way ("7 30 tomorrow morning" comes back as
22:00), so the time of day is read here with a few patterns and dateparser only resolves what is
left of the day ("tomorrow", "friday", "march 3rd").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from sayso.errors import BadInput
from sayso.languages import listed

_PM: Final = re.compile(r"\b(pm|afternoon|evening|tonight)\b")
_AM: Final = re.compile(r"\b(am|morning)\b")
_FILLER: Final = re.compile(
    r"\b(at|on|for|in the|the|this|of|o'?clock|oclock|alarm|an|a|please|set|wake me up|"
    r"morning|afternoon|evening|night|am|pm|a\.m\.|p\.m\.)\b"
)
_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNIT_S: Final = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}

# Each pattern yields (hour, minute) through named groups; first match wins.
_CLOCK_PATTERNS: Final = (
    re.compile(r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})\b"),
    re.compile(r"\bhalf past (?P<h>\d{1,2})\b"),
    re.compile(r"\bquarter past (?P<h>\d{1,2})\b"),
    re.compile(r"\bquarter to (?P<h>\d{1,2})\b"),
    re.compile(r"\b(?P<m>\d{1,2}) (?:minutes )?past (?P<h>\d{1,2})\b"),
    re.compile(r"\b(?P<m>\d{1,2}) (?:minutes )?to (?P<h>\d{1,2})\b"),
    re.compile(r"\b(?P<h>\d{1,2}) (?P<m>\d{2})\b"),
    # Recognisers often write "seven thirty" as "730".
    re.compile(r"\b(?P<h>\d{1,2})(?P<m>[0-5]\d)\b"),
    re.compile(r"\b(?P<h>\d{1,2})(?: ?o'?clock)?\b"),
)


def spoken_to_digits(text: str) -> str:
    """Lower-case `text` with number words turned into digits ("seven thirty" → "7 30")."""
    from text_to_num import alpha2digit  # deferred: only alarm requests need it

    lowered = text.lower().replace("-", " ").strip()
    lowered = re.sub(r"\b(noon|midday)\b", "12:00 pm", lowered)
    lowered = re.sub(r"\bmidnight\b", "12:00 am", lowered)
    lowered = re.sub(r"\bhalf an hour\b", "30 minutes", lowered)
    lowered = re.sub(r"\ban? (second|minute|hour|day)\b", r"1 \1", lowered)
    lowered = re.sub(r"\b([ap])\.? ?m\b\.?", r"\1m", lowered)  # "a.m." / "p. m." -> "am" / "pm"
    # text2num leaves "one" and "two" words when alone; before a unit they are an amount ("one
    # and a half hours"), before "pm" or "o'clock" or at the end an hour ("at one", "two pm").
    lowered = re.sub(r"\bo clock\b", "o'clock", lowered)  # not "0 clock"
    lowered = re.sub(
        r"(?<!twenty )(?<!thirty )(?<!forty )(?<!fifty )"  # "twenty one" is 21, not "20 1"
        r"\b(one|two)(?= (?:and a half )?(?:second|minute|hour|day)s?\b|"
        r" ?(?:[ap]m|o'?clock)\b|$)",
        lambda m: "1" if m[1] == "one" else "2",
        lowered,
    )
    digits: str = alpha2digit(lowered, "en")
    return re.sub(r"(\d)([ap]m)\b", r"\1 \2", digits)  # "6am" -> "6 am"


def parse_alarm_time(text: str, now: dt.datetime, language: str = "en") -> dt.datetime:
    """The next instant `text` names, in `now`'s time zone; `BadInput` when it names none.

    Other languages than English are read by `timeparse_local` (text2num and dateparser in the
    language).
    """
    if not language.lower().startswith("en"):
        from sayso.actions.timeparse_local import parse_local_time

        return parse_local_time(text, now, language)
    spoken = spoken_to_digits(text)
    relative = _relative(spoken, now)
    if relative is not None:
        return relative
    found = _clock_time(spoken)
    if found is None:
        raise BadInput(f"I couldn't understand the alarm time {text!r}")
    hour, minute, rest = found
    if hour > 23 or minute > 59:
        raise BadInput(f"{text!r} is not a time of day")
    hours = _candidate_hours(hour, spoken)
    day = _day(rest, now, text)
    if day is None:
        return _next_occurrence(now, hours, minute)
    later = [c for c in (_at(now, day, h, minute) for h in hours) if c > now]
    if not later and _is_weekday(rest) and day == now.date():
        # "monday at nine" said on Monday after nine means next Monday.
        later = [_at(now, day + dt.timedelta(days=7), h, minute) for h in hours]
    if not later and (ordinal := _ORDINAL_DAY.search(rest)) is not None:
        # "at 7 on the 5th" said on the 5th after 7 means next month's 5th.
        day = _day_of_month(int(ordinal[1]), day + dt.timedelta(days=1), text)
        later = [_at(now, day, h, minute) for h in hours]
    if not later:
        raise BadInput(f"{text!r} is in the past")
    return min(later)


def parse_day(text: str, now: dt.datetime) -> dt.date:
    """The day `text` names ("friday", "the 5th", "december 25th", "next monday"), from `now` on.

    `BadInput` when it names none. English.
    """
    day = _day(spoken_to_digits(text), now, text)
    if day is None:
        raise BadInput(f"I couldn't understand the day in {text!r}")
    return day


_AMOUNT: Final = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)(?P<pre> and a half)? (?P<unit>second|minute|hour|day)s?"
    r"(?P<post> and a half)?"
)
"""An amount of a unit, with "and a half" before or after it ("1 and a half hours", "1 hour
and a half")."""


def is_amount(text: str) -> bool:
    """True when `text` is an amount of time alone ("20 minutes", "an hour and a half").

    An alarm "for 20 minutes" rings 20 minutes from now, as other assistants read it.
    """
    spoken = spoken_to_digits(text).strip().lower()
    left = _AMOUNT.sub(" ", re.sub(r"\ban? (?=(?:hour|minute|second)\b)", "1 ", spoken))
    return spoken != left and not left.replace("and", " ").strip()


def _relative(spoken: str, now: dt.datetime) -> dt.datetime | None:
    """`now` plus the amounts of "in 1 hour and a half" or "10 minutes from now"; None else."""
    if not (spoken.startswith("in ") or re.search(r"\bfrom now\b", spoken)):
        return None
    parts = list(_AMOUNT.finditer(spoken))
    if not parts:
        return None
    seconds = sum(
        (float(p["n"]) + (0.5 if p["pre"] or p["post"] else 0.0)) * _UNIT_S[p["unit"]]
        for p in parts
    )
    return now + dt.timedelta(seconds=seconds)


def _clock_time(spoken: str) -> tuple[int, int, str] | None:
    for pattern in _CLOCK_PATTERNS:
        match = pattern.search(spoken)
        if match is None:
            continue
        hour = int(match.group("h"))
        names = pattern.groupindex
        minute = int(match.group("m")) if "m" in names else 0
        if "half past" in pattern.pattern:
            minute = 30
        elif "quarter past" in pattern.pattern:
            minute = 15
        if re.search(r"\bto\b", match.group(0)):  # "ten to five" is 4:50 (not 5:10)
            minute = 60 - (15 if "quarter" in pattern.pattern else minute)
            hour = (hour - 1) % 24
        rest = spoken[: match.start()] + " " + spoken[match.end() :]
        return hour, minute, rest
    return None


def _candidate_hours(hour: int, spoken: str) -> list[int]:
    if hour == 0 or hour > 12:
        return [hour]
    if _PM.search(spoken):
        return [hour % 12 + 12]
    if _AM.search(spoken):
        return [hour % 12]
    # "six thirty" with no am/pm: either reading; the caller picks the next one that is ahead.
    return [hour % 12, hour % 12 + 12]


def _day(rest: str, now: dt.datetime, original: str) -> dt.date | None:
    words = re.sub(r"[.,!?;]+(?=\s|$)", " ", _FILLER.sub(" ", rest))  # "Seven." ends a sentence
    words = re.sub(r"\s+", " ", words).strip()
    if not words:
        return None
    today = now.date()
    if words in ("today", "tonight"):
        return today
    if words == "tomorrow":
        return today + dt.timedelta(days=1)
    if words in _WEEKDAYS:
        ahead = (_WEEKDAYS.index(words) - today.weekday()) % 7
        return today + dt.timedelta(days=ahead)
    ordinal = _ORDINAL_DAY.search(words)
    if ordinal is not None and not _MONTH.search(words):  # "the 5th", "monday the 7th"
        return _day_of_month(int(ordinal[1]), today, original)
    if all(w in ("one", "two") or not re.search(r"[^\W\d_]", w) for w in words.split()):
        # "3.5", "20 100", "one 3.5": numbers left over name no day (dateparser made dates)
        raise BadInput(f"I couldn't understand the time {original!r}")
    return _dateparser_day(words, now, original)


_ORDINAL_DAY: Final = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
"""A day of the month said without its month ("the 5th"): dateparser read "5th" as the 1st of May
and "monday the 7th" as a July."""
_MONTH: Final = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
)


def _day_of_month(number: int, today: dt.date, original: str) -> dt.date:
    """The first day from `today` on with that number, this month or a later one ("the 5th")."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            day = dt.date(year, month, number)
        except ValueError:
            day = None  # no 31st this month
        if day is not None and day >= today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise BadInput(f"I couldn't understand the day in {original!r}")


def _dateparser_day(words: str, now: dt.datetime, original: str) -> dt.date:
    import dateparser  # deferred: slow to import (~1 s), needed only for explicit dates

    parsed = dateparser.parse(
        words,
        languages=["en"],
        settings={
            "RELATIVE_BASE": now.replace(tzinfo=None),
            "PREFER_DATES_FROM": "future",
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    if parsed is None:
        raise BadInput(f"I couldn't understand the day in {original!r}")
    return parsed.date()


def _is_weekday(rest: str) -> bool:
    return any(day in rest for day in _WEEKDAYS)


def _at(now: dt.datetime, day: dt.date, hour: int, minute: int) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time(hour, minute))
    return naive.replace(tzinfo=now.tzinfo)


def _next_occurrence(now: dt.datetime, hours: list[int], minute: int) -> dt.datetime:
    today, tomorrow = now.date(), now.date() + dt.timedelta(days=1)
    candidates = [_at(now, d, h, minute) for d in (today, tomorrow) for h in hours]
    return min(c for c in candidates if c > now)


def english_clock(when: dt.datetime | dt.time) -> str:
    """The time of day as English speakers say it: "7 AM", "5:30 PM", "12 PM" (noon).

    The 12-hour clock, as Home Assistant's English "what time is it" answers ("12:29 PM"): an
    alarm said back as "17:00" read as a different clock from the one the user hears elsewhere.
    """
    hour12 = when.hour % 12 or 12
    half = "AM" if when.hour < 12 else "PM"
    return f"{hour12} {half}" if when.minute == 0 else f"{hour12}:{when.minute:02d} {half}"


def describe_time(when: dt.datetime, now: dt.datetime) -> str:
    """Spoken form relative to `now`: "7:30 AM tomorrow", "6 PM today", "9 AM on Friday"."""
    when = when.astimezone(now.tzinfo)
    clock = english_clock(when)
    days = (when.date() - now.date()).days
    if days == 0:
        return f"{clock} today"
    if days == 1:
        return f"{clock} tomorrow"
    if 1 < days < 7:
        return f"{clock} on {when.strftime('%A')}"
    return f"{clock} on {when.day} {when.strftime('%B')}"


def ordinal(n: int) -> str:
    """1 → "1st", 22 → "22nd", 13 → "13th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe_duration(seconds: float) -> str:
    """Spoken duration: "5 minutes", "1 hour and 30 minutes", "45 seconds"."""
    total = round(seconds)
    hours, rem = divmod(total, 3600)
    minutes, secs = divmod(rem, 60)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if n
    ]
    if not parts:
        return "0 seconds"
    return listed(parts)
