"""Balanced sampling from a grammar: every template and slot value, every sentence valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from sayso.adapt.asr.dataset import split_sentences, written
from sayso.adapt.asr.sentences import WILDCARD_FILLERS, BalancedSampler
from sayso.config import IntentsConfig
from sayso.errors import ConfigError
from sayso.understanding.hassil.recognizer import HassilRecognizer

PIZZA = Path(__file__).parents[3] / "examples/pizza/pizza.yaml"


def _pizza() -> HassilRecognizer:
    recognizer = HassilRecognizer(IntentsConfig(custom=(str(PIZZA),), builtin=False))
    recognizer.load()
    return recognizer


def test_samples_parse_and_cover_every_topping_and_template() -> None:
    recognizer = _pizza()
    grammar = recognizer.grammar()
    assert grammar is not None
    sentences = BalancedSampler(*grammar, seed=1).sample(150)
    assert len(sentences) == len(set(sentences)) == 150
    parsed = [recognizer.recognize(s) for s in sentences]
    assert all(p is not None for p in parsed)
    toppings = {s.value for p in parsed if p for s in p.slots if s.name.startswith("topping")}
    assert len(toppings) == 13  # every value of the topping list
    assert {p.intent for p in parsed if p} == {"OrderPizza", "PizzaOrderStatus"}
    assert any(s.startswith("where is my pizza") for s in sentences)


def test_same_seed_same_sentences() -> None:
    grammar = _pizza().grammar()
    assert grammar is not None
    assert BalancedSampler(*grammar, seed=3).sample(40) == BalancedSampler(*grammar, seed=3).sample(
        40
    )


def test_a_grammar_without_sentences_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("language: en\nintents: {}\n")
    recognizer = HassilRecognizer(IntentsConfig(custom=(str(empty),), builtin=False))
    with pytest.raises(ConfigError, match="no intents"):  # refused as it loads, in one line
        recognizer.load()


def test_held_out_sentences_never_train_and_text_is_written_like_whisper() -> None:
    sentences = [f"order {n} pizzas" for n in range(40)]
    train, held = split_sentences(sentences, {"order 3 pizzas"})
    assert "order 3 pizzas" in held and not set(train) & set(held)
    assert set(train) | set(held) == set(sentences) and 0 < len(held) < 20
    # A benchmark's spelling of the same spoken sentence is held out too.
    train, held = split_sentences(sentences, {"Order three pizzas.", "ORDER 12 PIZZAS!"})
    assert {"order 3 pizzas", "order 12 pizzas"} <= set(held)
    assert written("i'd like a pizza") == "I'd like a pizza."
    assert written("is it ready?") == "Is it ready?"
    assert written("can i get a small pizza") == "Can I get a small pizza?"
    assert written("where is my pizza") == "Where is my pizza?"


def test_a_live_list_gives_its_values_or_when_empty_any_words() -> None:
    from sayso.understanding.hassil.live import TIMER_NAME

    running: list[str] = []
    recognizer = HassilRecognizer(IntentsConfig())
    recognizer.load()
    recognizer.set_live_lists({TIMER_NAME: lambda: running})
    grammar = recognizer.grammar()
    assert grammar is not None
    pauses = [s for s in BalancedSampler(*grammar, seed=2).sample(3000) if s.startswith("pause")]
    # Nothing runs: the named forms are still said, with a filler name.
    assert any(
        f"pause the {f} timer" in s or f"pause {f} timer" in s or f"pause my {f} timer" in s
        for s in pauses
        for f in WILDCARD_FILLERS
    )
    running.append("pizza")
    recognizer.live_values()  # the recogniser reads its sources as it recognises
    grammar = recognizer.grammar()
    assert grammar is not None
    named = BalancedSampler(*grammar, seed=2).sample(3000)
    assert any("pizza timer" in s or "timer for pizza" in s for s in named)
