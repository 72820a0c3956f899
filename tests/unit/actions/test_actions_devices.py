"""Home intents change the stored devices as expected."""

from __future__ import annotations

import pytest

from sayso.actions import ActionHandler, Store

from .conftest import Intent, dump, state_of


def test_turn_on_by_name(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(intent("HassTurnOn", name="light.kitchen"))
    assert result.success
    assert result.speech == "Turned on the kitchen light."
    assert state_of(store, "light.kitchen")[0] == "on"
    assert [(c.target, c.attribute, c.old, c.new) for c in result.changes] == [
        ("light.kitchen", "state", "off", "on")
    ]
    assert result.turn_id == "t1"


def test_area_and_domain_targets_every_light_in_the_area(
    handler: ActionHandler, store: Store, intent: Intent
) -> None:
    handler.handle(intent("HassTurnOn", name="light.kitchen"))
    handler.handle(intent("HassTurnOn", name="light.kitchen_counter"))
    result = handler.handle(intent("HassTurnOff", area="Kitchen", domain="light"))
    assert result.success, result.speech
    assert result.speech == "Turned off 2 lights in the kitchen."
    assert state_of(store, "light.kitchen")[0] == "off"
    assert state_of(store, "light.kitchen_counter")[0] == "off"
    assert state_of(store, "switch.coffee_machine")[0] == "off"
    assert state_of(store, "light.living_room")[0] == "on"  # other areas untouched


def test_floor_targeting(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(intent("HassTurnOn", floor="First Floor", domain="light"))
    assert result.success
    assert {c.target for c in result.changes} == {
        "light.bedroom",
        "light.bedside_lamp",
        "light.bathroom",
    }  # office light was already on


def test_covers_open_and_close(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(intent("HassTurnOn", name="cover.garage_door"))
    assert result.speech == "Opened the garage door."
    assert state_of(store, "cover.garage_door") == (
        "open",
        {"device_class": "garage_door", "position": 100},
    )
    closed = handler.handle(intent("HassTurnOff", device_class="blind", area="Bedroom"))
    assert closed.success
    assert state_of(store, "cover.bedroom_blinds")[0] == "closed"


def test_locks(handler: ActionHandler, store: Store, intent: Intent) -> None:
    assert handler.handle(intent("HassTurnOff", name="lock.front_door")).speech == (
        "Unlocked the front door."
    )
    assert state_of(store, "lock.front_door")[0] == "unlocked"
    handler.handle(intent("HassTurnOn", name="lock.front_door"))
    assert state_of(store, "lock.front_door")[0] == "locked"


def test_climate_turn_off_and_on_restores_mode(
    handler: ActionHandler, store: Store, intent: Intent
) -> None:
    handler.handle(intent("HassTurnOff", name="climate.thermostat"))
    assert state_of(store, "climate.thermostat")[0] == "off"
    handler.handle(intent("HassTurnOn", name="climate.thermostat"))
    assert state_of(store, "climate.thermostat")[0] == "heat"


def test_light_brightness_and_colour(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(intent("HassLightSet", name="light.living_room_lamp", brightness=40))
    assert result.success and result.speech == "Set the living room lamp to 40% brightness."
    assert state_of(store, "light.living_room_lamp")[1]["brightness"] == 40
    result = handler.handle(intent("HassLightSet", name="light.living_room_lamp", color="red"))
    assert result.success
    assert state_of(store, "light.living_room_lamp") == (
        "on",
        {"brightness": 40, "supports_brightness": True, "supports_color": True, "color": "red"},
    )


@pytest.mark.parametrize(
    ("name", "slots", "code"),
    [
        ("HassTurnOn", {"name": "light.attic"}, "no_such_device"),
        ("HassTurnOn", {"area": "Attic", "domain": "light"}, "no_such_area"),
        ("HassTurnOn", {"area": "Garage", "domain": "fan"}, "no_such_device"),
        ("HassLightSet", {"name": "light.kitchen", "brightness": 150}, "invalid_value"),
        ("HassLightSet", {"name": "light.kitchen", "color": "red"}, "not_supported"),
        ("HassLightSet", {"name": "light.living_room_lamp", "color": "plaid"}, "invalid_value"),
        ("HassSetPosition", {"name": "cover.bedroom_blinds", "position": -5}, "invalid_value"),
        ("HassClimateSetTemperature", {"temperature": 120}, "invalid_value"),
        ("HassTurnOn", {"name": "sensor.outside_temperature"}, "not_supported"),
        (
            "HassFanSetSpeed",
            {"name": "fan.bedroom_ceiling_fan", "percentage": "fast"},
            "invalid_value",
        ),
        ("HassVacuumStart", {}, "not_supported"),
    ],
)
def test_bad_requests_change_nothing(
    handler: ActionHandler, store: Store, intent: Intent, name: str, slots: dict, code: str
) -> None:
    before = dump(store)
    result = handler.handle(intent(name, **slots))
    assert not result.success
    assert result.error_code == code
    assert result.speech and "\n" not in result.speech
    assert result.changes == ()
    assert dump(store) == before


def test_unknown_device_reply_names_it(handler: ActionHandler, intent: Intent) -> None:
    result = handler.handle(intent("HassTurnOn", name="light.attic"))
    assert result.speech == "Sorry, I don't know a device called light.attic."


def test_set_position(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(
        intent("HassSetPosition", name="cover.living_room_curtains", position=50)
    )
    assert result.success
    assert state_of(store, "cover.living_room_curtains")[0] == "open"
    assert state_of(store, "cover.living_room_curtains")[1]["position"] == 50


def test_climate_temperature(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(intent("HassClimateSetTemperature", temperature=21.5))
    assert result.speech == "Set the thermostat to 21.5 degrees."
    assert state_of(store, "climate.thermostat")[1]["temperature"] == 21.5
    ac = handler.handle(intent("HassClimateSetTemperature", area="Living Room", temperature=19))
    assert state_of(store, "climate.living_room_ac")[1]["temperature"] == 19
    assert ac.success
    assert handler.handle(intent("HassClimateGetTemperature")).speech == "It's 19.5 degrees."
    outside = handler.handle(intent("HassClimateGetTemperature", area="Garden"))
    assert outside.data["temperature"] == 12.5


def test_fan_speed(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(
        intent("HassFanSetSpeed", name="fan.bedroom_ceiling_fan", percentage=75)
    )
    assert result.success
    assert state_of(store, "fan.bedroom_ceiling_fan") == ("on", {"percentage": 75})


def test_media(handler: ActionHandler, store: Store, intent: Intent) -> None:
    assert handler.handle(intent("HassMediaPause")).error_code == "no_match"
    assert handler.handle(intent("HassMediaUnpause")).speech == "Resumed the kitchen speaker."
    assert state_of(store, "media_player.kitchen_speaker")[0] == "playing"
    nxt = handler.handle(intent("HassMediaNext"))
    assert nxt.speech == "Playing Blue in Green."
    handler.handle(intent("HassMediaPause", area="Kitchen"))
    assert state_of(store, "media_player.kitchen_speaker")[0] == "paused"
    vol = handler.handle(
        intent("HassSetVolume", name="media_player.living_room_tv", volume_level=60)
    )
    assert vol.success and state_of(store, "media_player.living_room_tv")[1]["volume"] == 60
    up = handler.handle(
        intent("HassSetVolumeRelative", name="media_player.living_room_tv", volume_step="up")
    )
    assert up.success and state_of(store, "media_player.living_room_tv")[1]["volume"] == 70


def test_get_state(handler: ActionHandler, intent: Intent) -> None:
    plain = handler.handle(intent("HassGetState", name="lock.front_door"))
    assert plain.speech == "The front door is locked."
    assert plain.changes == ()
    yes = handler.handle(intent("HassGetState", name="lock.front_door", state="locked"))
    assert yes.speech == "Yes."
    no = handler.handle(intent("HassGetState", name="light.kitchen", state="on"))
    assert no.speech == "No, the kitchen light is off."
    anyq = handler.handle(intent("HassGetState", domain="light", state="on"))
    assert anyq.speech == "Yes, the living room light and the office light."
    assert anyq.data["matched"] == ["light.living_room", "light.office"]
    temp = handler.handle(intent("HassGetState", name="sensor.outside_temperature"))
    assert temp.speech == "The outside temperature is 12.5 °C."


def test_name_fallback_by_spoken_name(handler: ActionHandler, store: Store, intent: Intent) -> None:
    assert handler.handle(intent("HassTurnOn", name="Coffee Maker")).success
    assert state_of(store, "switch.coffee_machine")[0] == "on"


def test_a_light_without_colour_is_named_once(handler: ActionHandler, intent: Intent) -> None:
    # It said "Sorry, the the kitchen light can't change colour."
    result = handler.handle(intent("HassLightSet", name="light.kitchen", color="blue"))
    assert result.speech == "Sorry, the kitchen light can't change colour."
