"""User intent files: loading, source tagging, and one-line ConfigErrors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sayso.config import IntentsConfig
from sayso.errors import ConfigError, NotLoaded
from sayso.understanding.base import IntentRecognizer
from sayso.understanding.hassil.recognizer import HassilRecognizer

from .understanding_home import HOME, PIZZA


def _load(path: Path) -> None:
    HassilRecognizer(IntentsConfig(custom=(str(path),))).load()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "custom.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("intents: [unclosed", "invalid YAML"),
        ("- just\n- a list\n", "not hassil format"),
        ("language: en\nintents: {}\n", "no intents"),
        ("intents:\n  Foo: {}\n", "needs a 'data' list"),
        ("intents:\n  Foo:\n    data:\n      - slots: {a: 1}\n", "without a 'sentences' list"),
        (
            "intents:\n  Foo:\n    data:\n      - sentences: ['order {drink}']\n",
            "unknown list {drink}",
        ),
        (
            "intents:\n  Foo:\n    data:\n      - sentences: ['order <drink>']\n",
            "unknown rule <drink>",
        ),
        ("intents:\n  Foo:\n    data:\n      - sentences: ['order (tea']\n", "invalid template"),
        ("language: de\nintents:\n  Foo:\n    data:\n      - sentences: ['tee']\n", "language"),
    ],
)
def test_bad_custom_file(tmp_path: Path, text: str, problem: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        _load(path)
    message = err.value.message
    assert str(path) in message and problem in message
    assert "\n" not in message


def test_missing_custom_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        _load(tmp_path / "nope.yaml")


def test_custom_file_may_use_home_and_ha_lists(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "intents:\n  Party:\n    data:\n"
        "      - sentences: ['party (in|at) [the] {area}', 'party to {color}']\n",
    )
    rec = HassilRecognizer(IntentsConfig(custom=(str(path),)))
    rec.load()
    rec.set_home(HOME)
    result = rec.recognize("party in the kitchen")
    assert result is not None
    assert (result.intent, result.slot_dict(), result.source) == (
        "Party",
        {"area": "Kitchen"},
        "custom",
    )


def test_custom_sentence_beats_builtin(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "intents:\n  MovieTime:\n    data:\n      - sentences: ['what time is it']\n"
    )
    rec = HassilRecognizer(IntentsConfig(custom=(str(path),)))
    rec.load()
    result = rec.recognize("what time is it")
    assert result is not None and result.intent == "MovieTime"


def test_protocol_and_explicit_load() -> None:
    rec = HassilRecognizer(IntentsConfig(custom=(str(PIZZA),)))
    assert isinstance(rec, IntentRecognizer)
    with pytest.raises(NotLoaded):
        rec.recognize("turn on the kitchen light")
