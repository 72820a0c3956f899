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
        self._lists = _slot_lists(yaml.safe_load(fixture.read_text(encoding="utf-8")) or {})

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
