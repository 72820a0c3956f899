"""A recogniser with the pizza domain and a small home, loaded once (templates only, no model)."""

from __future__ import annotations

import pytest

from sayso.config import IntentsConfig
from sayso.understanding.base import EntityName, HomeVocabulary
from sayso.understanding.hassil.recognizer import HassilRecognizer
from tests.conftest import PIZZA_INTENTS

HOME = HomeVocabulary(
    entities=(
        EntityName("light.kitchen", "Kitchen Light", "Kitchen"),
        EntityName("light.bedroom", "Bedroom Light", "Bedroom"),
        EntityName("lock.front_door", "Front Door", "Hallway"),
        EntityName("cover.bedroom_blinds", "Bedroom Blinds", "Bedroom"),
        EntityName("cover.garage_door", "Garage Door", "Garage"),
    ),
    areas=("Kitchen", "Bedroom", "Hallway", "Garage"),
    lists=("Shopping",),
)


@pytest.fixture(scope="package")
def recognizer() -> HassilRecognizer:
    pizza = str(PIZZA_INTENTS)
    r = HassilRecognizer(IntentsConfig(custom=(pizza,)))
    r.load()
    r.set_home(HOME)
    r.set_contacts(("Alice",))
    return r
