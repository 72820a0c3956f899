"""Sayso's own intents: alarms and messages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

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
from sayso.actions.reminders import BARE_HOUR, reminder, when_said
from sayso.actions.time_words import describe_time_in
from sayso.actions.timeparse import describe_time, spoken_to_digits
from sayso.events.actions import StateChange
from sayso.events.understanding import IntentRecognized, Slot
from sayso.languages import english, listed

SAME_ALARM_S: Final[float] = 60.0
"""Alarms within this many seconds of a spoken time are the one meant, in seconds."""


def set_alarm(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoSetAlarm: slot `alarm_time` as spoken text, optional `label` (a reminder).

    A repeat ("every weekday") is split off the time and the label (`repeating.split_repeat`);
    the alarm then first rings on one of its weekdays.
    """
    intent, days = _repeat(intent)
    asked = reminder(ctx, intent)
    when, label = asked.when, asked.label
    if when is None:
        raise asks_value("For what time?", "alarm_time")
    if days:
        when = repeating.first_on(when, days)
        time_said = spoken_to_digits(str(intent.slot("alarm_time") or "")).strip().lower()
        if BARE_HOUR.fullmatch(time_said):
            when = repeating.earliest_half(when, ctx.now)
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
    response = "reminder_that" if asked.splitter == "that" else "reminder"
    speech = f"Alarm set for {spoken}."
    speech = f"I'll remind you {asked.splitter} {label} at {spoken}." if label else speech
    extra: dict[str, object] = {"slots": slots} | ({"response": response} if label else {})
    return Outcome(speech, [change], data, extra)


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
    when = when_said(ctx, intent)
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
    when = when_said(ctx, intent)
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


SPELLED_ALIKE = {"mom": "mum", "mum": "mom", "mommy": "mummy", "mummy": "mommy"}
"""Family names spelled by country: Whisper (tiny.en) writes American "mom" for a contact "Mum"."""


def contact_named(contacts: Sequence[str], spoken: str) -> str | None:
    """The contact `spoken` names, as stored ("my mum" and "mom" are Mum), or None."""
    said = re.sub(r"^(?:my|our) ", "", spoken.strip().lower())
    alike = SPELLED_ALIKE.get(said)
    exact = next((c for c in contacts if c.lower() == said), None)
    return exact or next((c for c in contacts if alike and c.lower() == alike), None)


def send_message(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoSendMessage: queue `message` for a known `contact`."""
    spoken = str(intent.slot("contact") or "").strip()
    body = str(intent.slot("message") or "").strip()
    if not spoken:
        raise ActionFailed("invalid_value", "Who should I send it to?", "which_contact")
    contact = contact_named(ctx.home.contacts, spoken)
    if contact is None:
        # "send a message to Anna saying hi" read by the template with no message: the name
        # is the words before the message's joining word
        spoken = re.split(r" (?:saying|that says|that) ", spoken, maxsplit=1)[0]
        known = ", ".join(ctx.home.contacts) or "none"
        raise ActionFailed(
            "no_such_contact",
            f"Sorry, I don't know {spoken}. Your contacts are: {known}.",
            values={"contact": spoken},
        )
    if not body:  # "send a message to Mum": asked, and the answer completes the request
        raise asks_value(
            f"What should the message to {contact} say?",
            "message_body",
            request=f"send a message to {contact}" if english(intent.language) else "",
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
