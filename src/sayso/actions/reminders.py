"""When an alarm is for and what a reminder says: the words of "remind me …" split and read.

The grammar's wildcards split a request at its first joining word, and Whisper writes the
joining words loosely ("remind me to call moment 5pm" for "mom at 5 pm"), so the handler
(`handlers_sayso.set_alarm`) re-splits what the templates gave: a time at the end of the words,
a day said first and the hour at the end ("remind me on Friday to pay rent at 5"), a reminder
of what to do ("to call mom") or of what is so ("that I have a meeting").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Final

from sayso import languages
from sayso.actions.outcome import ActionFailed, Context, asks_value
from sayso.actions.timeparse import is_amount, parse_alarm_time, spoken_to_digits
from sayso.errors import BadInput
from sayso.events.understanding import IntentRecognized, Slot

REMINDER_TIME_WORDS: Final = 6
"""Most words at the end of a reminder tried as its time ("tomorrow at half past seven pm")."""
BARE_HOUR: Final = re.compile(
    r"(?:(?:tomorrow|today|on \w+day)\s+)?(?:at\s+)?\d{1,2}(?:[: ]?\d{2})?(?:\s+o'?clock)?"
    r"(?:\s+(?:tomorrow|on \w+day))?"
)
"""A clock time with no am / pm and nothing else that places it in the day ("7", "6:30",
"tomorrow at 7"): read as morning when asked to wake ("wake me up at 7")."""
DAY_ONLY: Final = re.compile(
    r"(?:(?:on|this|next)\s+)?(?:today|tomorrow|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?[.!?]?"
)
"""A day with no hour ("tomorrow", "on friday morning"): the hour is asked for, and the answer
completes the request (`dialogue/awaiting.py`)."""
SPLITTERS: Final = ("to", "that")
"""Words that end a reminder's time and start what it says: "to" something to do, "that"
something that is so ("remind me at 6 pm that I have a meeting")."""
_JOINERS: Final = frozenset({"at", "by", "around", "on", "for", "in"})
"""Words a time may bring along that are not part of what to remember ("pay rent for" + "5 pm",
the answer to "For what time?" joined with "for")."""
_TO_YOU: Final[dict[str, str]] = {
    "my": "your", "me": "you", "i": "you", "i'm": "you're", "mine": "yours",
    "myself": "yourself", "i've": "you've", "i'll": "you'll",
}  # fmt: skip
"""A reminder's words as said back to the one who set it ("take my pills" → "take your pills")."""
_AFTER_YOU: Final[dict[str, str]] = {"am": "are", "was": "were"}
"""Verbs that follow "I" in another form after "you" ("I am late" → "you are late")."""


@dataclasses.dataclass(frozen=True)
class Reminder:
    """What a "set an alarm" / "remind me" request asked for."""

    when: dt.datetime | None
    """When it rings (None: not said)."""
    label: str | None = None
    """What it says when it rings, in the second person in English; None for a plain alarm."""
    splitter: str = "to"
    """How the request joined the label: "to" (something to do) or "that" (something so)."""


def when_said(ctx: Context, intent: IntentRecognized) -> dt.datetime | None:
    """The instant of slot `alarm_time` (and `alarm_day`); asks for the hour of a day alone."""
    text = intent.slot("alarm_time")
    if not text:
        return None
    said = " ".join(str(s) for s in (intent.slot("alarm_day"), text) if s)
    if languages.english(intent.language) and DAY_ONLY.fullmatch(said.strip().lower()):
        raise asks_value("For what time?", "alarm_time")  # "tomorrow": the hour is asked for
    if is_amount(said):
        said = f"in {said}"  # "set an alarm for 20 minutes": 20 minutes from now
    if intent.slot("wake") and BARE_HOUR.fullmatch(spoken_to_digits(said).strip().lower()):
        said += " am"  # "wake me up at 7" at 1 pm is tomorrow's 7 am, not tonight's 7 pm
    try:
        return parse_alarm_time(said, ctx.now, intent.language)
    except BadInput as exc:
        raise ActionFailed("invalid_value", f"Sorry, {exc.message}.", "invalid_time") from None


def reminder(ctx: Context, intent: IntentRecognized) -> Reminder:
    """When and what: "remind me to look at the oven at 5" splits at its last "at", not its first.

    The template's two wildcards split at the first "at" (or "in"), and "remind me to call
    moment 5pm" (Whisper's "mom at") has no "at" to split at. When the time a template gave does
    not parse, or none was given, the words are split again: the longest ending of at most
    `REMINDER_TIME_WORDS` words that parses as a time is the time, the rest is what to remember.
    """
    label = intent.slot("label")
    splitter = "that" if intent.slot("that") else "to"
    time = str(intent.slot("alarm_time") or "")
    if label and time and splitter == "that":
        # "remind me tomorrow at 9 to tell Bob that the car is ready": the time ends at the
        # first "to" or "that" after it, as when no template split the words
        words = Slot("alarm_time", f"{time} that {label}", f"{time} that {label}")
        kept = tuple(s for s in intent.slots if s.name not in ("alarm_time", "label", "that"))
        return _unlabelled(ctx, dataclasses.replace(intent, slots=(*kept, words)))
    if not label:
        return _unlabelled(ctx, intent)
    if DAY_ONLY.fullmatch(time.strip().lower()) and languages.english(intent.language):
        found = _time_at_end(str(label).split(), ctx, intent.language, day=time)
        if found is None:  # "remind me tomorrow that I'm off": the hour is asked for
            raise asks_value("For what time?", "alarm_time")
        return _addressed(Reminder(found[0], found[1], splitter), intent.language)
    if time:
        try:
            asked = Reminder(when_said(ctx, intent), str(label), splitter)
        except ActionFailed:
            pass
        else:
            return _addressed(asked, intent.language)
    joiner = "in" if intent.slot("alarm_day") == "in" else "at"
    said = " ".join(str(s) for s in (label, time and joiner, time) if s)
    found = _time_at_end(said.split(), ctx, intent.language)
    if found is None and not time and languages.english(intent.language):
        found = _day_then_time(str(label).split(), ctx, intent.language)
    if found is None:
        raise asks_value("When should I remind you?", "alarm_time")
    return _addressed(Reminder(found[0], found[1], splitter), intent.language)


def _unlabelled(ctx: Context, intent: IntentRecognized) -> Reminder:
    """A time with no label, unless it holds one: "remind me in 10 minutes to call mom".

    The label-less template ("remind me in {alarm_time}") also matches a reminder with a label,
    the wildcard taking "10 minutes to call mom". The words after a " to " (or " that ") are
    what to remember when those before it are a time and those after are not a number ("ten to
    five" is 4:50). A day alone before them ("remind me on Friday to pay rent") asks for the
    hour, unless the words end with one ("… to pay rent at 5 pm").
    """
    said = str(intent.slot("alarm_time") or "")
    words = said.split()
    # Whisper may open a sentence at the joiner: "Remind me at 6 p.m. That I have a meeting."
    splits = (
        i for i, w in enumerate(words) if w.lower() in SPLITTERS and 0 < i < len(words) - 1
    )
    for at in splits:
        time, rest = " ".join(words[:at]), words[at + 1 :]
        if spoken_to_digits(" ".join(rest)).split()[0].isdigit():
            continue
        english = languages.english(intent.language)
        if english and DAY_ONLY.fullmatch(time.lower()):
            found = _time_at_end(rest, ctx, intent.language, day=time)
            if found is None:
                raise asks_value("For what time?", "alarm_time")
            return _addressed(Reminder(found[0], found[1], words[at].lower()), intent.language)
        slot = Slot("alarm_time", time, time)
        slots = (*(s for s in intent.slots if s.name != "alarm_time"), slot)
        try:
            when = when_said(ctx, dataclasses.replace(intent, slots=slots))
        except ActionFailed:
            continue
        return _addressed(Reminder(when, " ".join(rest), words[at].lower()), intent.language)
    return Reminder(when_said(ctx, intent))


def _day_then_time(words: list[str], ctx: Context, language: str) -> tuple[dt.datetime, str] | None:
    """A day in the words and the hour after it: "pay rent on Friday" + "for 5 pm".

    Asks for the hour when the words end with the day ("remind me to pay rent on Friday").
    """
    lowered = [w.lower() for w in words]
    for start in range(1, len(words)):
        for end in range(len(words), start, -1):
            if DAY_ONLY.fullmatch(" ".join(lowered[start:end])):
                if end == len(words):
                    raise asks_value("For what time?", "alarm_time")
                found = _time_at_end(words[end:], ctx, language, day=" ".join(words[start:end]))
                if found is None or found[1]:
                    return None
                return found[0], " ".join(words[:start])
    return None


def _time_at_end(
    words: list[str], ctx: Context, language: str, day: str = ""
) -> tuple[dt.datetime, str] | None:
    """The time the words end with (on `day`, when one was said apart) and the words before it.

    With a day said apart, the hour is the shortest ending that opens with a joining word ("call
    extension 204 at 5 pm"): longer endings held numbers of what to remember.
    """
    if day:
        return _hour_at_end(words, ctx, language, day)
    for cut in range(max(1, len(words) - REMINDER_TIME_WORDS), len(words)):
        tail = " ".join(words[cut:])
        if spoken_to_digits(tail).strip().isdigit():
            continue  # "remind me to call room 5": a bare number ends what to remember
        try:
            when = parse_alarm_time(f"{day} {tail}".strip(), ctx.now, language)
        except BadInput:
            continue
        head = words[:cut]
        while len(head) > 1 and head[-1].lower() in _JOINERS:
            head = head[:-1]  # "pay rent for" + "5 pm": the joiner went with the time
        return when, " ".join(head)
    return None


def _hour_at_end(
    words: list[str], ctx: Context, language: str, day: str
) -> tuple[dt.datetime, str] | None:
    for cut in range(len(words) - 2, max(-1, len(words) - REMINDER_TIME_WORDS - 1), -1):
        if words[cut].lower() not in _JOINERS:
            continue
        try:
            when = parse_alarm_time(f"{day} {' '.join(words[cut:])}", ctx.now, language)
        except BadInput:
            continue
        return when, " ".join(words[:cut])
    return None


def _addressed(found: Reminder, language: str) -> Reminder:
    """An English reminder in the second person: it is kept, listed and rung that way."""
    if not found.label or not languages.english(language):
        return found
    words = [_TO_YOU.get(w.lower(), w) for w in found.label.split()]
    for n in range(1, len(words)):
        if words[n - 1] == "you" and words[n].lower() in _AFTER_YOU:
            words[n] = _AFTER_YOU[words[n].lower()]
    return dataclasses.replace(found, label=" ".join(words))
