"""`eval text`: understanding on text alone, scored strictly and the way HA's test runner does."""

from __future__ import annotations

from pathlib import Path

from sayso.config import IntentsConfig, Settings
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.text_eval import score_texts

FIXTURE = """
language: de
areas:
  - {name: Küche, id: kitchen}
entities:
  - {name: Deckenlicht, id: light.ceiling, area: kitchen}
"""


def test_german_sentences_on_a_fixture_home(tmp_path: Path) -> None:
    home = tmp_path / "fixture.yaml"
    home.write_text(FIXTURE, encoding="utf-8")
    utterances = [
        Utterance("0", Path(), "schalte das Deckenlicht ein", "HassTurnOn",
                  {"name": "Deckenlicht"}),
        Utterance("1", Path(), "schalte das Licht in der Küche aus", "HassTurnOff",
                  {"area": "Küche", "domain": "light"}),
        # Listed slots only: a test that leaves out `domain` is still right by HA's rule.
        Utterance("2", Path(), "schalte das Licht in der Küche ein", "HassTurnOn",
                  {"area": "Küche"}),
        Utterance("3", Path(), "wie wird das Wetter", "HassTurnOn", {}),
    ]  # fmt: skip
    settings = Settings(intents=IntentsConfig(language="de"))
    score = score_texts(utterances, settings, home, {})
    assert (score.n, score.intent_right, score.accepted, score.ha_accepted) == (4, 3, 2, 3)
    assert [m["text"] for m in score.misses] == [utterances[2].text, utterances[3].text]
    assert "Language de: 4 sentences" in score.markdown("de")
