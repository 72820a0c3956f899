"""Which actions need a spoken confirmation, on the fast path and on the LLM path alike.

Sending a message, unlocking a lock and clearing a list are never done on the strength of one
utterance (a misheard word must not lose a list or open a door): the turn
that asks only proposes the action, and a later, separate "yes" carries it out
(`sayso.dialogue.confirm`). The policy is the same whichever path understood the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sayso import languages
from sayso.actions.device_names import UnknownDevice, resolve_devices
from sayso.actions.devices import Device
from sayso.actions.handlers import ActionHandler
from sayso.actions.handlers_lists import list_of
from sayso.actions.handlers_media import stepped_target
from sayso.actions.handlers_sayso import contact_named
from sayso.actions.handlers_time import clock_said, timer_seconds
from sayso.actions.outcome import ActionFailed, Context, slot_text
from sayso.actions.targets import resolve, spoken_name
from sayso.actions.timeparse import describe_duration
from sayso.dialogue import asking
from sayso.dialogue.confirm import question_for
from sayso.dialogue.messages import ToolCall
from sayso.events import IntentRecognized
from sayso.understanding.failures import written

SENSITIVE_DOMAINS_OFF: Final[frozenset[str]] = frozenset({"lock"})
"""Domains where "turn off" is a security action (a lock turned off is unlocked)."""
SWITCH_VERBS: Final[dict[str, tuple[str, str]]] = {
    "cover": ("Open", "Close"), "lock": ("Lock", "Unlock")
}  # fmt: skip
"""How to say "turn on" / "turn off" for a device of each domain (default: Turn on / Turn off)."""


def intent_question(handler: ActionHandler, intent: IntentRecognized) -> str | None:
    """The question to ask before running `intent`, or None when it may run at once.

    A timer's command is asked about when the timer is set ("Unlock the front door in 2
    minutes?"): when it ends nobody may be there to answer, so the "yes" is given now.
    """
    if intent.then is not None:
        question = intent_question(handler, intent.then)
        seconds = timer_seconds(intent)
        if question is not None and seconds is None and languages.english(intent.language):
            at = clock_said(intent)  # "Unlock the front door at 7 pm?"
            return f"{question.rstrip('?')} at {at}?" if at else question
        if question is None or seconds is None:
            return question
        local = asking.later(question, seconds, intent.language)
        return local or f"{question.rstrip('?')} in {describe_duration(seconds)}?"
    if intent.intent == "SaysoSendMessage":
        contact, body = str(intent.slot("contact") or ""), str(intent.slot("message") or "")
        known = contact_named(handler.home.contacts, contact) is not None
        if not known or not body.strip():
            return None  # nothing could be sent: the handler says who is known, or asks what
        return question_for(ToolCall("send_message", {"contact": contact, "body": body}))
    if intent.intent == "SaysoListClear":
        return _clear_question(handler, intent)
    if intent.intent == "SaysoFeel":
        return _felt_question(handler, intent)
    if intent.intent == "HassTurnOff":
        ctx = Context(handler.store, handler.home, handler.clock.now())
        try:
            devices = resolve(ctx, intent, ("light",))
        except ActionFailed:
            return None  # the handler will say what is wrong; nothing would be unlocked
        locks = [d for d in devices if d.domain in SENSITIVE_DOMAINS_OFF]
        if locks:
            names = ", ".join(_called(handler, d, intent, len(locks)) for d in locks)
            local = asking.question("unlock", names, intent.language)
            return local or f"Unlock the {' and the '.join(spoken_name(d) for d in locks)}?"
    return None


def _felt_question(handler: ActionHandler, intent: IntentRecognized) -> str | None:
    """"I'm cold": "It's 19.5 degrees inside. Turn the thermostat up to 22?".

    How a person feels is no command: the step is offered, and done on a "yes". None when it
    cannot be done (the handler says why: no thermostat, or already at its limit).
    """
    ctx = Context(handler.store, handler.home, handler.clock.now())
    try:
        device, target = stepped_target(ctx, intent)
    except ActionFailed:
        return None
    way = "up" if intent.slot("step") == "up" else "down"
    said = _degrees(target, intent.language)
    if device.state == "off":  # warm and off: the handler says it is off; cold: turned on
        local = asking.question("warmer_off", said, intent.language)
        turn_on = local or f"The {spoken_name(device)} is off. Turn it on at {said}?"
        return turn_on if way == "up" else None
    offer = asking.question("warmer", said, intent.language) or (
        f"Turn the {spoken_name(device)} {way} to {said}?"
    )
    inside = device.attributes.get("current_temperature")
    if not isinstance(inside, (int, float)):
        return offer
    now = _degrees(float(inside), intent.language)
    told = asking.question("inside", now, intent.language) or f"It's {now} degrees inside."
    return f"{told} {offer}"


def _degrees(value: float, language: str) -> str:
    """A temperature as the language writes it ("19.5", "19,5")."""
    return written(float(value), languages.base(language))


def _clear_question(handler: ActionHandler, intent: IntentRecognized) -> str | None:
    """"Remove all 3 items from your shopping list?"; None when there is nothing to remove."""
    ctx = Context(handler.store, handler.home, handler.clock.now())
    try:
        list_name = list_of(ctx, intent)
    except ActionFailed:
        return None  # the handler will say there is no such list
    count = len(ctx.lists.items(list_name))
    if count == 0:
        return None
    kind = "clear_shopping" if list_name == "shopping" else "clear_list"
    local = asking.question(kind, list_name, intent.language)
    items = "the 1 item" if count == 1 else f"all {count} items"
    return local or f"Remove {items} from your {list_name} list?"


def _called(handler: ActionHandler, device: Device, intent: IntentRecognized, count: int) -> str:
    """`device` named for a question in the turn's language.

    The home's name for it there, else the words the user said for it, else its (English) name.
    """
    local = handler.home.display_name(device.entity_id, "", intent.language)
    said = slot_text(intent, "name") if count == 1 else ""
    return local or said or spoken_name(device)


def fragment_question(handler: ActionHandler, intent: IntentRecognized) -> str | None:
    """The question to ask before acting on a fragment ("TV." → "Turn on the TV?"), or None.

    The built-in grammar reads a bare device name as "turn it on"; said alone it may be noise, so
    it is only proposed. Other intents read from a fragment get no question (None).
    """
    if intent.intent not in ("HassTurnOn", "HassTurnOff"):
        return None
    ctx = Context(handler.store, handler.home, handler.clock.now())
    try:
        devices = resolve(ctx, intent, ("light",))
    except ActionFailed:
        return None
    if len(devices) != 1:
        return None
    device = devices[0]
    on, off = SWITCH_VERBS.get(device.domain, ("Turn on", "Turn off"))
    verb = on if intent.intent == "HassTurnOn" else off
    kind = verb.lower().replace(" ", "_")  # "turn_on", "open", "unlock", ...
    local = asking.question(kind, _called(handler, device, intent, 1), intent.language)
    return local or f"{verb} the {spoken_name(device)}?"


def call_question(
    handler: Callable[[], ActionHandler], last_targets: Callable[[], tuple[str, ...]]
) -> Callable[[ToolCall], str | None]:
    """A check for LLM tool calls: the question to ask, or None (sensitive tools ask anyway)."""

    def check(call: ToolCall) -> str | None:
        if call.name != "turn_off":
            return None
        home = handler().home
        try:
            target = resolve_devices(home, str(call.arguments.get("device", "")), last_targets())
        except UnknownDevice:
            return None
        names = {d.entity_id: d.name.lower() for d in home.devices}
        locks = [names[e] for e in target.entity_ids if e.split(".")[0] in SENSITIVE_DOMAINS_OFF]
        return f"Unlock the {' and the '.join(locks)}?" if locks else None

    return check
