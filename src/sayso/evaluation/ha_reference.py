"""Home Assistant's own reading of its test sentences: plain hassil over the installed templates.

This is the yardstick for "a sentence the fixture home can express": HA's test procedure
(`tests/test_language_sentences.py` of the intents project) — `hassil.recognize` over the
`home-assistant-intents` package of the language alone (none of sayso's files or code), with the
slot lists built from the fixture the way HA's test runner builds them (every expansion of a
templated name; an entity's context is its domain and its attributes) and the test's `context`
as the intent context. Where the test sentences were written for other templates than the
installed ones, this reader fails too, and the sentence is outside what the grammar can say.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from sayso import languages
from sayso.errors import BadInput
from sayso.evaluation.data.ha_fixture import expand_name


class HaReference:
    """Reads sentences as Home Assistant's intents tests do."""

    def __init__(self, fixture: Path, language: str) -> None:
        from hassil import Intents
        from home_assistant_intents import get_intents

        templates = get_intents(languages.canonical(language))
        if templates is None:
            raise BadInput(f"no Home Assistant intents for language {language!r}")
        self._intents = Intents.from_dict(templates)
        data = yaml.safe_load(fixture.read_text(encoding="utf-8")) or {}
        self._lists = _slot_lists(data)
        self._entities = _entities(data)

    def read(
        self, text: str, context: Mapping[str, Any] | None
    ) -> tuple[str | None, dict[str, Any]]:
        """(intent, slots as HA's tests state them), or (None, {}) when nothing matches."""
        from hassil import recognize

        result = recognize(
            text, self._intents, slot_lists=self._lists, intent_context=dict(context or {})
        )
        if result is None:
            return None, {}
        return result.intent.name, {e.name: e.value for e in result.entities.values()}

    def targets(self, slots: Mapping[str, Any]) -> frozenset[str]:
        """The entity ids a command with these slots acts on, picked as HA's test runner does.

        Name, area, floor, domain and device class each narrow the set (a list: any of them).
        """
        found = []
        for entity in self._entities:
            if all(_fits(entity.get(key), slots[key]) for key in _TARGET_KEYS if key in slots):
                found.append(entity["id"])
        return frozenset(found)


_TARGET_KEYS = ("name", "area", "floor", "domain", "device_class")


def _fits(have: Any, wanted: Any) -> bool:
    options = wanted if isinstance(wanted, list) else [wanted]
    said = {str(o).strip().casefold() for o in options}
    return bool(said & (have or set()))


def _entities(fixture: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each fixture entity with the names (casefolded) of itself, its area, floor, domain, class."""
    floors = {f.get("id"): set(expand_name(f["name"])) for f in fixture.get("floors") or []}
    areas = {a.get("id"): a for a in fixture.get("areas") or []}
    out = []
    for e in fixture.get("entities") or []:
        if not (e.get("id") and e.get("name")):
            continue
        area = areas.get(e.get("area")) or {}
        attributes = e.get("attributes") or {}
        names = {
            "name": set(expand_name(e["name"])),
            "area": set(expand_name(area["name"])) if area.get("name") else set(),
            "floor": floors.get(area.get("floor"), set()),
            "domain": {str(e["id"]).partition(".")[0]},
            "device_class": {str(attributes["device_class"])}
            if "device_class" in attributes
            else set(),
        }
        out.append({"id": str(e["id"])} | {k: {n.casefold() for n in v} for k, v in names.items()})
    return out


def _slot_lists(fixture: Mapping[str, Any]) -> dict[str, Any]:
    from hassil import TextSlotList

    def said(key: str) -> list[str]:
        return [n for item in fixture.get(key) or [] for n in expand_name(item["name"])]

    entities = [
        (name, name, {"domain": str(e["id"]).partition(".")[0], **(e.get("attributes") or {})})
        for e in fixture.get("entities") or []
        if e.get("id") and e.get("name")
        for name in expand_name(e["name"])
    ]
    return {
        "area": TextSlotList.from_strings(said("areas")),
        "floor": TextSlotList.from_strings(said("floors")),
        "name": TextSlotList.from_tuples(entities),
    }
