"""`sayso eval text --replies` end to end: German test sentences read by HA's rule, then run as
whole turns on the fixture home, answered in German from the German templates."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import sayso

FIXTURE = """
language: de
areas:
  - {name: Küche, id: kitchen}
entities:
  - {name: Deckenlicht, id: light.ceiling, area: kitchen, state: "off"}
  - {name: Handy, id: binary_sensor.phone_battery, state: {in: normal, out: "off"},
     attributes: {device_class: battery}}
"""

SENTENCES = [
    {"text": "schalte das Deckenlicht ein", "intent": "HassTurnOn",
     "slots": {"name": "Deckenlicht"}, "response": "Licht eingeschaltet"},
    {"text": "ist der Akku vom Handy schwach", "intent": "HassGetState",
     "slots": {"name": "Handy", "domain": "binary_sensor", "device_class": "battery",
               "state": "on"}},
    {"text": "lösche alle Timer", "intent": "HassCancelAllTimers", "slots": {},
     "response": "Keine Timer gestoppt."},
]  # fmt: skip


def test_german_sentences_are_read_and_answered_in_german(tmp_path: Path) -> None:
    home, texts, out = tmp_path / "fixture.yaml", tmp_path / "tests.jsonl", tmp_path / "out"
    home.write_text(FIXTURE, encoding="utf-8")
    texts.write_text("".join(json.dumps(s) + "\n" for s in SENTENCES), encoding="utf-8")
    done = sayso("eval", "text", "--texts", texts, "--home", home, "--language", "de",
                 "--replies", "3", "--out", out)  # fmt: skip
    assert "in the language 100.0%" in done.stdout
    rows = [json.loads(line) for line in (out / "text_rows.jsonl").read_text().splitlines()]
    assert [r["ok"] for r in rows] == [True, False, True]  # no German template asks "ist … schwach"
    replies = {
        r["text"]: r for r in map(json.loads, (out / "text_replies.jsonl").read_text().splitlines())
    }
    assert replies["lösche alle Timer"]["reply"] == "Keine Timer gestoppt."
    assert replies["schalte das Deckenlicht ein"]["as_ha"]
