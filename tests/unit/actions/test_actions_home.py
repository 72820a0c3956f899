from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sayso.actions import FixedClock, HomeSpec, Store, load_home, parse_home
from sayso.errors import ConfigError

from .conftest import state_of

MINIMAL = {
    "floors": ["Ground"],
    "areas": [{"name": "Kitchen", "floor": "Ground"}],
    "devices": [
        {"entity_id": "light.kitchen", "name": "Kitchen Light", "area": "Kitchen", "state": False}
    ],
}


def test_demo_home_is_complete(home: HomeSpec) -> None:
    domains = {d.domain for d in home.devices}
    assert {
        "light",
        "cover",
        "climate",
        "fan",
        "media_player",
        "lock",
        "sensor",
        "switch",
    } <= domains
    assert len(home.devices) >= 20
    assert len(home.floors) >= 2 and len(home.areas) >= 8
    assert set(home.contacts) == {"Alice", "Bob", "Mum", "Dad"}
    assert home.lists == ("shopping", "to-do")
    classes = {d.attributes.get("device_class") for d in home.devices}
    assert {"curtain", "blind", "garage_door"} <= classes


def test_vocabulary(home: HomeSpec) -> None:
    vocab = home.vocabulary()
    tv = next(e for e in vocab.entities if e.entity_id == "media_player.living_room_tv")
    assert tv.area == "Living Room" and "TV" in tv.aliases
    assert "Kitchen" in vocab.areas and "First Floor" in vocab.floors
    assert vocab.lists == ("shopping", "to-do")


def test_yaml_boolean_state_becomes_text() -> None:
    spec = parse_home(MINIMAL)
    assert spec.devices[0].state == "off"


def test_persisted_state_wins_and_new_devices_are_added(tmp_path: Path, clock: FixedClock) -> None:
    store = Store(tmp_path / "s.db")
    parse_home(MINIMAL).seed(store, clock.now())
    store.execute("UPDATE devices SET state = 'on' WHERE entity_id = 'light.kitchen'")
    grown = {**MINIMAL, "devices": [*MINIMAL["devices"],
             {"entity_id": "switch.kettle", "name": "Kettle", "area": "Kitchen"}]}  # fmt: skip
    parse_home(grown).seed(store, clock.now())
    assert state_of(store, "light.kitchen")[0] == "on"
    assert state_of(store, "switch.kettle")[0] == "off"


BAD_HOMES = [
    ("[1, 2]", "must be a mapping"),
    ("devices: {a: 1}", "devices must be a list"),
    ("devices: [{entity_id: kitchen, name: K}]", "bad entity_id"),
    ("devices: [{entity_id: vacuum.robo, name: R}]", "unsupported domain"),
    ("devices: [{entity_id: light.a}]", "missing name"),
    ("devices: [{entity_id: light.a, name: A, area: Attic}]", "unknown area"),
    ("areas: [{name: Attic, floor: Roof}]", "unknown floor"),
    ("devices: [{entity_id: light.a, name: A}, {entity_id: light.a, name: B}]", "listed twice"),
    ("rooms: []", "unknown section"),
    ("devices: [{entity_id: light.a, name: A, aliases: x}]", "aliases"),
    ("devices: [\n  - {", "not valid YAML"),
]


@pytest.mark.parametrize(("text", "message"), BAD_HOMES)
def test_bad_home_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        load_home(path)
    assert "\n" not in str(info.value)


def test_missing_home_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read home file"):
        load_home(tmp_path / "nope.yaml")


def test_minimal_home_round_trips_through_yaml(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(yaml.safe_dump(MINIMAL))
    assert load_home(path).device("light.kitchen") is not None
