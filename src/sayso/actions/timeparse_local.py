"""Alarm times said in German, French, Spanish or Chinese ("morgen um sieben Uhr dreißig").

Number words become digits with text2num (its languages), the clock time is read with a few
patterns ("7 Uhr 30", "7 heures 30", "7 y media", "7点30分"), and dateparser, told the language,
resolves the day ("morgen", "demain", "mañana", "明天") or a relative time ("in zehn Minuten").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from sayso import languages
from sayso.errors import BadInput

TEXT2NUM_LANGUAGES: Final = frozenset({"en", "fr", "es", "de", "pt", "it", "nl"})
"""Languages text2num turns number words into digits for."""

_HALF: Final = re.compile(r"\b(\d{1,2}) (?:y media|et demie)\b")
_GERMAN_HALF: Final = re.compile(r"\bhalb (\d{1,2})\b")
"""German "halb sieben" is half an hour *before* seven."""
_BARE_HOUR: Final = re.compile(r"\b(a las|a la|las|la|um|à) (\d{1,2})\b(?!:)")
"""An hour without minutes after its word ("para las 7": the alarm sentence ate the "para")."""
_QUARTER: Final = re.compile(r"\b(\d{1,2}) (?:y cuarto|et quart|viertel nach)\b")
_HOUR_WORD: Final = re.compile(r"\b(\d{1,2}) ?(?:uhr|heures?|h|horas?|y)\b ?(\d{2})?")
_CHINESE_CLOCK: Final = re.compile(r"(\d{1,2})[点點](?:(\d{1,2})分?|半)?")
_CLOCK: Final = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_PM: Final = re.compile(r"abends|nachmittags|du soir|après-midi|de la tarde|de la noche|下午|晚上")
_FILLER: Final = re.compile(
    r"\b(um|am|für|den|der|die|das|einen|wecker|stelle|bitte|à|a|le|la|pour|un|réveil|"
    r"las|el|para|una|alarma|morgens|früh|du matin|de la mañana)\b|早上|上午|下午|晚上|闹钟"
)


def local_digits(text: str, language: str) -> str:
    """Lower-case `text` with number words as digits and clock times as "H:MM"."""
    lang = languages.base(language)
    lowered = text.lower().strip()
    if lang in TEXT2NUM_LANGUAGES:
        from text_to_num import alpha2digit  # deferred: only alarm requests need it

        lowered = str(alpha2digit(lowered, lang))
    lowered = _HALF.sub(lambda m: f"{m.group(1)}:30", lowered)
    lowered = _GERMAN_HALF.sub(lambda m: f"{(int(m.group(1)) - 1) % 24}:30", lowered)
    lowered = _QUARTER.sub(lambda m: f"{m.group(1)}:15", lowered)
    lowered = _HOUR_WORD.sub(lambda m: f"{m.group(1)}:{m.group(2) or '00'}", lowered)
    lowered = _BARE_HOUR.sub(lambda m: f"{m.group(1)} {m.group(2)}:00", lowered)
    half = "半"
    return _CHINESE_CLOCK.sub(
        lambda m: f" {m.group(1)}:{m.group(2) or ('30' if m.group(0).endswith(half) else '00')} ",
        lowered,
    )


def parse_local_time(text: str, now: dt.datetime, language: str) -> dt.datetime:
    """The next instant `text` names in `language`, in `now`'s zone; `BadInput` when none."""
    spoken = local_digits(text, language)
    clock = _CLOCK.search(spoken)
    if clock is None:
        parsed = _dateparse(spoken, now, language)
        if parsed is None or parsed <= now:
            raise BadInput(f"I couldn't understand the alarm time {text!r}")
        return parsed
    hour, minute = int(clock.group(1)), int(clock.group(2))
    if _PM.search(spoken) and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise BadInput(f"{text!r} is not a time of day")
    rest = _FILLER.sub(" ", spoken[: clock.start()] + " " + spoken[clock.end() :]).strip()
    day = _dateparse(rest, now, language) if rest else None
    when = dt.datetime.combine(day.date() if day else now.date(), dt.time(hour, minute))
    when = when.replace(tzinfo=now.tzinfo)
    if when <= now and day is None:
        when += dt.timedelta(days=1)
    if when <= now:
        raise BadInput(f"{text!r} is in the past")
    return when


def _dateparse(words: str, now: dt.datetime, language: str) -> dt.datetime | None:
    import dateparser  # deferred: slow to import (~1 s)

    parsed = dateparser.parse(
        words,
        languages=[languages.base(language)],
        settings={"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "future"},
    )
    return None if parsed is None else parsed.replace(tzinfo=now.tzinfo)
