"""Timer handlers and clock questions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

from sayso import languages
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome, asks_value, number
from sayso.actions.timeparse import (
    describe_duration,
    describe_time,
    english_clock,
    ordinal,
    parse_alarm_time,
)
from sayso.actions.timers import Timer
from sayso.errors import BadInput
from sayso.events.actions import StateChange
from sayso.events.understanding import IntentRecognized, intent_to_dict

SECONDS_PER_MINUTE: Final = 60
MINUTES_PER_HOUR: Final = 60
SECONDS_PER_HOUR: Final = SECONDS_PER_MINUTE * MINUTES_PER_HOUR
NOON_HOUR: Final = 12
LAST_HOUR_OF_NIGHT: Final = 5
"""Hours below this said "tonight" are after midnight ("at 1 tonight")."""
MAX_TIMER_S: Final[float] = 24 * 3600.0
"""Longest timer accepted, in seconds (longer waits are alarms)."""


def timer_seconds(intent: IntentRecognized, prefix: str = "") -> float | None:
    """The length an intent says in its hours, minutes and seconds slots (`prefix`: "start_")."""
    parts = [number(intent, f"{prefix}{unit}") for unit in ("hours", "minutes", "seconds")]
    if all(p is None for p in parts):
        return None
    hours, minutes, seconds = (p or 0.0 for p in parts)
    return hours * 3600 + minutes * 60 + seconds


def _label(timer: Timer) -> str:
    if timer.name:
        return f"{timer.name} timer"
    return _length_timer(timer.duration_s)


def _length_timer(seconds: float) -> str:
    """A timer named by its length, its units singular as an adjective: "5 minute timer"."""
    return re.sub(r"\b(hour|minute|second)s\b", r"\1", describe_duration(seconds)) + " timer"


def _pick(ctx: Context, intent: IntentRecognized, statuses: tuple[str, ...]) -> Timer:
    """The one live timer the request means (by name and/or starting duration)."""
    name = intent.slot("name")
    found = [
        t
        for t in ctx.timers.find(
            name=str(name) if name else None, duration_s=timer_seconds(intent, "start_")
        )
        if t.status in statuses
    ]
    if not found:
        if name:
            raise ActionFailed("no_timer", f"Sorry, there is no {name} timer.")
        length = timer_seconds(intent, "start_")
        if length and "active" in statuses and ctx.timers.live():  # "cancel it" again: gone
            said = _length_timer(length)
            raise ActionFailed("no_timer", f"There's no {said} running.", "no_such_timer")
        if "active" in statuses:
            raise ActionFailed("no_timer", "There's no timer running.", "no_timer_running")
        raise ActionFailed("no_timer", "No timer is paused.", "no_timer_paused")
    if len(found) > 1:
        raise ActionFailed(
            "ambiguous",
            f"You have {len(found)} timers; which one do you mean?",
            "which_timer",
            {"count": len(found)},
        )
    return found[0]


def start_timer(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassStartTimer."""
    if intent.then is not None and clock_said(intent):
        return _command_at(ctx, intent, intent.then)
    seconds = timer_seconds(intent)
    if not seconds or seconds <= 0:
        raise asks_value("For how long should the timer run?", "timer_length")
    if seconds > MAX_TIMER_S:
        raise ActionFailed(
            "invalid_value", "Timers can run for at most 24 hours; try an alarm.", "timer_too_long"
        )
    name = _timer_name(intent)
    then = intent.then
    back = intent.slot("back")  # "… for 10 minutes": app/for_a_while.py set the word
    if intent.slot("for_a_while") and not back:
        raise ActionFailed(
            "not_supported",
            "Sorry, only lights, switches, fans and players can be switched for a while.",
            "not_for_a_while",
        )
    command = (then.text, intent_to_dict(then)) if then is not None else None
    timer = ctx.timers.start(seconds, ctx.now, name, command, language=intent.language)
    what = f"{timer.name.capitalize()} timer" if timer.name else "Timer"
    data = {"timer_id": timer.id, "ends_at": timer.ends_at.isoformat() if timer.ends_at else None}
    change_value = {"id": timer.id, "duration_s": seconds, "name": timer.name}
    change = StateChange(timer.target, "created", None, change_value)
    said: dict[str, str] = _one_for_a(intent)
    if name and name != intent.slot("name"):
        said["name"] = name
    extra: dict[str, Any] = {"slots": said} if said else {}
    if back:
        speech = f"I'll turn {back} in {describe_duration(seconds)}."
        return Outcome(speech, [change], data, extra={"response": "for_a_while"})
    return Outcome(f"{what} set for {describe_duration(seconds)}.", [change], data, extra=extra)


def clock_said(intent: IntentRecognized) -> str:
    """The time of day a command is to run at ("7:30 pm", `parse_alarm_time` reads it), or ""."""
    word = intent.slot("at_word")
    if word:
        return "12 pm" if str(word).lower() == "noon" else "12 am"
    hour, minute = number(intent, "at_hour"), number(intent, "at_minute")
    if hour is None:
        return ""
    clock = f"{int(hour)}" if minute is None else f"{int(hour)}:{int(minute):02d}"
    half = str(intent.slot("at_half") or "").lower().replace(".", "")
    if half == "in the morning":
        half = "am"
    elif half == "tonight" and (hour == NOON_HOUR or hour < LAST_HOUR_OF_NIGHT):
        half = "am"  # "at 12 tonight" is midnight, "at 1 tonight" the small hours
    elif half in ("in the evening", "tonight"):
        half = "pm"
    return f"{clock} {half}".strip()


def _command_at(ctx: Context, intent: IntentRecognized, then: IntentRecognized) -> Outcome:
    """A command at a time of day: "turn on the porch light at 7 pm" (a timer set for then).

    An hour with no am / pm is its next occurrence ("at 7" said at 9 am is 7 pm), as an alarm's.
    """
    try:
        when = parse_alarm_time(clock_said(intent), ctx.now, intent.language)
    except BadInput as exc:
        raise ActionFailed("invalid_value", str(exc), "invalid_time") from exc
    seconds = (when - ctx.now).total_seconds()
    command = (then.text, intent_to_dict(then))
    timer = ctx.timers.start(seconds, ctx.now, None, command, language=intent.language)
    data = {"timer_id": timer.id, "ends_at": timer.ends_at.isoformat() if timer.ends_at else None}
    change_value = {"id": timer.id, "duration_s": seconds, "name": None}
    change = StateChange(timer.target, "created", None, change_value)
    said = then.text.strip().rstrip(".!?")
    said = said[:1].lower() + said[1:]
    speech = f"Okay, I'll {said} at {describe_time(when, ctx.now)}."
    return Outcome(speech, [change], data, extra={"response": "at_clock"})


_ARTICLE = re.compile(r"^(?:the|my|a|an)\s+", re.IGNORECASE)
"""An English article before a timer's name ("a 3 minute timer for the eggs")."""


def _timer_name(intent: IntentRecognized) -> str | None:
    """The timer's name as it is said back and found again: "the eggs" → "eggs"."""
    name = intent.slot("name")
    if not name:
        return None
    said = str(name).strip()
    if languages.english(intent.language):
        said = _ARTICLE.sub("", said)
    return said or None


def cancel_timer(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassCancelTimer."""
    timer = _pick(ctx, intent, ("active", "paused"))
    change = ctx.timers.set_status(timer, "cancelled", ctx.now)
    return Outcome(f"Cancelled the {_label(timer)}.", [change], {"timer_id": timer.id})


def cancel_all_timers(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassCancelAllTimers."""
    live = ctx.timers.live()
    changes = [ctx.timers.set_status(t, "cancelled", ctx.now) for t in live]
    speech = (
        "There are no timers."
        if not live
        else f"Cancelled {len(live)} timer{'s' * (len(live) > 1)}."
    )
    # HA's templates say how many were cancelled from `slots.canceled` (its spelling); without
    # it every language but English fell back to the English sentence above.
    extra = {"slots": {"canceled": len(live)}}
    return Outcome(speech, changes, {"cancelled": len(live)}, extra=extra)


def pause_timer(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassPauseTimer."""
    timer = _pick(ctx, intent, ("active",))
    change = ctx.timers.set_status(timer, "paused", ctx.now)
    return Outcome(f"Paused the {_label(timer)}.", [change], {"timer_id": timer.id})


def unpause_timer(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassUnpauseTimer."""
    timer = _pick(ctx, intent, ("paused",))
    change = ctx.timers.set_status(timer, "active", ctx.now)
    return Outcome(f"Resumed the {_label(timer)}.", [change], {"timer_id": timer.id})


def _one_for_a(intent: IntentRecognized) -> dict[str, str]:
    """The amounts said "a"/"an" ("an hour"), as the reply templates need them: "one".

    HA's templates say "1"/"one" in the singular, and "an hours" else.
    """
    return {
        s.name: "one" for s in intent.slots
        if s.name in ("hours", "minutes", "seconds") and s.text.lower() in ("a", "an")
    }  # fmt: skip


def _adjust(ctx: Context, intent: IntentRecognized, sign: int) -> Outcome:
    amount = timer_seconds(intent)
    if not amount:
        raise ActionFailed("invalid_value", "By how much?", "how_much")
    timer = _pick(ctx, intent, ("active", "paused"))
    change = ctx.timers.adjust(timer, sign * amount, ctx.now)
    verb = "Added" if sign > 0 else "Removed"
    where = "to" if sign > 0 else "from"
    speech = f"{verb} {describe_duration(amount)} {where} the {_label(timer)}."
    said = _one_for_a(intent)
    extra: dict[str, Any] = {"slots": said} if said else {}
    return Outcome(speech, [change], {"timer_id": timer.id, "remaining_s": change.new}, extra)


def increase_timer(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassIncreaseTimer."""
    return _adjust(ctx, intent, 1)


def decrease_timer(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassDecreaseTimer."""
    return _adjust(ctx, intent, -1)


def timer_status(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassTimerStatus: what is left on each live timer."""
    name = intent.slot("name")
    timers = ctx.timers.find(
        name=str(name) if name else None, duration_s=timer_seconds(intent, "start_")
    )
    info = [_timer_info(t, ctx) for t in timers]
    if not timers:
        speech = "No timers."
    else:
        parts = [
            f"{describe_duration(t.remaining(ctx.now))} left on the {_label(t)}"
            + (" (paused)" if t.status == "paused" else "")
            for t in timers
        ]
        speech = "; ".join(parts).capitalize() + "."
    return Outcome(speech, data={"timers": info}, extra={"slots": {"timers": info}})


def _timer_info(timer: Timer, ctx: Context) -> dict[str, Any]:
    # Field names follow Home Assistant's timer status template.
    left = round(timer.remaining(ctx.now))
    start = round(timer.duration_s)
    return {
        "id": timer.id,
        "name": timer.name,
        "is_active": timer.status == "active",
        "hours_left": left // 3600,
        "minutes_left": left % 3600 // 60,
        "seconds_left": left % 60,
        "start_hours": start // 3600,
        "start_minutes": start % 3600 // 60,
        "start_seconds": start % 60,
        "total_seconds_left": left,
        "area": "",
        **_rounded_left(left),
    }


def _rounded_left(left: int) -> dict[str, int]:
    """What is left as HA's timer templates say it: to the minute above an hour, else exact."""
    if left >= SECONDS_PER_HOUR:
        minutes = round(left / SECONDS_PER_MINUTE)
        hours, minutes = divmod(minutes, MINUTES_PER_HOUR)
        return {"rounded_hours_left": hours, "rounded_minutes_left": minutes,
                "rounded_seconds_left": 0}  # fmt: skip
    return {"rounded_hours_left": 0, "rounded_minutes_left": left // SECONDS_PER_MINUTE,
            "rounded_seconds_left": left % SECONDS_PER_MINUTE}  # fmt: skip


def current_time(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassGetCurrentTime."""
    now = ctx.now
    return Outcome(
        f"It's {english_clock(now)}.",
        data={"time": now.isoformat()},
        extra={"slots": {"time": now.time()}},
    )


def current_date(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassGetCurrentDate; slot `day: tomorrow` ("what day is tomorrow") asks for tomorrow's."""
    today = ctx.now.date()
    if intent.slot("day") == "tomorrow":
        day = today + dt.timedelta(days=1)
        speech = f"Tomorrow is {day.strftime('%A')}, {day.strftime('%B')} {ordinal(day.day)}."
        return Outcome(speech, data={"date": day.isoformat()}, extra={"slots": {"date": day}})
    speech = f"Today is {today.strftime('%A')}, {today.day} {today.strftime('%B %Y')}."
    return Outcome(speech, data={"date": today.isoformat()}, extra={"slots": {"date": today}})


def weather(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassGetWeather: sayso has no weather source, and says so rather than "can't do that yet"."""
    raise ActionFailed("not_supported", "Sorry, I can't look up the weather offline.", "no_weather")


HANDLERS: Final[dict[str, HandlerFn]] = {
    "HassStartTimer": start_timer,
    "HassCancelTimer": cancel_timer,
    "HassCancelAllTimers": cancel_all_timers,
    "HassPauseTimer": pause_timer,
    "HassUnpauseTimer": unpause_timer,
    "HassIncreaseTimer": increase_timer,
    "HassDecreaseTimer": decrease_timer,
    "HassTimerStatus": timer_status,
    "HassGetCurrentTime": current_time,
    "HassGetCurrentDate": current_date,
    "HassGetWeather": weather,
}
"""Intent name → handler for this module."""
