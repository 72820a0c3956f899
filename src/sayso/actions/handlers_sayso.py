"""Sayso's own intents: alarms and messages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Final

from sayso import languages
from sayso.actions import repeating
from sayso.actions.alarms import Alarm
from sayso.actions.outcome import (
    ActionFailed,
    Context,
    HandlerFn,
    Outcome,
    asks_value,
    slot_text,
)
from sayso.actions.time_words import describe_time_in
from sayso.actions.timeparse import describe_time, parse_alarm_time, spoken_to_digits
from sayso.errors import BadInput
from sayso.events.actions import StateChange
from sayso.events.understanding import IntentRecognized, Slot
from sayso.languages import listed

REMINDER_TIME_WORDS: Final = 6
"""Most words at the end of a reminder tried as its time ("tomorrow at half past seven pm")."""
BARE_HOUR: Final = re.compile(
    r"(?:(?:tomorrow|today|on \w+day)\s+)?(?:at\s+)?\d{1,2}(?:[: ]?\d{2})?(?:\s+o'?clock)?"
    r"(?:\s+(?:tomorrow|on \w+day))?"
)
"""A clock time with no am / pm and nothing else that places it in the day ("7", "6:30",
"tomorrow at 7"): read as morning when asked to wake ("wake me up at 7")."""
SAME_ALARM_S: Final[float] = 60.0
"""Alarms within this many seconds of a spoken time are the one meant, in seconds."""


_DAY_ONLY: Final = re.compile(
    r"(?:(?:on|this|next)\s+)?(?:today|tomorrow|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?[.!?]?"
)
"""A day with no hour ("tomorrow", "on friday morning"): the hour is asked for, and the answer
completes the request (`dialogue/awaiting.py`)."""


def _when(ctx: Context, intent: IntentRecognized) -> dt.datetime | None:
    text = intent.slot("alarm_time")
    if not text:
        return None
    said = " ".join(str(s) for s in (intent.slot("alarm_day"), text) if s)
    if languages.english(intent.language) and _DAY_ONLY.fullmatch(said.strip().lower()):
        raise asks_value("For what time?", "alarm_time")  # "tomorrow": the hour is asked for
    if intent.slot("wake") and BARE_HOUR.fullmatch(spoken_to_digits(said).strip().lower()):
        said += " am"  # "wake me up at 7" at 1 pm is tomorrow's 7 am, not tonight's 7 pm
    try:
        return parse_alarm_time(said, ctx.now, intent.language)
    except BadInput as exc:
        raise ActionFailed("invalid_value", f"Sorry, {exc.message}.", "invalid_time") from None


def _reminder(ctx: Context, intent: IntentRecognized) -> tuple[dt.datetime | None, str | None]:
    """When and what: "remind me to look at the oven at 5" splits at its last "at", not its first.

    The template's two wildcards split at the first "at" (or "in"), and "remind me to call
    moment 5pm" (Whisper's "mom at") has no "at" to split at. When the time a template gave does
    not parse, or none was given, the words are split again: the longest ending of at most
    `REMINDER_TIME_WORDS` words that parses as a time is the time, the rest is what to remember.
    """
    label = intent.slot("label")
    if not label:
        return _unlabelled(ctx, intent)
    if intent.slot("alarm_time"):
        try:
            return _when(ctx, intent), str(label)
        except ActionFailed:
            pass
    joiner = "in" if intent.slot("alarm_day") == "in" else "at"
    said = " ".join(str(s) for s in (label, intent.slot("alarm_time") and joiner,
                                     intent.slot("alarm_time")) if s)  # fmt: skip
    words = said.split()
    for cut in range(max(1, len(words) - REMINDER_TIME_WORDS), len(words)):
        if spoken_to_digits(" ".join(words[cut:])).strip().isdigit():
            continue  # "remind me to call room 5": a bare number ends what to remember
        try:
            when = parse_alarm_time(" ".join(words[cut:]), ctx.now, intent.language)
        except BadInput:
            continue
        return when, " ".join(words[:cut])
    raise asks_value("When should I remind you?", "alarm_time")


def _unlabelled(ctx: Context, intent: IntentRecognized) -> tuple[dt.datetime | None, str | None]:
    """A time with no label, unless it holds one: "remind me in 10 minutes to call mom".

    The label-less template ("remind me in {alarm_time}") also matches a reminder with a label,
    the wildcard taking "10 minutes to call mom". The words after a " to " are what to remember
    when those before it are a time and those after are not a number ("ten to five" is 4:50).
    """
    said = str(intent.slot("alarm_time") or "")
    words = said.split()
    for at in (i for i, w in enumerate(words) if w == "to" and 0 < i < len(words) - 1):
        rest = " ".join(words[at + 1 :])
        if spoken_to_digits(rest).split()[0].isdigit():
            continue
        time = Slot("alarm_time", " ".join(words[:at]), " ".join(words[:at]))
        slots = (*(s for s in intent.slots if s.name != "alarm_time"), time)
        try:
            return _when(ctx, dataclasses.replace(intent, slots=slots)), rest
        except ActionFailed:
            continue
    return _when(ctx, intent), None


def set_alarm(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoSetAlarm: slot `alarm_time` as spoken text, optional `label` (a reminder).

    A repeat ("every weekday") is split off the time and the label (`repeating.split_repeat`);
    the alarm then first rings on one of its weekdays.
    """
    intent, days = _repeat(intent)
    when, label = _reminder(ctx, intent)
    label = _addressed(label, intent.language)
    if when is None:
        raise asks_value("For what time?", "alarm_time")
    when = repeating.first_on(when, days) if days else when
    alarm = ctx.alarms.add(when, ctx.now, label, intent.language, days)
    spoken = describe_time(when, ctx.now)
    spoken += f" and then {repeating.said(days, 'en')}" if days else ""
    change = StateChange(
        alarm.target, "created", None, {"id": alarm.id, "due_at": when.isoformat()}
    )
    data = {"alarm_id": alarm.id, "due_at": when.isoformat(), "repeat": list(days)}
    said = describe_time_in(when, ctx.now, intent.language)  # the templates' words
    said += f", {repeating.said(days, intent.language)}" if days else ""
    slots = {"alarm_time": said} | ({"label": label} if label else {})
    speech = f"I'll remind you to {label} at {spoken}." if label else f"Alarm set for {spoken}."
    extra: dict[str, object] = {"slots": slots} | ({"response": "reminder"} if label else {})
    return Outcome(speech, [change], data, extra)


_TO_YOU: Final[dict[str, str]] = {
    "my": "your", "me": "you", "i": "you", "i'm": "you're", "mine": "yours",
    "myself": "yourself", "i've": "you've", "i'll": "you'll",
}  # fmt: skip
"""A reminder's words as said back to the one who set it ("take my pills" → "take your pills")."""


def _addressed(label: str | None, language: str) -> str | None:
    """An English reminder in the second person: it is kept, listed and rung that way."""
    if not label or not languages.english(language):
        return label
    return " ".join(_TO_YOU.get(w.lower(), w) for w in label.split())


def _repeat(intent: IntentRecognized) -> tuple[IntentRecognized, tuple[int, ...]]:
    """`intent` with a repeat taken out of its time and label, and the repeat's weekdays."""
    days: tuple[int, ...] = ()
    slots = []
    for slot in intent.slots:
        if slot.name == "alarm_time" and intent.slot("every") and isinstance(slot.value, str):
            slot = Slot(slot.name, f"every {slot.value}", f"every {slot.value}")
        if slot.name in ("alarm_time", "label") and isinstance(slot.value, str):
            rest, found = repeating.split_repeat(slot.value, intent.language)
            days = tuple(sorted({*days, *found}))
            slot = Slot(slot.name, rest, rest) if found else slot
            if not rest:
                continue  # "set an alarm every day" left no time: asked for one
        slots.append(slot)
    return dataclasses.replace(intent, slots=tuple(slots)), days


def _speak(ctx: Context, alarm: Alarm, language: str = "en") -> str:
    said = describe_time_in(alarm.due_at, ctx.now, language)
    return f"{said}, {repeating.said(alarm.repeat, language)}" if alarm.repeat else said


def _listed(ctx: Context, alarm: Alarm) -> str:
    """An alarm as a list says it: "7 AM tomorrow (every weekday; call mom)"."""
    notes = [repeating.said(alarm.repeat, "en")] if alarm.repeat else []
    notes += [alarm.label] if alarm.label else []
    said = describe_time_in(alarm.due_at, ctx.now, "en")
    return f"{said} ({'; '.join(notes)})" if notes else said


def cancel_alarm(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoCancelAlarm: the alarm at `alarm_time`, the only one, or every one (`all`)."""
    pending = ctx.alarms.pending()
    if not pending:
        raise ActionFailed("no_alarm", "You have no alarms.")
    if intent.slot("all"):  # "cancel all alarms": it asked "which one?"
        changes = [ctx.alarms.cancel(alarm) for alarm in pending]
        count = len(changes)
        speech = "Cancelled your alarm." if count == 1 else f"Cancelled all {count} alarms."
        return Outcome(speech, changes, {"alarm_ids": [a.id for a in pending]})
    when = _when(ctx, intent)
    if when is not None:
        pending = [a for a in pending if abs((a.due_at - when).total_seconds()) < SAME_ALARM_S]
        if not pending:
            said = slot_text(intent, "alarm_time")
            raise ActionFailed(
                "no_alarm", f"You have no alarm for {said}.", "no_alarm_at", {"time": said}
            )
    if len(pending) > 1:
        raise _which_alarm(ctx, pending)
    alarm = pending[0]
    change = ctx.alarms.cancel(alarm)
    extra = {"slots": {"alarm_time": _speak(ctx, alarm, intent.language)}}
    return Outcome(
        f"Cancelled the alarm for {_speak(ctx, alarm)}.", [change], {"alarm_id": alarm.id}, extra
    )


def _which_alarm(ctx: Context, pending: list[Alarm]) -> ActionFailed:
    """The question for a request that names none of several alarms ("…; which one?")."""
    times = ", ".join(_speak(ctx, a) for a in pending)
    return ActionFailed(
        "ambiguous", f"You have {len(pending)} alarms ({times}); which one?", "which_alarm",
        {"count": len(pending)},
    )  # fmt: skip


_HALF_SAID: Final = re.compile(
    r"\b(?:am|pm|a\.m|p\.m|morning|afternoon|evening|night|tonight|noon|midnight|hours?"
    r"|minutes?)\b|\b(?:0\d|1[3-9]|2[0-3]):",
    re.IGNORECASE,
)
"""A time that says its half of the day ("7 am", "19:30"), or an amount from now ("in 2
hours"); any other ("7", "7:30") keeps the half of the day of the alarm it moves."""


def move_alarm(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoMoveAlarm ("change my alarm to 7", "move my alarm to 8 am"): the one alarm, moved.

    It keeps what it reminds of and the days it repeats on. With several alarms it asks which
    (the user then cancels one and sets another); with no time it asks for one.
    """
    pending = ctx.alarms.pending()
    if not pending:
        raise ActionFailed("no_alarm", "You have no alarms.")
    if len(pending) > 1:
        raise _which_alarm(ctx, pending)
    when = _when(ctx, intent)
    if when is None:
        raise asks_value("To what time?", "alarm_time")
    old = pending[0]
    if not _HALF_SAID.search(slot_text(intent, "alarm_time")):  # "to 7": the half of day it had
        half = dt.timedelta(hours=12)
        ahead = [t for t in (when - half, when, when + half, when + 2 * half) if t > ctx.now]
        when = min(ahead, key=lambda t: abs((t - old.due_at).total_seconds()))
    when = repeating.first_on(when, old.repeat) if old.repeat else when
    changes = [ctx.alarms.cancel(old)]
    alarm = ctx.alarms.add(when, ctx.now, old.label, intent.language, old.repeat)
    changes.append(
        StateChange(alarm.target, "created", None, {"id": alarm.id, "due_at": when.isoformat()})
    )
    said = describe_time_in(when, ctx.now, intent.language)
    data = {"alarm_id": alarm.id, "due_at": when.isoformat(), "moved_from": old.id}
    what = "reminder" if old.label else "alarm"
    speech = f"Moved your {what} to {describe_time(when, ctx.now)}."
    return Outcome(speech, changes, data, {"slots": {"alarm_time": said}})


def list_alarms(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoListAlarms."""
    pending = ctx.alarms.pending()
    times = [_listed(ctx, a) for a in pending]
    if not times:
        speech = "You have no alarms."
    elif len(times) == 1:
        speech = f"You have one alarm, for {times[0]}."
    else:
        speech = f"You have {len(times)} alarms: {listed(times)}."
    data = {
        "alarms": [{"id": a.id, "label": a.label, "due_at": a.due_at.isoformat()} for a in pending]
    }
    extra = {"alarms": [_speak(ctx, a, intent.language) for a in pending]}
    return Outcome(speech, data=data, extra=extra)


def send_message(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoSendMessage: queue `message` for a known `contact`."""
    spoken = str(intent.slot("contact") or "").strip()
    body = str(intent.slot("message") or "").strip()
    if not spoken:
        raise ActionFailed("invalid_value", "Who should I send it to?", "which_contact")
    contact = next((c for c in ctx.home.contacts if c.lower() == spoken.lower()), None)
    if contact is None:
        known = ", ".join(ctx.home.contacts) or "none"
        raise ActionFailed(
            "no_such_contact",
            f"Sorry, I don't know {spoken}. Your contacts are: {known}.",
            values={"contact": spoken},
        )
    if not body:
        raise ActionFailed(
            "invalid_value", f"What should the message to {contact} say?", "message_body"
        )
    message = ctx.outbox.queue(contact, body, ctx.now)
    change = StateChange(
        f"outbox:{message.id}", "created", None, {"recipient": contact, "body": body}
    )
    speech = f"Message to {contact} queued: {body}"
    speech += "" if body[-1] in ".!?" else "."
    return Outcome(speech, [change], {"message_id": message.id, "recipient": contact})


HANDLERS: Final[dict[str, HandlerFn]] = {
    "SaysoSetAlarm": set_alarm,
    "SaysoCancelAlarm": cancel_alarm,
    "SaysoMoveAlarm": move_alarm,
    "SaysoListAlarms": list_alarms,
    "SaysoSendMessage": send_message,
}
"""Intent name → handler for this module."""
