"""Replies on text: a sentence read right gets its answer in the sentence's language.

The fixture home becomes a sayso home (the devices of the domains sayso acts on, with their
states and attributes; to-do entities become lists), and the whole text turn runs
(`Assistant.run_text`: understanding, the action on SQLite, the reply). Each reply is checked
two ways: *in language* — Chinese replies hold Chinese characters (or no words at all: a
count), other languages' replies hold no English marker word ("the", "sorry", "turned"...:
sayso's actions speak English when no template of the language exists); and *as HA's test* —
equal to one of the responses the test expects (case and punctuation aside), which also needs
the action to find the state HA's test runner assumes, so it is the stricter, partly semantic
check.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import yaml

from sayso import languages
from sayso.config import Settings
from sayso.evaluation.metrics.slu import value_text

ENGLISH_MARKERS: Final = frozenset({
    "the", "is", "are", "sorry", "turned", "yes", "there", "set", "started", "left",
    "lights", "it", "and", "of",
})  # fmt: skip
"""Words a German, French or Spanish reply does not contain unless it fell back to English.
Not "was": it is German too ("Was kann ich für dich tun?")."""

_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def in_language(reply: str, language: str) -> bool:
    """The reply is written in `language` (see the module docstring for the test)."""
    base = languages.base(language)
    if not reply.strip():
        return True  # nothing said ("never mind"): no language to get wrong
    if base == "zh":
        # A count alone ("2", HA's own how-many answer) has no language to get wrong.
        return bool(_CJK.search(reply)) or not _WORDS.findall(reply)
    if base == "en":
        return bool(reply.strip())
    words = {w.casefold() for w in _WORDS.findall(reply)}
    return not words & ENGLISH_MARKERS  # no words at all ("1"): nothing to get wrong


def sayso_home(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The fixture as a sayso home file (see `sayso.actions.home`)."""
    from sayso.actions.home import DOMAINS
    from sayso.evaluation.data.ha_fixture import expand_name

    floors = {f.get("id"): expand_name(f["name"])[0] for f in fixture.get("floors") or []}
    areas = {a["id"]: a for a in fixture.get("areas") or [] if a.get("id") and a.get("name")}
    area_name = {key: expand_name(a["name"])[0] for key, a in areas.items()}
    devices: list[dict[str, Any]] = []
    lists: list[str] = []
    for e in fixture.get("entities") or []:
        entity_id, names = str(e.get("id", "")), expand_name(e.get("name", ""))
        domain = entity_id.partition(".")[0]
        if domain == "todo":
            lists.append(names[0])
        if domain not in DOMAINS or not re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", entity_id):
            continue
        same = [d for d in devices if d["entity_id"] == entity_id]
        if same:  # some fixtures list an entity twice, under two names: one device, both names
            same[0]["aliases"] += [n for n in names if n != same[0]["name"]]
            continue
        state = e.get("state", "off")
        devices.append({
            "entity_id": entity_id, "name": names[0], "aliases": list(names[1:]),
            "area": area_name.get(e.get("area")),
            "state": state.get("out", "off") if isinstance(state, dict) else state,
            "attributes": dict(e.get("attributes") or {}),
        })  # fmt: skip
    return {
        "language": fixture.get("language", "en"),
        "floors": list(dict.fromkeys(floors.values())),
        "areas": [
            {"name": name, "floor": floors.get(areas[key].get("floor"))}
            for name, key in {n: k for k, n in reversed(area_name.items())}.items()
        ],
        "devices": devices,
        "lists": list(dict.fromkeys(lists)),
    }


@dataclasses.dataclass(frozen=True)
class ReplyRow:
    """One sentence's reply and its two checks."""

    text: str
    reply: str
    expected: tuple[str, ...]
    in_language: bool
    as_ha: bool


def check_replies(
    items: Sequence[Mapping[str, Any]], settings: Settings, fixture: Path
) -> list[ReplyRow]:
    """Run each item's text as a turn on the fixture home; check its reply."""
    from sayso.app.assistant import Assistant

    language = settings.intents.language
    raw = yaml.safe_load(fixture.read_text(encoding="utf-8")) or {}
    with tempfile.TemporaryDirectory(prefix="sayso-replies-") as folder:
        home = Path(folder) / "home.yaml"
        home.write_text(yaml.safe_dump(sayso_home(raw), allow_unicode=True), encoding="utf-8")
        settings = dataclasses.replace(
            settings,
            data_dir=folder,
            home=dataclasses.replace(settings.home, home_file=str(home)),
            llm=dataclasses.replace(settings.llm, engine="none"),
        )
        assistant = Assistant(settings).load(speech=False, llm=False)
        try:
            return [_reply(assistant, item, language) for item in items]
        finally:
            assistant.close()


def _reply(assistant: Any, item: Mapping[str, Any], language: str) -> ReplyRow:
    result = asyncio.run(assistant.run_text(str(item["text"])))
    wanted = item.get("response") or ()
    expected = (wanted,) if isinstance(wanted, str) else tuple(str(w) for w in wanted)
    said = value_text(result.reply_text, language)
    return ReplyRow(
        text=str(item["text"]),
        reply=result.reply_text,
        expected=expected,
        in_language=in_language(result.reply_text, language),
        as_ha=any(said == value_text(e, language) for e in expected),
    )
