"""The Home Assistant intent-test home, and sayso slots rewritten the way its tests state them.

HA's intent tests (`ha_intents_tests_en.jsonl`) refer to a fixture home (`ha_fixtures_en.yaml`:
floors, areas, entities with names). To score sayso on them, the recogniser is given that home's
vocabulary, and its slots are compared in HA's terms:

* `name`: sayso's value is an entity id ("light.kitchen"); HA's tests give the entity's *name*
  ("Kitchen Light"), the one that was said when it has several. The id is mapped back to that
  name; a value that is not a fixture entity (a to-do list, a wildcard) is compared on the words
  that filled the slot.
* `area`, `floor`: sayso's value is already the spoken name, as in HA's tests.
* every other slot (numbers, `domain`, `state`, `search_query`...) is compared on its value.

A fixture name may be a template ("Trader Joe[']s", "[the ]garage"), as HA's test runner allows:
it stands for every sentence it expands to, the first being the name and the others aliases.

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
    said: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    """Entity id → every name it may be called by, casefolded (a template's expansions)."""
    timers: tuple[str, ...] = ()
    """Names of the fixture's running timers (HA's tests pause and cancel "the pizza timer")."""
    timer_starts: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    """Their lengths as said, per slot ("start_hours": ("1",)): "pause the 1 hour timer"."""

    def apply(self, recognizer: Any) -> None:
        """Give `recognizer` this home: its names, and its running timers where it reads them."""
        recognizer.set_home(self.vocabulary)
        if hasattr(recognizer, "set_live_lists"):
            from sayso.understanding.hassil.live import TIMER_NAME, TIMER_STARTS

            live = {TIMER_NAME: self.timers}
            live |= {
                name: self.timer_starts.get(slot, ()) for slot, (_r, name) in TIMER_STARTS.items()
            }
            recognizer.set_live_lists({name: (lambda v=values: v) for name, values in live.items()})


def load_fixture_home(path: str | os.PathLike[str]) -> FixtureHome:
    """Read an HA intents fixture file (`floors`, `areas`, `entities` with `id` and `name`)."""
    fixture = Path(path)
    try:
        data = yaml.safe_load(fixture.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BadInput(f"cannot read home fixture {fixture}: {exc}") from exc
    if not isinstance(data, dict):
        raise BadInput(f"{fixture}: expected a mapping with floors, areas and entities")
    areas = {a["id"]: expand_name(a["name"]) for a in _items(data, "areas") if "id" in a}
    floors = [expand_name(f["name"]) for f in _items(data, "floors")]
    entities = tuple(
        EntityName(
            entity_id=str(e["id"]),
            name=said[0],
            area=areas[e["area"]][0] if e.get("area") in areas else None,
            aliases=(*said[1:], *(str(a) for a in e.get("aliases") or ())),
            device_class=_device_class(e),
        )
        for e in _items(data, "entities")
        if e.get("id") and e.get("name")
        for said in [expand_name(e["name"])]
    )
    spoken = {names[0]: names for names in (*areas.values(), *floors) if len(names) > 1}
    vocabulary = HomeVocabulary(
        entities=entities,
        areas=tuple(names[0] for names in areas.values()),
        floors=tuple(names[0] for names in floors),
        spoken=spoken,
    )
    said = {e.entity_id: frozenset(n.casefold() for n in (e.name, *e.aliases)) for e in entities}
    timers = tuple(str(t["name"]) for t in _items(data, "timers"))
    running = [t for t in data.get("timers") or [] if isinstance(t, dict)]
    starts = {
        slot: tuple(dict.fromkeys(str(t[slot]) for t in running if t.get(slot)))
        for slot in ("start_hours", "start_minutes", "start_seconds")
    }
    return FixtureHome(vocabulary, {e.entity_id: e.name for e in entities}, said, timers, starts)


def _device_class(entity: Mapping[str, Any]) -> str | None:
    attributes = entity.get("attributes")
    value = attributes.get("device_class") if isinstance(attributes, dict) else None
    return str(value) if value else None


def _items(data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    return [item for item in data.get(key) or [] if isinstance(item, dict) and item.get("name")]


def expand_name(name: Any) -> tuple[str, ...]:
    """Every name a fixture name stands for: a hassil template expands to all its sentences."""
    from hassil import is_template, parse_sentence, sample_expression

    text = str(name).strip()
    if not is_template(text):
        return (text,)
    try:
        expanded = (s.strip() for s in sample_expression(parse_sentence(text).expression))
    except Exception as exc:  # hassil raises bare ParseError/ValueError on a bad template
        raise BadInput(f"fixture name {text!r} is not a valid template: {exc}") from None
    return tuple(dict.fromkeys(s for s in expanded if s)) or (text,)


def ha_slots(
    slots: Iterable[Slot],
    names: Mapping[str, str],
    said: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, Any]:
    """The slots as HA's tests state them (see the module docstring for the mapping)."""
    out: dict[str, Any] = {}
    for slot in slots:
        if slot.name == "name":
            value = slot.value
            if not isinstance(value, str):
                out["name"] = value
            elif said and slot.text and slot.text.strip().casefold() in said.get(value, ()):
                out["name"] = slot.text.strip()
            else:
                out["name"] = names.get(value, slot.text or value)
        else:
            out[slot.name] = slot.value
    return out
