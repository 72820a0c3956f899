"""SaysoUndo ("undo that", "put it back"): the devices the last command changed, as they were.

The action stage fills slot `changes` with the device changes of the session's last command that
changed any (`ConversationMemory.undoable`); this handler writes their old values back in one
transaction, newest first. A lock is never undone: undoing "lock the front door" would unlock it
without the question an unlock is asked (say "unlock the front door").
"""

from __future__ import annotations

from typing import Final

from sayso.actions.devices import get_device, update_device
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.actions.targets import spoken_name
from sayso.events.actions import StateChange
from sayso.events.understanding import IntentRecognized

UNDO_INTENT: Final = "SaysoUndo"
NEVER_UNDONE: Final[frozenset[str]] = frozenset({"lock"})
"""Domains whose changes are not undone by voice (an undone lock would be an unasked unlock);
the domains `dialogue.policy.SENSITIVE_DOMAINS_OFF` asks about."""


def undoable(changes: tuple[StateChange, ...] | list[StateChange]) -> tuple[StateChange, ...]:
    """The changes of a result that name a device ("light.kitchen"), not a timer or a list."""
    return tuple(c for c in changes if "." in c.target and ":" not in c.target)


def undo(ctx: Context, intent: IntentRecognized) -> Outcome:
    """Write back the old values of the changes in slot `changes` (dicts of a `StateChange`).

    An attribute the device did not have before (old None) is left as it is now: writing None
    would break what reads it (a brightness step).
    """
    changes = [StateChange(**c) for c in intent.slot("changes") or ()]
    if not changes:
        raise ActionFailed("no_match", "There is nothing to undo.", "nothing_to_undo")
    if any(c.target.partition(".")[0] in NEVER_UNDONE for c in changes):
        raise ActionFailed(
            "not_supported", "I don't undo a lock. Say which door to lock or unlock.", "no_undo"
        )
    done: list[StateChange] = []
    names: list[str] = []
    for change in reversed(changes):
        device = get_device(ctx.store, change.target)
        if device is None:
            continue
        if change.attribute == "state":
            done += update_device(ctx.store, device, ctx.now, str(change.old))
        elif change.old is not None:
            done += update_device(ctx.store, device, ctx.now, **{change.attribute: change.old})
        if spoken_name(device) not in names:
            names.append(spoken_name(device))
    if not names:
        raise ActionFailed("no_match", "There is nothing to undo.", "nothing_to_undo")
    listed = " and ".join(f"the {n}" for n in names)
    was = "it was" if len(names) == 1 else "they were"
    return Outcome(f"Put {listed} back as {was}.", done, {"undone": len(done)})


HANDLERS: Final[dict[str, HandlerFn]] = {UNDO_INTENT: undo}
