"""SaysoSnooze ("snooze", "snooze for 5 minutes"): a ringing alarm stops now and rings again later.

`ActionHandler` fills slot `ringing` with the keys of what rings and was said ("alarm:3"), as a
"stop" is matched to the rings (`ringing.stop_meant`), and stops them once this has run. Each
ringing alarm is set again, with its label and language, `SNOOZE_MINUTES` from now (or the
minutes said). A timer is not snoozed: "snooze" while a timer rings stops it, as "stop" does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Final

from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome, in_range, number
from sayso.events.actions import StateChange
from sayso.events.understanding import IntentRecognized, Slot

SNOOZE_INTENT: Final = "SaysoSnooze"
RINGING_SLOT: Final = "ringing"
SNOOZE_MINUTES: Final = 9
"""How long a snooze lasts when none is said, minutes: the alarm clock's usual snooze."""
MAX_SNOOZE_MINUTES: Final = 60
"""Longest snooze, minutes; longer is an alarm of its own ("set an alarm for …")."""


def with_rings(intent: IntentRecognized, keys: list[str]) -> IntentRecognized:
    """`intent` with the keys of what rings in slot `ringing` (for `snooze`)."""
    return dataclasses.replace(intent, slots=(*intent.slots, Slot(RINGING_SLOT, tuple(keys))))


def snooze(ctx: Context, intent: IntentRecognized) -> Outcome:
    """Set each ringing alarm again, `minutes` (or `SNOOZE_MINUTES`) from now."""
    keys = [str(k) for k in intent.slot(RINGING_SLOT) or ()]
    if not keys:
        raise ActionFailed("no_match", "Nothing is ringing.", "nothing_ringing")
    said = number(intent, "minutes")
    minutes = int(in_range(said, 1, MAX_SNOOZE_MINUTES, "A snooze")) if said else SNOOZE_MINUTES
    due = ctx.now + dt.timedelta(minutes=minutes)
    changes = []
    for key in keys:
        kind, _, alarm_id = key.partition(":")
        row = ctx.store.row("SELECT label, language FROM alarms WHERE id = ?", (alarm_id,))
        if kind != "alarm" or row is None:
            continue  # a ringing timer just stops
        alarm = ctx.alarms.add(due, ctx.now, row["label"], row["language"])
        changes.append(
            StateChange(alarm.target, "created", None, {"id": alarm.id, "due_at": due.isoformat()})
        )
    if not changes:
        return Outcome("")  # only timers rang: stopped, and the silence is the answer
    data = {"minutes": minutes, "due_at": due.isoformat()}
    speech = f"Snoozed for {minutes} minute{'s' if minutes != 1 else ''}."
    return Outcome(speech, changes, data, {"slots": {"minutes": minutes}})


HANDLERS: Final[dict[str, HandlerFn]] = {SNOOZE_INTENT: snooze}
"""Intent name → handler for this module."""
