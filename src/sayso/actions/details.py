"""How bright, what colour, how loud, how fast, how open: one reading of a device (SaysoGetDetail).

Home Assistant's state question says "on" or "off" ("what's the kitchen light" → "on"); people
also ask for the level they set ("how bright is the kitchen light", "what's the volume on the
TV"), and without an LLM these were not understood. Slot `detail` names the attribute; the
devices are the one named, or with none named every device that has it ("what's the volume":
each player; `targets.resolve_or_all`). English; the answer is the action's sentence.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from sayso.actions.devices import Device
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.actions.targets import resolve_or_all, spoken_name
from sayso.events.understanding import IntentRecognized
from sayso.languages import first_upper

DETAIL: Final = "SaysoGetDetail"

class Detail(NamedTuple):
    """What slot `detail` asks of which devices."""

    domain: str
    """The domain whose devices have it."""
    attribute: str
    """The stored attribute."""
    word: str
    """How a reply names it."""


DETAILS: Final[dict[str, Detail]] = {
    "brightness": Detail("light", "brightness", "brightness"),
    "color": Detail("light", "color", "colour"),
    "volume": Detail("media_player", "volume", "volume"),
    "speed": Detail("fan", "percentage", "speed"),
    "position": Detail("cover", "position", "position"),
}
"""Slot `detail` → the domain, attribute and word of it."""
_OFF: Final = frozenset({"off", "closed", "standby", "unavailable"})
"""States in which a level is not what the device is at ("the kitchen light is off")."""


def get_detail(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoGetDetail: the `detail` of each device asked about, one sentence each."""
    detail = str(intent.slot("detail") or "")
    asked = DETAILS.get(detail)
    if asked is None:
        raise ActionFailed("not_supported", "Sorry, I can't tell you that.")
    found = resolve_or_all(ctx, intent, (asked.domain,))
    devices = [d for d in found if d.domain == asked.domain]
    if not devices:
        raise ActionFailed("not_supported", f"Sorry, that has no {asked.word}.")
    said = " ".join(_said(d, detail) for d in devices)
    values = {d.entity_id: d.attributes.get(asked.attribute) for d in devices}
    return Outcome(said, data={"detail": detail, "values": values})


def _said(device: Device, detail: str) -> str:
    """One device's detail: "The kitchen light is at 60% brightness."."""
    name = first_upper(f"the {spoken_name(device)}")
    if detail != "volume":
        return _be(_level(device, detail, name), spoken_name(device))
    value = device.attributes.get("volume")
    if value is None:
        return f"{name} has no volume set."
    muted = " and muted" if device.attributes.get("muted") else ""
    return f"{name} volume is at {value}%{muted}."


def _level(device: Device, detail: str, name: str) -> str:
    value = device.attributes.get(DETAILS[detail].attribute)
    if detail == "color":
        if not device.attributes.get("supports_color"):
            return f"{name} has one colour."
        return f"{name} is {value}." if value else f"{name} has no colour set."
    if device.state in _OFF and detail != "position":
        return f"{name} is {device.state}."
    if value is None:
        return f"{name} is {device.state}."
    if detail == "brightness":
        return f"{name} is at {value}% brightness."
    if detail == "speed":
        return f"{name} is at {value}% speed."
    return _position(name, int(value))


def _be(sentence: str, name: str) -> str:
    """The verb agreed with a name said in the plural: "The bedroom blinds are …"."""
    plural = name.endswith("s") and not name.endswith("ss")
    if not plural:
        return sentence
    return sentence.replace(" is ", " are ", 1).replace(" has ", " have ", 1)


def _position(name: str, percent: int) -> str:
    """"The bedroom blinds are 40% open.", or closed, or fully open."""
    if percent <= 0:
        return f"{name} is closed."
    if percent >= 100:
        return f"{name} is fully open."
    return f"{name} is {percent}% open."


HANDLERS: Final[dict[str, HandlerFn]] = {DETAIL: get_detail}
"""Intent name → handler for this module."""
