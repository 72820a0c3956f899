"""SaysoTurnOffAll ("turn everything off") and SaysoWhatIsOn ("is anything on?").

"Is anything on?" is what one asks before saying "turn everything off"; both mean the same devices.

Every light, switch, fan and media player that is on, in the home or in the area or on the floor
said. Covers, locks and thermostats are left as they are: closing the garage, unlocking a door or
stopping the heating is asked for by name, not swept up in "off". "Undo that" switches back on
what this switched off (`actions/undo.py`).
"""

from __future__ import annotations

from collections import Counter
from typing import Final

from sayso.actions.devices import Device, update_device
from sayso.actions.outcome import Context, HandlerFn, Outcome
from sayso.actions.targets import (
    NAMED_IN_QUESTION,
    PLURALS,
    resolve_or_all,
    spoken_name,
    where,
)
from sayso.events.understanding import IntentRecognized
from sayso.languages import listed

ALL_OFF_INTENT: Final = "SaysoTurnOffAll"
WHAT_IS_ON_INTENT: Final = "SaysoWhatIsOn"
SWEPT: Final[tuple[str, ...]] = ("light", "switch", "fan", "media_player")
"""The domains "everything" means."""


def switched_on(ctx: Context, intent: IntentRecognized) -> list[Device]:
    """The devices of `SWEPT` that are not off, in the area or on the floor said (or the home)."""
    pool = resolve_or_all(ctx, intent, SWEPT)
    return [d for d in pool if d.domain in SWEPT and d.state != "off"]


def everything_off(ctx: Context, intent: IntentRecognized) -> Outcome:
    """Switch off every device of `SWEPT` that is not off; say what, by kind."""
    on = switched_on(ctx, intent)
    if not on:
        return Outcome(f"Everything{where(intent)} is already off.", data={"count": 0})
    changes = [c for d in on for c in update_device(ctx.store, d, ctx.now, "off")]
    place = where(intent) if len(on) > 1 else ""  # not "the kitchen light in the kitchen"
    speech = f"Turned off {said(on)}{place}."
    data = {"count": len(on), "entities": [d.entity_id for d in on]}
    return Outcome(speech, changes, data)


def what_is_on(ctx: Context, intent: IntentRecognized) -> Outcome:
    """Which devices of `SWEPT` are on (in the area or on the floor said): named, or counted."""
    on = switched_on(ctx, intent)
    names = [ctx.home.display_name(d.entity_id, d.name, intent.language) for d in on]
    data = {"count": len(on), "entities": [d.entity_id for d in on], "names": names}
    if not on:
        return Outcome(f"Nothing{where(intent)} is on.", data=data)
    if len(on) <= NAMED_IN_QUESTION:  # each named: "the office light is on"
        verb = "is" if len(on) == 1 else "are"
        speech = f"{listed([f'the {spoken_name(d)}' for d in on])} {verb} on."
    else:
        speech = f"{said(on)}{where(intent)} are on."
    return Outcome(speech[0].upper() + speech[1:], data=data)


def said(devices: list[Device]) -> str:
    """"3 lights, the desk fan and the living room TV": a kind counted, or its one device named."""
    counts = Counter(d.domain for d in devices)
    parts = []
    for domain, count in counts.items():
        if count == 1:
            one = next(d for d in devices if d.domain == domain)
            parts.append(f"the {spoken_name(one)}")
        else:
            parts.append(f"{count} {PLURALS[domain]}")
    return listed(parts)


HANDLERS: Final[dict[str, HandlerFn]] = {
    ALL_OFF_INTENT: everything_off,
    WHAT_IS_ON_INTENT: what_is_on,
}
"""Intent name → handler for this module."""
