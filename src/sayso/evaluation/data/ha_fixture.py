"""The Home Assistant intent-test home, and sayso slots rewritten the way its tests state them.

HA's intent tests (`ha_intents_tests_en.jsonl`) refer to a fixture home (`ha_fixtures_en.yaml`:
floors, areas, entities with names). To score sayso on them, the recogniser is given that home's
vocabulary, and its slots are compared in HA's terms:

* `name`: sayso's value is an entity id ("light.kitchen"); HA's tests give the entity's *name*
  ("Kitchen Light"). The id is mapped back to the fixture's name; a value that is not a fixture
  entity (a to-do list, a wildcard) is compared on the words that filled the slot.
* `area`, `floor`: sayso's value is already the spoken name, as in HA's tests.
* every other slot (numbers, `domain`, `state`, `search_query`...) is compared on its value.

Slot values are then normalised by `sayso.evaluation.metrics.slu.value_text` (case, punctuation,
number formatting), so "kitchen light" equals "Kitchen Light" and 50 equals "50".
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from sayso.errors import BadInput
from sayso.events.understanding import Slot
from sayso.understanding.base import EntityName, HomeVocabulary


@dataclasses.dataclass(frozen=True)
class FixtureHome:
    """The fixture's vocabulary plus the entity id → name map used to compare `name` slots."""

    vocabulary: HomeVocabulary
    names: Mapping[str, str]
    """Entity id → fixture name."""


def load_fixture_home(path: str | os.PathLike[str]) -> FixtureHome:
    """Read an HA intents fixture file (`floors`, `areas`, `entities` with `id` and `name`)."""
    fixture = Path(path)
    try:
        data = yaml.safe_load(fixture.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BadInput(f"cannot read home fixture {fixture}: {exc}") from exc
    if not isinstance(data, dict):
        raise BadInput(f"{fixture}: expected a mapping with floors, areas and entities")
    area_names = {a["id"]: a["name"] for a in data.get("areas") or [] if "id" in a}
    entities = tuple(
        EntityName(
            entity_id=str(e["id"]),
            name=str(e["name"]),
            area=area_names.get(e.get("area", "")),
            aliases=tuple(str(a) for a in e.get("aliases") or ()),
        )
        for e in data.get("entities") or []
        if e.get("id") and e.get("name")
    )
    vocabulary = HomeVocabulary(
        entities=entities,
        areas=tuple(area_names.values()),
        floors=tuple(str(f["name"]) for f in data.get("floors") or [] if f.get("name")),
    )
    return FixtureHome(vocabulary, {e.entity_id: e.name for e in entities})


def ha_slots(slots: Iterable[Slot], names: Mapping[str, str]) -> dict[str, Any]:
    """The slots as HA's tests state them (see the module docstring for the mapping)."""
    out: dict[str, Any] = {}
    for slot in slots:
        if slot.name == "name":
            value = slot.value
            out["name"] = names.get(value, slot.text or value) if isinstance(value, str) else value
        else:
            out[slot.name] = slot.value
    return out
