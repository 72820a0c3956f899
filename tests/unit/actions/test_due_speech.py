"""What a due timer or alarm says, per language (sayso's own sentences; HA has none)."""

from __future__ import annotations

import datetime as dt

import pytest

from sayso.actions.due_speech import SENTENCES, due_sentence
from sayso.actions.timers import DueItem

AT = dt.datetime(2026, 12, 5, 7, 5, tzinfo=dt.UTC)


def test_every_language_says_every_kind_with_the_same_fields() -> None:
    keys = set(SENTENCES["en"])
    for language, table in SENTENCES.items():
        assert set(table) == keys, language
        for key, text in table.items():
            fields = {f for f in ("name", "clock", "label", "command") if "{" + f + "}" in text}
            english = {f for f in fields if "{" + f + "}" in SENTENCES["en"][key]}
            assert fields == english, (language, key)


@pytest.mark.parametrize(
    ("item", "language", "said"),
    [
        (DueItem("timer", 1, "pizza", AT), "en", "Your pizza timer is done."),
        (DueItem("timer", 1, None, AT), "de", "Dein Timer ist abgelaufen."),
        (DueItem("alarm", 2, None, AT), "fr", "Il est 7:05. Votre alarme sonne."),
        (DueItem("alarm", 2, None, AT, missed=True), "es", "Te perdiste la alarma de las 7:05."),
        (DueItem("timer", 3, None, AT), "zh-cn", "计时器时间到了。"),
        (DueItem("timer", 4, None, AT), "nl", "Your timer is done."),  # no sentences: English
        (
            DueItem("timer", 5, None, AT, command="licht aus"),
            "de",
            "„licht aus“ war um 7:05 Uhr fällig und wurde nicht ausgeführt.",
        ),
    ],
)
def test_the_sentence_of_each_item(item: DueItem, language: str, said: str) -> None:
    assert item.speech(dt.UTC, language) == said


def test_a_language_without_sentences_gets_english() -> None:
    assert due_sentence("timer", "") == due_sentence("timer", "en") == "Your timer is done."
