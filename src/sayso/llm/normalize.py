"""Numbers, durations, times and dates in user text, normalised before the model sees them.

Small models copy digits far more reliably than they convert "twenty" to 20, so spelled-out numbers
are turned into digits first (text2num), then durations ("in twenty minutes" → 1200 s) and points in
time ("seven thirty tomorrow morning" → a datetime, via dateparser) are extracted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

SECONDS_PER_UNIT = {"second": 1, "minute": 60, "hour": 3600, "day": 86_400, "week": 604_800}
"""Length of each duration unit in seconds."""

_UNIT = r"(second|sec|minute|min|hour|hr|day|week)s?"
_AMOUNT = r"(\d+(?:\.\d+)?|an?|one|half an?)"
_HALF = r"(\s+and\s+a\s+half)?"
_DURATION = re.compile(rf"\b{_AMOUNT}{_HALF}\s+{_UNIT}\b{_HALF}", re.IGNORECASE)
"""An amount and a unit; "and a half" after either ("2 and a half hours", "2 hours and a half")."""
_HALF_AN_HOUR = re.compile(r"\bhalf\s+an?\s+hour\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b(\d{1,2}) (\d{2})\b(?=\s*(?:am|pm|a\.m\.|p\.m\.|tomorrow|today|tonight|"
                    r"in the|this|on|next|$))", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_UNIT_ALIASES = {"sec": "second", "min": "minute", "hr": "hour"}
_TIME_WORDS = re.compile(r"\b(at|tomorrow|today|tonight|morning|evening|afternoon|noon|midnight|"
                         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm|"
                         r"\d{1,2}:\d{2})\b", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Normalized:
    """What was found in one utterance."""

    text: str
    """The utterance with numbers as digits and clock times as H:MM."""
    durations_s: tuple[float, ...] = ()
    """Durations mentioned, in seconds, in order."""
    datetimes: tuple[dt.datetime, ...] = ()
    """Points in time mentioned (resolved against the reference time)."""
    numbers: tuple[float, ...] = ()
    """Every number in the normalised text, in order."""


def digits(text: str) -> str:
    """`text` with spelled-out numbers as digits ("twenty minutes" → "20 minutes")."""
    from text_to_num import alpha2digit  # deferred: only needed once the LLM path is used

    converted: str = alpha2digit(text, "en", threshold=0)
    # alpha2digit writes "seven thirty" as "7 30"; a clock time reads better as 7:30.
    return _CLOCK.sub(r"\1:\2", converted)


def durations(text: str) -> tuple[float, ...]:
    """Durations in seconds found in (digit-normalised) `text`."""
    found: list[float] = []
    spans: list[tuple[int, int]] = []
    for match in _HALF_AN_HOUR.finditer(text):
        spans.append(match.span())
        found.append(SECONDS_PER_UNIT["hour"] / 2)
    for match in _DURATION.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        amount_text = match.group(1).lower()
        amount = 1.0 if amount_text in ("a", "an", "one") else (
            0.5 if amount_text.startswith("half") else float(amount_text))
        if match.group(2) or match.group(4):
            amount += 0.5
        unit = match.group(3).lower()
        found.append(amount * SECONDS_PER_UNIT[_UNIT_ALIASES.get(unit, unit)])
    return tuple(found)


def datetimes(text: str, *, now: dt.datetime | None = None) -> tuple[dt.datetime, ...]:
    """Points in time in (digit-normalised) `text`, resolved in the future of `now`."""
    if not _TIME_WORDS.search(text):
        return ()  # dateparser's search is slow; skip text with no time words at all
    from dateparser.search import search_dates  # deferred: slow import, LLM path only

    settings = {"RELATIVE_BASE": now or dt.datetime.now(), "PREFER_DATES_FROM": "future"}
    found = search_dates(text, languages=["en"], settings=settings) or []
    return tuple(when for words, when in found if _TIME_WORDS.search(words))


def normalize(text: str, *, now: dt.datetime | None = None) -> Normalized:
    """Digits, durations, datetimes and numbers of one utterance."""
    clean = digits(text)
    numbers = tuple(float(n) for n in _NUMBER.findall(clean))
    return Normalized(clean, durations(clean), datetimes(clean, now=now), numbers)
