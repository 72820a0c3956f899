"""A device switched for a while: "turn on the porch light for 10 minutes".

The grammar reads it as a timer that carries a command (HassStartTimer, slot `for_a_while`,
`data/intents/en/for_a_while.yaml`), as "… in 10 minutes" is; here the command runs now and the
timer carries its opposite, which the announcer runs when the timer ends ("Turned on the light.
I'll turn it off in 10 minutes."). Only lights, switches, fans and media players are switched
for a while: a lock that unlocks itself, a garage door that closes or heating that comes back
on with nobody there to see it is not something to do from one sentence. English only.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from sayso.events.understanding import IntentRecognized, Slot
from sayso.understanding.hassil.later import FOR_A_WHILE_SLOT

FOR_A_WHILE: Final = FOR_A_WHILE_SLOT
"""The fixed slot of the sentences ("… for 10 minutes"), as the recogniser names it."""
BACK: Final = "back"
"""The slot set here for the timer's handler: what the opposite does ("it off", "them on")."""
SWITCHABLE: Final[frozenset[str]] = frozenset(
    {"light", "switch", "fan", "media_player", "input_boolean"}
)
"""Domains switched for a while; anything else is refused by the timer's handler."""
OPPOSITE: Final[dict[str, tuple[str, str]]] = {
    "HassTurnOn": ("HassTurnOff", "off"), "HassTurnOff": ("HassTurnOn", "on"),
}  # fmt: skip
"""The intent undone → (the intent that undoes it, its word)."""
_ON_OFF: Final = re.compile(r"\b(on|off)\b", re.IGNORECASE)


def asked(intent: IntentRecognized) -> bool:
    """True for "<command> for 10 minutes" read with its command."""
    return intent.intent == "HassStartTimer" and bool(intent.slot(FOR_A_WHILE)) and (
        intent.then is not None
    )


def _domains(command: IntentRecognized) -> set[str]:
    name = command.slot("name")
    if name and "." in str(name):
        return {str(name).split(".", 1)[0]}  # the grammar names a device by its entity id
    domain = command.slot("domain")
    if isinstance(domain, list | tuple):
        return {str(d) for d in domain}
    return {str(domain)} if domain else set()


def planned(intent: IntentRecognized) -> tuple[IntentRecognized, IntentRecognized] | None:
    """(the command to run now, the timer that runs its opposite), or None.

    None when the command switches something that is not switched for a while (the timer's
    handler refuses it).
    """
    command = intent.then
    if not asked(intent) or command is None or command.intent not in OPPOSITE:
        return None
    domains = _domains(command)
    if not domains or not domains <= SWITCHABLE:
        return None
    undoing, word = OPPOSITE[command.intent]
    one = "." in str(command.slot("name") or "")  # a device named, not a room's lights
    word = f"{'it' if one else 'them'} {word}"
    said = _ON_OFF.sub(lambda m: "off" if m[1].lower() == "on" else "on", command.text)
    back = dataclasses.replace(command, intent=undoing, text=said)
    now = dataclasses.replace(
        command, turn_id=intent.turn_id, t_created=intent.t_created, t_source=intent.t_source
    )
    timer = dataclasses.replace(intent, then=back, slots=(*intent.slots, Slot(BACK, word, word)))
    return now, timer
