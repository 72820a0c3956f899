"""Home Assistant's test rule for a sentence, the inferred slots it may forgive, and the halves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sayso.evaluation.metrics.ha_rule import ha_right, split_of


def test_exactly_the_listed_slots_and_a_list_is_any_of_its_values() -> None:
    gold = {"name": ["pizza ", "pizza"], "minutes": 5}
    assert ha_right("HassStartTimer", gold, "HassStartTimer", {"name": "Pizza", "minutes": 5.0})
    assert not ha_right("HassStartTimer", gold, "HassStartTimer", {"name": "pasta", "minutes": 5})
    assert not ha_right("HassStartTimer", gold, "HassStartTimer", {"minutes": 5})
    assert not ha_right("HassStartTimer", gold, "HassCancelTimer", {"name": "pizza", "minutes": 5})
    extra = {"name": "pizza", "minutes": 5, "area": "Kitchen"}
    assert not ha_right("HassStartTimer", gold, "HassStartTimer", extra, drift=True)


def test_drift_forgives_only_inferred_slots_that_cannot_change_the_command() -> None:
    light = {"brightness": 50, "area": "Bedroom"}
    got = {**light, "domain": "light"}
    assert not ha_right("HassLightSet", light, "HassLightSet", got)
    assert ha_right("HassLightSet", light, "HassLightSet", got, drift=True)
    # Forgiven where the home's devices picked are the same with and without the slot: a named
    # entity's own class; "Tor" read as device_class gate where the garden's only cover is a gate.
    gold = {"name": "CO", "state": "on", "domain": "binary_sensor", "device_class": "gas"}
    got = {"name": "CO", "state": "on"}
    assert not ha_right("HassGetState", gold, "HassGetState", got, drift=True)
    assert ha_right("HassGetState", gold, "HassGetState", got, drift=True, targets=_targets)
    gold = {"area": "Garten", "domain": "cover"}
    got = {**gold, "device_class": "gate"}
    assert ha_right("HassTurnOn", gold, "HassTurnOn", got, drift=True, targets=_targets)
    got = {"area": "Küche", "domain": "cover", "device_class": "gate"}
    assert not ha_right("HassTurnOn", {"area": "Küche", "domain": "cover"}, "HassTurnOn", got,
                        drift=True, targets=_targets)  # fmt: skip
    # Without a name, the class is the whole question ("are any gas sensors on?").
    gold = {"state": "on", "domain": "binary_sensor", "device_class": "gas"}
    got = {"state": "on", "domain": "binary_sensor"}
    assert not ha_right("HassGetState", gold, "HassGetState", got, drift=True)
    # A wrong value is never forgiven.
    gold = {"domain": "cover", "device_class": "garage"}
    got = {"domain": "cover", "device_class": "door"}
    assert not ha_right("HassTurnOn", gold, "HassTurnOn", got, drift=True)
    # "name: all" of older templates, and the speaker's area copied from the context.
    assert ha_right("HassTurnOff", {"domain": "fan", "name": "all"}, "HassTurnOff",
                    {"domain": "fan"}, drift=True)  # fmt: skip
    got = {"domain": "light", "area": "Living Room"}
    assert ha_right("HassTurnOn", {"domain": "light"}, "HassTurnOn", got, drift=True,
                    here="Living Room")  # fmt: skip
    assert not ha_right("HassTurnOn", {"domain": "light"}, "HassTurnOn", got, drift=True,
                        here="Kitchen")  # fmt: skip


HOME = [
    {"id": "binary_sensor.co", "name": "CO", "domain": "binary_sensor", "device_class": "gas"},
    {"id": "cover.gate", "area": "Garten", "domain": "cover", "device_class": "gate"},
    {"id": "cover.gate2", "area": "Küche", "domain": "cover", "device_class": "gate"},
    {"id": "cover.blind", "area": "Küche", "domain": "cover", "device_class": "blind"},
]


def _targets(slots: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(
        e["id"] for e in HOME if all(e.get(k) == v for k, v in slots.items() if k != "state")
    )


def test_halves_are_stable_and_both_used() -> None:
    texts = [f"turn on light {i}" for i in range(200)]
    halves = [split_of(t) for t in texts]
    assert halves == [split_of(t) for t in texts]
    assert 60 < halves.count("dev") < 140


def test_a_class_the_test_leaves_out_is_counted_apart() -> None:
    from sayso.evaluation.metrics.ha_rule import narrower

    gold = {"area": "Küche", "domain": "cover"}
    got = {**gold, "device_class": "gate"}
    assert not ha_right("HassTurnOn", gold, "HassTurnOn", got, drift=True, targets=_targets)
    assert narrower("HassTurnOn", gold, "HassTurnOn", got, targets=_targets)
    # A class no device of the test's has is not narrower: it is wrong.
    wrong = {**gold, "device_class": "garage"}
    assert not narrower("HassTurnOn", gold, "HassTurnOn", wrong, targets=_targets)


def test_a_domain_the_test_gives_as_context_is_forgiven() -> None:
    # "entriegle alle Türen im Flur", context {domain: lock}: HA takes the domain from the
    # context, sayso from the words; another domain stays wrong.
    gold = {"area": "Küche"}
    locks = {"area": "Küche", "domain": "lock"}
    rule: dict[str, Any] = {"drift": True, "targets": _targets}
    assert ha_right("HassTurnOff", gold, "HassTurnOff", locks, context_domain="lock", **rule)
    assert not ha_right("HassTurnOff", gold, "HassTurnOff", locks, **rule)
    lights = {"area": "Küche", "domain": "light"}
    assert not ha_right("HassTurnOff", gold, "HassTurnOff", lights, context_domain="lock", **rule)
