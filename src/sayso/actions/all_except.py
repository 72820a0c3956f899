"""SaysoAllExcept: "turn off all the lights except the kitchen" (`data/intents/en/all_except.yaml`).

Every light (or, for "everything", what `everything_off` sweeps) is switched, except the ones in
the area or on the floor said, or the one device named. Home Assistant has no such sentence;
before round 39 the request was not understood, and round 38 made sure no reading drops its
"except the kitchen" (`opposites.drops_exception`): turning off the kitchen too would be the
opposite of what was asked. Only switching: "open all the blinds except the bedroom" is not
read. "Undo that" switches back what this switched (`actions/undo.py`).
"""

from __future__ import annotations

from typing import Final

from sayso.actions.devices import Device, update_device
from sayso.actions.everything_off import SWEPT, said
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.actions.targets import (
    PLURALS,
    area_named,
    every,
    find_named,
    floor_named,
    spoken_name,
    where,
)
from sayso.events.understanding import IntentRecognized

ALL_EXCEPT_INTENT: Final = "SaysoAllExcept"
TURN_SLOT: Final = "turn"
""""on" or "off": set by the sentence block, never spoken as a slot value."""


def spared(ctx: Context, intent: IntentRecognized, pool: list[Device]) -> tuple[list[Device], str]:
    """The devices of `pool` the exception keeps as they are, and how to say them."""
    if intent.slot("name"):
        device = find_named(ctx, intent)
        return [d for d in pool if d.entity_id == device.entity_id], f"the {spoken_name(device)}"
    if intent.slot("area"):
        area = area_named(ctx, str(intent.slot("area")))
        return [d for d in pool if d.area == area], f"the ones{where(intent)}"
    floor = floor_named(ctx, str(intent.slot("floor")))
    kept = [d for d in pool if d.area and ctx.home.areas.get(d.area) == floor]
    return kept, f"the ones{where(intent)}"


def all_except(ctx: Context, intent: IntentRecognized) -> Outcome:
    """Switch every device of the kind said to `turn`, except those the sentence spares."""
    turn = str(intent.slot(TURN_SLOT))
    domain = intent.slot("domain")
    domains = (str(domain),) if domain else SWEPT
    kind = PLURALS.get(domains[0], "devices") if domain else "devices"
    pool = every(ctx, domains)
    if not pool:
        raise ActionFailed("no_such_device", f"Sorry, there are no {kind} here.")
    kept, kept_words = spared(ctx, intent, pool)
    switching = [d for d in pool if d not in kept and d.state != turn]
    data = {"count": len(switching), "entities": [d.entity_id for d in switching]}
    if not switching:
        return Outcome(f"All the other {kind} are already {turn}.", data=data)
    changes = [c for d in switching for c in update_device(ctx.store, d, ctx.now, turn)]
    return Outcome(f"Turned {turn} {said(switching)}, not {kept_words}.", changes, data)


HANDLERS: Final[dict[str, HandlerFn]] = {ALL_EXCEPT_INTENT: all_except}
"""Intent name → handler for this module."""
