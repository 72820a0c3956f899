"""SaysoAllExcept: "turn off all the lights except the kitchen" (`data/intents/en/all_except.yaml`).

Every light (or, for "everything", what `everything_off` sweeps) is switched, except the ones in
the areas or on the floors said, or the devices named: one or two of them ("except the kitchen
and the bedroom"). Home Assistant has no such sentence; before round 39 the request was not
understood, and round 38 made sure no reading drops its "except the kitchen"
(`opposites.drops_exception`): turning off the kitchen too would be the opposite of what was
asked. Only switching: "open all the blinds except the bedroom" is not read. "Undo that" switches
back what this switched (`actions/undo.py`); it leaves no referent for "it" or "… too"
(`dialogue/follow_ups.referent_of`): its place is the one it spared.
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
    in_area,
    on_floor,
    place,
    spoken_name,
)
from sayso.events.understanding import IntentRecognized
from sayso.languages import listed

ALL_EXCEPT_INTENT: Final = "SaysoAllExcept"
TURN_SLOT: Final = "turn"
""""on" or "off": set by the sentence block, never spoken as a slot value."""
SECOND: Final = "_2"
"""Suffix of the second spared thing's slots ("area_2": "… except the kitchen and the bedroom")."""


def spared(
    ctx: Context, intent: IntentRecognized, pool: list[Device]
) -> tuple[list[Device], list[str]]:
    """The devices of `pool` the exceptions keep, and the words of those that kept some."""
    kept: list[Device] = []
    words: list[str] = []
    for suffix in ("", SECOND):
        found = _one_spared(ctx, intent, pool, suffix)
        if found is None or not found[0]:
            continue  # "except the TV" of the lights keeps nothing and is not said
        kept += [d for d in found[0] if d not in kept]
        if found[1] not in words:
            words.append(found[1])
    return kept, words


def _one_spared(
    ctx: Context, intent: IntentRecognized, pool: list[Device], suffix: str
) -> tuple[list[Device], str] | None:
    name, area = intent.slot("name" + suffix), intent.slot("area" + suffix)
    floor = intent.slot("floor" + suffix)
    if name:
        device = find_named(ctx, intent, "name" + suffix)
        return [d for d in pool if d.entity_id == device.entity_id], f"the {spoken_name(device)}"
    if area:
        found = area_named(ctx, str(area))
        return in_area(pool, found), place(found)
    if floor:
        level = floor_named(ctx, str(floor))
        return on_floor(ctx, pool, level), place(level)
    return None


def all_except(ctx: Context, intent: IntentRecognized) -> Outcome:
    """Switch every device of the kind said to `turn`, except those the sentence spares."""
    turn = str(intent.slot(TURN_SLOT))
    domain = intent.slot("domain")
    domains = (str(domain),) if domain else SWEPT
    kind = PLURALS.get(domains[0], "devices") if domain else "devices"
    pool = every(ctx, domains)
    if not pool:
        raise ActionFailed("no_such_device", f"Sorry, there are no {kind} here.")
    kept, exceptions = spared(ctx, intent, pool)
    switching = [d for d in pool if d not in kept and d.state != turn]
    data = {"count": len(switching), "entities": [d.entity_id for d in switching]}
    if not switching:
        return Outcome(f"All the other {kind} are already {turn}.", data=data)
    changes = [c for d in switching for c in update_device(ctx.store, d, ctx.now, turn)]
    # Said only where it kept something: "all but the TV" of the lights would claim it did.
    but = f", all but {listed(exceptions)}" if exceptions else ""
    return Outcome(f"Turned {turn} {said(switching)}{but}.", changes, data)


HANDLERS: Final[dict[str, HandlerFn]] = {ALL_EXCEPT_INTENT: all_except}
"""Intent name → handler for this module."""
