"""Home handlers: turn on/off, lights, covers, fans, and state questions."""

from __future__ import annotations

from typing import Any, Final, NoReturn

from sayso.actions.devices import Device, get_device, update_device
from sayso.actions.outcome import (
    ActionFailed,
    Context,
    HandlerFn,
    Outcome,
    asks_value,
    in_range,
    number,
    slot_text,
)
from sayso.actions.targets import kind_words, resolve, spoken_name, where
from sayso.events.actions import StateChange
from sayso.events.understanding import IntentRecognized
from sayso.languages import first_upper, listed

COLORS: Final[frozenset[str]] = frozenset(
    {"white", "black", "red", "orange", "yellow", "green", "blue", "purple", "brown", "pink",
     "turquoise", "warm white", "cool white", "cyan", "magenta", "violet", "gold", "lime"}
)  # fmt: skip
"""Colour names a colour light accepts (Home Assistant's list plus a few common ones)."""

BRIGHTNESS_STEP_PERCENT: Final = 25
"""How far "dim" or "brighter" moves a light, in percent of full brightness."""
MIN_DIMMED_PERCENT: Final = 5
"""The dimmest a step down leaves a light, in percent (a step never turns it off)."""
FULL_BRIGHTNESS_PERCENT: Final = 100
"""A light's brightness when none is stored, and the most a step up gives, in percent."""

# (state when turned on, state when turned off, verb on, verb off) per domain.
_SWITCHING: Final[dict[str, tuple[str, str, str, str]]] = {
    "light": ("on", "off", "Turned on", "Turned off"),
    "switch": ("on", "off", "Turned on", "Turned off"),
    "fan": ("on", "off", "Turned on", "Turned off"),
    "media_player": ("on", "off", "Turned on", "Turned off"),
    "cover": ("open", "closed", "Opened", "Closed"),
    "lock": ("locked", "unlocked", "Locked", "Unlocked"),
    "climate": ("", "off", "Turned on", "Turned off"),
}


def _switch(ctx: Context, device: Device, on: bool) -> list[StateChange]:
    if device.domain == "cover":
        return update_device(
            ctx.store, device, ctx.now, "open" if on else "closed", position=100 if on else 0
        )
    if device.domain == "climate":
        last = str(device.attributes.get("last_mode", "heat"))
        if on:
            return update_device(
                ctx.store, device, ctx.now, last if device.state == "off" else None
            )
        keep = device.state if device.state != "off" else last
        return update_device(ctx.store, device, ctx.now, "off", last_mode=keep)
    on_state, off_state, _, _ = _SWITCHING[device.domain]
    return update_device(ctx.store, device, ctx.now, on_state if on else off_state)


def _turn(ctx: Context, intent: IntentRecognized, on: bool) -> Outcome:
    targets = resolve(ctx, intent, default_domains=("light",))
    switchable = [d for d in targets if d.domain in _SWITCHING]
    if not switchable:
        raise ActionFailed(
            "not_supported", f"Sorry, the {spoken_name(targets[0])} can't be switched."
        )
    changes = [c for d in switchable for c in _switch(ctx, d, on)]
    verb = _SWITCHING[switchable[0].domain][2 if on else 3]
    if len(switchable) == 1:
        speech = f"{verb} the {spoken_name(switchable[0])}."
    else:
        speech = f"{verb} {len(switchable)} {kind_words(intent, ('light',))}{where(intent)}."
    return Outcome(speech, changes, _states(switchable, changes), _extra(ctx, switchable))


def turn_on(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassTurnOn: switch on / open / lock."""
    return _turn(ctx, intent, on=True)


def turn_off(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassTurnOff: switch off / close / unlock."""
    return _turn(ctx, intent, on=False)


def toggle(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassToggle ("toggle the kitchen light"): to the other state, all of them the same way.

    Several devices go off when any is on, as a light group toggles, so a room never ends up
    half lit. A lock, a garage door or a gate is never toggled: which way it goes would depend
    on a state the user may not know, and unlocking is asked about first (`dialogue/policy`).
    """
    targets = resolve(ctx, intent, default_domains=("light",))
    switchable = [d for d in targets if d.domain in _SWITCHING and not _guards(d)]
    if not switchable:
        said = "lock or unlock" if targets[0].domain == "lock" else "open or close"
        raise ActionFailed(
            "not_supported", f"Sorry, I don't toggle the {spoken_name(targets[0])}: say {said}."
        )
    on = not any(_is_on(d) for d in switchable)
    changes = [c for d in switchable for c in _switch(ctx, d, on)]
    verb = _SWITCHING[switchable[0].domain][2 if on else 3]
    speech = f"{verb} {_names(switchable)}."
    return Outcome(speech, changes, _states(switchable, changes), _extra(ctx, switchable))


_GUARD_COVERS: Final = frozenset({"garage_door", "gate", "door"})
"""Covers that keep a way in: toggled, they would open or close on a state the user may not
know, as a lock would."""


def _guards(device: Device) -> bool:
    """A lock, or a cover that closes a way in: never toggled."""
    return device.domain == "lock" or (
        device.domain == "cover" and device.device_class in _GUARD_COVERS
    )


def _is_on(device: Device) -> bool:
    """On, open, playing or heating: not in the state "turn off" leaves it in."""
    return not _in_state(device, _SWITCHING[device.domain][1])


def light_set(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassLightSet: brightness (0–100) or colour."""
    targets = [d for d in resolve(ctx, intent, ("light",)) if d.domain == "light"]
    if intent.slot("scope") == "lit":  # "set the lights to 30%": the lights that are on
        targets = [d for d in targets if d.state == "on"]
        if not targets:
            raise ActionFailed("no_match", "No light is on.", "no_light_on")
    brightness, color = number(intent, "brightness"), intent.slot("color")
    if brightness is not None:
        level = int(in_range(brightness, 0, 100, "Brightness"))
        lights = _able(targets, "supports_brightness", "be dimmed")
        state = "on" if level > 0 else "off"
        changes = [
            c for d in lights for c in update_device(ctx.store, d, ctx.now, state, brightness=level)
        ]
        return Outcome(
            f"Set {_names(lights)} to {level}% brightness.", changes, extra=_extra(ctx, lights)
        )
    if color:
        name = str(color).strip().lower()
        if name not in COLORS:
            raise ActionFailed(
                "invalid_value",
                f"Sorry, I don't know the colour {color}.",
                "unknown_color",
                {"color": slot_text(intent, "color") or color},
            )
        lights = _able(targets, "supports_color", "change colour")
        changes = [
            c for d in lights for c in update_device(ctx.store, d, ctx.now, "on", color=name)
        ]
        return Outcome(f"Set {_names(lights)} to {name}.", changes, extra=_extra(ctx, lights))
    raise ActionFailed(
        "not_supported", "Sorry, I can only set the brightness or colour of a light."
    )


def brightness_step(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoBrightnessStep ("dim the kitchen light", "make the living room brighter").

    Home Assistant sets a brightness only to a level; people ask for a step. Each light moves
    `BRIGHTNESS_STEP_PERCENT` up or down, within `MIN_DIMMED_PERCENT`..100: dimming never turns a
    light off, and brightening a light that is off turns it on at one step; one that is off is
    not dimmed. With no light or room named (slot `scope: lit`: "dim the lights"), the lights
    that are on move: not every light of the home.
    """
    lights = [d for d in resolve(ctx, intent, ("light",)) if d.domain == "light"]
    if intent.slot("scope") == "lit":
        lights = [d for d in lights if d.state == "on"]
        if not lights:
            raise ActionFailed("no_match", "No light is on.", "no_light_on")
    lights = _able(lights, "supports_brightness", "be dimmed")
    up = intent.slot("step") == "up"
    if not up:  # a light that is off stays off: there is nothing to dim
        on = [d for d in lights if d.state == "on"]
        if not on:
            _all_off(lights)
        lights = on
    changes = []
    for light in lights:
        stored = light.attributes.get("brightness") or FULL_BRIGHTNESS_PERCENT
        level = int(stored) if light.state == "on" else 0
        moved = level + BRIGHTNESS_STEP_PERCENT if up else level - BRIGHTNESS_STEP_PERCENT
        target = max(MIN_DIMMED_PERCENT, min(FULL_BRIGHTNESS_PERCENT, moved))
        changes += update_device(ctx.store, light, ctx.now, "on", brightness=target)
    fresh = [int(d.attributes["brightness"]) for d in _stored(ctx, lights)]
    end = FULL_BRIGHTNESS_PERCENT if up else MIN_DIMMED_PERCENT
    if not changes and set(fresh) == {end}:  # "make it brighter" at full did nothing
        goes = "it goes" if len(lights) == 1 else "they go"
        speech = _already(lights, "at full brightness" if up else f"as dim as {goes}")
    elif len(set(fresh)) == 1:
        speech = f"Set {_names(lights)} to {fresh[0]}% brightness."
    else:
        speech = f"Made {_names(lights)} {'brighter' if up else 'dimmer'}."
    return Outcome(speech, changes, _states(lights, changes), _extra(ctx, lights))


def _all_off(lights: list[Device]) -> NoReturn:
    verb = "is" if len(lights) == 1 else "are"
    raise ActionFailed("no_match", f"{_names(lights).capitalize()} {verb} off.", "already_off")


def set_position(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassSetPosition: open a cover to a percentage."""
    targets = [d for d in resolve(ctx, intent, ("cover",)) if d.domain == "cover"]
    if not targets:
        raise ActionFailed(
            "not_supported", "Sorry, only blinds, curtains and doors have a position."
        )
    value = number(intent, "position")
    if value is None:
        raise asks_value("To what position?", "which_value")
    position = int(in_range(value, 0, 100, "The position"))
    state = "open" if position > 0 else "closed"
    changes = [
        c for d in targets for c in update_device(ctx.store, d, ctx.now, state, position=position)
    ]
    return Outcome(f"Set {_names(targets)} to {position}%.", changes, extra=_extra(ctx, targets))


def fan_set_speed(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassFanSetSpeed: fan percentage (0 turns it off)."""
    fans = [d for d in resolve(ctx, intent, ("fan",)) if d.domain == "fan"]
    if not fans:
        raise ActionFailed("not_supported", "Sorry, that is not a fan.")
    step = intent.slot("step")
    if step in ("up", "down"):
        return _fan_step(ctx, fans, step == "up")
    value = number(intent, "percentage")
    if value is None:
        raise asks_value("To what speed?", "which_value")
    speed = int(in_range(value, 0, 100, "Fan speed"))
    state = "on" if speed > 0 else "off"
    changes = [
        c for d in fans for c in update_device(ctx.store, d, ctx.now, state, percentage=speed)
    ]
    return Outcome(f"Set {_names(fans)} to {speed}%.", changes, extra=_extra(ctx, fans))


FAN_LEVELS: Final[tuple[int, ...]] = (33, 66, 100)
"""A three-speed fan's speeds in percent (low, medium, high), as `en/fans.yaml` names them."""


def _fan_step(ctx: Context, fans: list[Device], up: bool) -> Outcome:
    """Each fan a speed faster or slower ("turn the fan up").

    A fan that is off starts low; turned down, low stays low (off is "turn off the fan").
    """
    changes = []
    for fan in fans:
        now = int(fan.attributes.get("percentage") or 0) if fan.state == "on" else 0
        faster = [v for v in FAN_LEVELS if v > now]
        slower = [v for v in FAN_LEVELS if v < now]
        speed = (faster[0] if faster else FAN_LEVELS[-1]) if up else (
            slower[-1] if slower else FAN_LEVELS[0]
        )
        changes += update_device(ctx.store, fan, ctx.now, "on", percentage=speed)
    speeds = {int(d.attributes["percentage"]) for d in _stored(ctx, fans)}
    if not changes:  # "turn it down" at low said "Set the desk fan to 33%." and did nothing
        end = {FAN_LEVELS[0]: "lowest", FAN_LEVELS[-1]: "highest"}.get(min(speeds), "")
        if end and len(speeds) == 1:
            its = "its" if len(fans) == 1 else "their"
            return Outcome(_already(fans, f"at {its} {end} speed"), [], extra=_extra(ctx, fans))
    said = f"{speeds.pop()}%" if len(speeds) == 1 else ("faster" if up else "slower")
    speech = f"Set {_names(fans)} to {said}." if said.endswith("%") else (
        f"Made {_names(fans)} {said}."
    )
    return Outcome(speech, changes, extra=_extra(ctx, fans))


_PLAYER_OFF: Final[frozenset[str]] = frozenset({"off", "standby"})
"""A media player's states that "is the TV on?" answers no to (playing, paused, idle are on)."""


def _in_state(device: Device, wanted: str) -> bool:
    """`device` is in the state asked: a player that plays or waits is "on"."""
    if device.domain == "media_player" and wanted in ("on", "off"):
        return (device.state in _PLAYER_OFF) == (wanted == "off")
    if device.domain == "climate" and wanted in ("on", "off"):  # heating or cooling is "on"
        return (device.state == "off") == (wanted == "off")
    return device.state == wanted


def get_state(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassGetState: "is the front door locked?", "are any lights on in the kitchen?"."""
    targets = resolve(ctx, intent)
    wanted = intent.slot("state")
    data: dict[str, Any] = {"states": {d.entity_id: d.state for d in targets}}
    if wanted is None:
        speech = " ".join(f"The {spoken_name(d)} is {_with_unit(d)}." for d in targets)
        return Outcome(speech, data=data, extra=_extra(ctx, targets))
    wanted = str(wanted)
    matched = [d for d in targets if _in_state(d, wanted)]
    unmatched = [d for d in targets if not _in_state(d, wanted)]
    extra = _extra(ctx, targets) | {
        "query": {
            "matched": [d.to_dict() for d in matched],
            "unmatched": [d.to_dict() for d in unmatched],
        }
    }
    data["matched"] = [d.entity_id for d in matched]
    return Outcome(_yes_no(intent, targets, matched, unmatched, wanted), data=data, extra=extra)


def _yes_no(
    intent: IntentRecognized,
    targets: list[Device],
    matched: list[Device],
    unmatched: list[Device],
    wanted: str,
) -> str:
    if len(targets) == 1:
        return (
            "Yes." if matched else f"No, the {spoken_name(targets[0])} is {_with_unit(targets[0])}."
        )
    if intent.response_key == "all":
        return (
            "Yes." if not unmatched else f"No, {_names(unmatched)} {_be(unmatched)} not {wanted}."
        )
    return (
        f"Yes, {_names(matched)}."
        if matched
        else f"No, no {kind_words(intent, ())} {_be(targets)} {wanted}."
    )


def _already(devices: list[Device], how: str) -> str:
    """"The desk fan is already at its lowest speed.": a step that had nowhere to go."""
    return f"{first_upper(_names(devices))} {_be(devices)} already {how}."


def _be(devices: list[Device]) -> str:
    return "is" if len(devices) == 1 else "are"


def _with_unit(device: Device) -> str:
    return str(device.to_dict()["state_with_unit"])


def _able(targets: list[Device], feature: str, what: str) -> list[Device]:
    able = [d for d in targets if d.attributes.get(feature)]
    if not able:
        raise ActionFailed("not_supported", f"Sorry, {_names(targets)} can't {what}.")
    return able


def _names(devices: list[Device]) -> str:
    return listed([f"the {spoken_name(d)}" for d in devices])


def _states(devices: list[Device], changes: list[StateChange]) -> dict[str, Any]:
    return {"entities": [d.entity_id for d in devices], "changed": len(changes)}


def _stored(ctx: Context, devices: list[Device]) -> list[Device]:
    """`devices` as they are stored now (after the action's changes)."""
    return [get_device(ctx.store, d.entity_id) or d for d in devices]


def _extra(ctx: Context, devices: list[Device]) -> dict[str, Any]:
    fresh = _stored(ctx, devices)
    return {
        "state": fresh[0].to_dict(),
        "states": [d.to_dict() for d in fresh],
        "slots": {"name": fresh[0].name},
    }


HANDLERS: Final[dict[str, HandlerFn]] = {
    "HassTurnOn": turn_on,
    "HassTurnOff": turn_off,
    "HassToggle": toggle,
    "HassLightSet": light_set,
    "SaysoBrightnessStep": brightness_step,
    "HassSetPosition": set_position,
    "HassFanSetSpeed": fan_set_speed,
    "HassGetState": get_state,
}
"""Intent name → handler for this module."""
