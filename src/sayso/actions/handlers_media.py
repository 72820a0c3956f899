"""Climate and media handlers: thermostats, temperatures, playback and volume."""

from __future__ import annotations

from typing import Final

from sayso import languages
from sayso.actions.devices import Device, update_device
from sayso.actions.outcome import (
    ActionFailed,
    Context,
    HandlerFn,
    Outcome,
    asks_value,
    in_range,
    number,
    spoken_number,
)
from sayso.actions.targets import resolve_or_all, spoken_name
from sayso.events.understanding import IntentRecognized

VOLUME_STEP: Final[int] = 10
"""Volume change of "turn it up" / "turn it down", in percent."""
CLIMATE_STEP_DEGREES: Final[float] = 1.0
"""Target change of "turn the heating up" / "make it cooler", in degrees."""
DEFAULT_TARGET_C: Final[float] = 20.0
"""Target assumed for a thermostat that reports none, in degrees Celsius."""


def _climates(ctx: Context, intent: IntentRecognized) -> list[Device]:
    found = resolve_or_all(ctx, intent, ("climate",))
    return [d for d in found if d.domain == "climate"]


def climate_set_temperature(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassClimateSetTemperature: set the target temperature (first thermostat when unnamed)."""
    climates = _climates(ctx, intent)
    if not climates:
        raise ActionFailed("not_supported", "Sorry, that can't be set to a temperature.")
    device = climates[0]
    value = number(intent, "temperature")
    if value is None:
        raise asks_value("To what temperature?", "which_value")
    low = float(device.attributes.get("min_temp", 7))
    high = float(device.attributes.get("max_temp", 35))
    said_f = intent.slot("unit") == "fahrenheit"
    english = languages.base(intent.language) == "en"
    fahrenheit = _fahrenheit(value, low, high, said_f) if english or said_f else None
    value = value if fahrenheit is None else fahrenheit
    target = in_range(value, low, high, f"The {spoken_name(device)} temperature")
    changes = update_device(ctx.store, device, ctx.now, temperature=target)
    said = spoken_number(target)
    data = {"entity_id": device.entity_id, "temperature": target}
    if fahrenheit is None:
        return Outcome(f"Set the {spoken_name(device)} to {said} degrees.", changes, data)
    slots = {"temperature": said, "fahrenheit": spoken_number(number(intent, "temperature") or 0)}
    name, said_f = spoken_name(device), slots["fahrenheit"]
    speech = f"Set the {name} to {said} degrees Celsius, {said_f} Fahrenheit."
    return Outcome(speech, changes, data, {"response": "fahrenheit", "slots": slots})


FAHRENHEIT_SAID: Final = (60.0, 90.0)
"""Degrees Fahrenheit a person sets a thermostat to for comfort (15.5–32 °C). In English, a
number in here outside a Celsius thermostat's range ("set the thermostat to 70") means
Fahrenheit; "50" stays refused (a Fahrenheit setback, or a slip of the tongue for 15?), as does
any number in German, French or Spanish, whose speakers think in Celsius."""


def _fahrenheit(value: float, low: float, high: float, said: bool) -> float | None:
    """`value` in Celsius, to the half degree, when it was said in Fahrenheit.

    Outside the thermostat's range, a number Fahrenheit can mean was said in it. None when the
    value is in the thermostat's own unit.
    """
    plausible = FAHRENHEIT_SAID[0] <= value <= FAHRENHEIT_SAID[1]
    if not said and (low <= value <= high or not plausible):
        return None
    celsius = round((value - 32) * 5 / 9 * 2) / 2
    return celsius if said or low <= celsius <= high else None


def climate_step(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoTemperatureStep ("turn the heating up", "make it cooler"): the target a step up/down.

    Home Assistant has no intent for it; the target moves by `CLIMATE_STEP_DEGREES` within the
    thermostat's range (its limit is said, as for a temperature set too high).
    """
    device, target = stepped_target(ctx, intent)
    return _set_target(ctx, device, target)


def feel(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoFeel ("I'm cold"), once its offer was taken: the thermostat's step.

    A thermostat that is off is turned on at the new target when the user is cold (the offer
    said so, `dialogue/policy`); one that is off is left off when the user is warm.
    """
    device, target = stepped_target(ctx, intent)
    if device.state != "off":
        return _set_target(ctx, device, target)
    if intent.slot("step") != "up":
        raise ActionFailed(
            "no_match", f"The {spoken_name(device)} is already off.", "already_off"
        )
    return _set_target(ctx, device, target, str(device.attributes.get("last_mode", "heat")))


def _set_target(
    ctx: Context, device: Device, target: float, state: str | None = None
) -> Outcome:
    """The thermostat's target set (and its mode, when `state` is given), said in English."""
    changes = update_device(ctx.store, device, ctx.now, state, temperature=target)
    said = spoken_number(target)
    return Outcome(
        f"Set the {spoken_name(device)} to {said} degrees.",
        changes,
        {"entity_id": device.entity_id, "temperature": target},
        {"slots": {"temperature": said}},
    )


def stepped_target(ctx: Context, intent: IntentRecognized) -> tuple[Device, float]:
    """The thermostat a SaysoTemperatureStep moves, and its new target (°C).

    Raises `ActionFailed` when there is no thermostat or the step leaves its range.
    """
    climates = _climates(ctx, intent)
    if not climates:
        raise ActionFailed("not_supported", "Sorry, there is no thermostat here.")
    device = climates[0]
    current = float(device.attributes.get("temperature", DEFAULT_TARGET_C))
    size = number(intent, "degrees") or CLIMATE_STEP_DEGREES  # "by 2 degrees"
    step = size if intent.slot("step") == "up" else -size
    low = float(device.attributes.get("min_temp", 7))
    high = float(device.attributes.get("max_temp", 35))
    return device, in_range(current + step, low, high, f"The {spoken_name(device)} temperature")


def climate_get_temperature(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassClimateGetTemperature: current temperature from a thermostat or temperature sensor.

    Slot `reading: target` ("what's the thermostat set to") asks for the thermostat's target.
    """
    if intent.slot("reading") == "target":
        return _climate_target(ctx, intent)
    found = resolve_or_all(ctx, intent, ("climate", "sensor"))
    readings = [d for d in found if d.domain == "climate" or d.device_class == "temperature"]
    if not readings:
        raise ActionFailed("no_such_device", "Sorry, I have no temperature reading there.")
    device = readings[0]
    raw = device.attributes.get("current_temperature", device.state)
    try:
        temperature = float(raw)
    except (TypeError, ValueError):
        raise ActionFailed("unavailable", f"The {spoken_name(device)} has no reading.") from None
    speech = f"It's {spoken_number(temperature)} degrees."
    extra = {"state": device.to_dict()}
    return Outcome(
        speech, data={"entity_id": device.entity_id, "temperature": temperature}, extra=extra
    )


def _climate_target(ctx: Context, intent: IntentRecognized) -> Outcome:
    """What the thermostat is set to (its response key `target` in other languages)."""
    climates = _climates(ctx, intent)
    if not climates:
        raise ActionFailed("not_supported", "Sorry, there is no thermostat here.")
    device = climates[0]
    try:
        target = float(device.attributes["temperature"])
    except (KeyError, TypeError, ValueError):
        raise ActionFailed("unavailable", f"The {spoken_name(device)} has no target set.") from None
    said = spoken_number(target)
    return Outcome(
        f"The {spoken_name(device)} is set to {said} degrees.",
        data={"entity_id": device.entity_id, "temperature": target},
        extra={"response": "target", "slots": {"temperature": said}, "state": device.to_dict()},
    )


def _players(ctx: Context, intent: IntentRecognized, states: tuple[str, ...]) -> list[Device]:
    """Named/area media players; with no target, those currently in one of `states`."""
    players = [
        d for d in resolve_or_all(ctx, intent, ("media_player",)) if d.domain == "media_player"
    ]
    if not players:
        raise ActionFailed("not_supported", "Sorry, that is not a media player.")
    if not states:
        return players
    busy = [d for d in players if d.state in states]
    if not busy:
        if "playing" in states:
            raise ActionFailed("no_match", "Nothing is playing.", "nothing_playing")
        raise ActionFailed("no_match", "Nothing is paused.", "nothing_paused")
    return busy


def _playback(
    ctx: Context, intent: IntentRecognized, frm: tuple[str, ...], to: str, verb: str
) -> Outcome:
    players = _players(ctx, intent, frm)
    changes = [c for d in players for c in update_device(ctx.store, d, ctx.now, to)]
    return Outcome(f"{verb} the {spoken_name(players[0])}.", changes)


def media_pause(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassMediaPause."""
    return _playback(ctx, intent, ("playing",), "paused", "Paused")


def media_unpause(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassMediaUnpause."""
    return _playback(ctx, intent, ("paused",), "playing", "Resumed")


def _skip(ctx: Context, intent: IntentRecognized, step: int) -> Outcome:
    player = _players(ctx, intent, ("playing", "paused"))[0]
    playlist = list(player.attributes.get("playlist", []))
    if not playlist:
        raise ActionFailed(
            "not_supported", f"The {spoken_name(player)} has nothing queued.", "nothing_queued"
        )
    track = (int(player.attributes.get("track", 0)) + step) % len(playlist)
    changes = update_device(
        ctx.store, player, ctx.now, "playing", track=track, media_title=playlist[track]
    )
    return Outcome(f"Playing {playlist[track]}.", changes, {"media_title": playlist[track]})


def media_next(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassMediaNext."""
    return _skip(ctx, intent, 1)


def media_previous(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassMediaPrevious."""
    return _skip(ctx, intent, -1)


def _set_volume(ctx: Context, players: list[Device], level: float) -> Outcome:
    volume = int(in_range(level, 0, 100, "Volume"))
    changes = [c for d in players for c in update_device(ctx.store, d, ctx.now, volume=volume)]
    return Outcome(
        f"Set the {spoken_name(players[0])} volume to {volume}%.", changes, {"volume": volume}
    )


def set_volume(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassSetVolume: volume 0–100."""
    # Home Assistant's templates name the slot "volume_level"; accept the short name too.
    level = number(intent, "volume_level")
    level = number(intent, "volume") if level is None else level
    if level is None:
        raise asks_value("To what volume?", "which_value")
    return _set_volume(ctx, _players(ctx, intent, ()), level)


def set_volume_relative(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassSetVolumeRelative: "up", "down" or a signed step in percent, from each player's own.

    With no player, area or floor named ("louder", "turn up the volume" and no area known), the
    players that are playing are meant, else the paused ones: not every speaker of the home.
    """
    step = intent.slot("volume_step")
    delta = {"up": VOLUME_STEP, "down": -VOLUME_STEP}.get(str(step).lower())
    if delta is None:
        delta = int(number(intent, "volume_step") or VOLUME_STEP)
    named = any(intent.slot(s) for s in ("name", "area", "floor"))
    players = _players(ctx, intent, ())
    if not named:  # with none playing or paused, "Nothing is playing.", not "… paused."
        players = [d for d in players if d.state == "playing"] or _players(
            ctx, intent, ("playing", "paused")
        )
    changes = []
    for player in players:
        level = min(100, max(0, int(player.attributes.get("volume", 50)) + delta))
        changes += update_device(ctx.store, player, ctx.now, volume=level)
    said = f"{level}%" if len(players) == 1 else ("up" if delta > 0 else "down")
    speech = f"Set the {spoken_name(players[0])} volume to {said}."
    if len(players) > 1:
        speech = f"Turned the volume {said}."
    return Outcome(speech, changes, {"volume": level})


def _mute(ctx: Context, intent: IntentRecognized, muted: bool) -> Outcome:
    players = _players(ctx, intent, ())
    changes = [c for d in players for c in update_device(ctx.store, d, ctx.now, muted=muted)]
    return Outcome(f"{'Muted' if muted else 'Unmuted'} the {spoken_name(players[0])}.", changes)


def media_mute(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassMediaPlayerMute."""
    return _mute(ctx, intent, True)


def media_unmute(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassMediaPlayerUnmute."""
    return _mute(ctx, intent, False)


def what_is_playing(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoWhatIsPlaying ("what's playing?"): the title on each player that plays.

    When none plays, the paused ones' ("… is paused on the kitchen speaker"). Changes nothing.
    """
    players = resolve_or_all(ctx, intent, ("media_player",))
    titled = [p for p in players if p.attributes.get("media_title")]
    playing = [p for p in titled if p.state == "playing"]
    shown = playing or [p for p in titled if p.state == "paused"]
    if not shown:
        return Outcome("Nothing is playing.", data={"playing": []})
    said = [
        f"{p.attributes['media_title']} is {p.state} on the {spoken_name(p)}" for p in shown
    ]
    data = {
        "playing": [{"entity_id": p.entity_id, "title": p.attributes["media_title"],
                     "state": p.state} for p in shown],
        # What "pause it" / "resume it" means next (`llm/tools/actions.entity_ids_in`).
        "entities": [p.entity_id for p in shown],
    }  # fmt: skip
    return Outcome(f"{'; '.join(said)}.", data=data)


HANDLERS: Final[dict[str, HandlerFn]] = {
    "HassClimateSetTemperature": climate_set_temperature,
    "HassClimateGetTemperature": climate_get_temperature,
    "SaysoTemperatureStep": climate_step,
    "SaysoFeel": feel,
    "HassMediaPause": media_pause,
    "HassMediaUnpause": media_unpause,
    "HassMediaNext": media_next,
    "HassMediaPrevious": media_previous,
    "HassSetVolume": set_volume,
    "HassSetVolumeRelative": set_volume_relative,
    "HassMediaPlayerMute": media_mute,
    "HassMediaPlayerUnmute": media_unmute,
    "SaysoWhatIsPlaying": what_is_playing,
}
"""Intent name → handler for this module."""
