"""The test home of the understanding tests (a uniquely named module, importable from tests)."""

from __future__ import annotations

from pathlib import Path

from sayso.understanding.base import EntityName, HomeVocabulary

INTENT_FIXTURES = Path(__file__).parents[2] / "fixtures" / "intents"
PIZZA_INTENTS = Path(__file__).parents[3] / "examples" / "pizza" / "pizza.yaml"
PIZZA = PIZZA_INTENTS

HOME = HomeVocabulary(
    entities=(
        EntityName("light.kitchen", "Kitchen Light", "Kitchen"),
        EntityName("light.living_room_lamp", "Living Room Lamp", "Living Room", ("reading lamp",)),
        EntityName("cover.bedroom_blinds", "Bedroom Blinds", "Bedroom"),
        EntityName("cover.living_room_curtains", "Living Room Curtains", "Living Room"),
        EntityName("cover.garage_door", "Garage Door", "Garage"),
        EntityName("climate.thermostat", "Thermostat", "Living Room", ("AC", "air conditioner")),
        EntityName("fan.bedroom_fan", "Bedroom Fan", "Bedroom"),
        EntityName("media_player.living_room_tv", "Living Room TV", "Living Room"),
        EntityName("lock.front_door", "Front Door", "Living Room"),
        EntityName("sensor.outside_temperature", "Outside Temperature", "Garage"),
    ),
    areas=("Kitchen", "Living Room", "Bedroom", "Office", "Garage"),
    floors=("Ground Floor", "Upstairs"),
    lists=("Shopping", "Groceries"),
)
CONTACTS = ("Mom", "Alice Smith")
