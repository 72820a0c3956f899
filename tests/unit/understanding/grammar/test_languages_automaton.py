"""Constrained decoding per language: number words, marks, and Chinese walked over bytes."""

from __future__ import annotations

import importlib.util

import pytest
from hassil import Intents

from sayso.understanding.grammar.automaton import TokenAutomaton, compile_automaton
from sayso.understanding.grammar.automaton_bytes import ByteAutomaton
from sayso.understanding.grammar.graph import Arc, WordGraph, build_graph, range_label
from sayso.understanding.grammar.spelling import (
    label_texts,
    number_words,
    spellings,
    words_value,
)

from .fake_tokens import FakeTokenizer


@pytest.mark.parametrize(
    ("value", "language", "words"),
    [
        (50, "de", "fünfzig"),
        (21, "de", "einundzwanzig"),
        (71, "fr", "soixante et onze"),
        (99, "fr", "quatre vingt dix neuf"),
        (21, "es", "veintiuno"),
        (100, "es", "cien"),
        (25, "en", "twenty five"),
        (0, "zh-CN", "零"),
        (10, "zh-CN", "十"),
        (21, "zh-CN", "二十一"),
        (105, "zh-CN", "一百零五"),
    ],
)
def test_number_words_per_language(value: int, language: str, words: str) -> None:
    assert number_words(value, language) == words


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [("fünfzig", "de", 50), ("soixante et onze", "fr", 71), ("veintiuno", "es", 21),
     ("二十一", "zh-CN", 21), ("twenty one", "en", 21)],
)  # fmt: skip
def test_number_words_read_back_per_language(text: str, language: str, value: int) -> None:
    assert words_value(text, language) == value


def test_articles_and_verb_particles_are_not_numbers() -> None:
    # "schalte das Licht ein": "ein" must not also be spelt "1"
    for word, language in (("ein", "de"), ("une", "fr"), ("una", "es"), ("a", "en")):
        assert words_value(word, language) is None
    assert "1" not in spellings("ein", "de")
    assert "20" in spellings("zwanzig", "de")


def test_a_range_is_spelt_in_digits_and_in_the_language() -> None:
    german = label_texts(range_label(0, 100), "de")
    assert {"50", "fünfzig", "100"} <= set(german)
    assert "fifty" not in german
    assert {"50", "五十"} <= set(label_texts(range_label(0, 100), "zh-CN"))
    assert label_texts("prozent", "de") == ("prozent", "%")


def _graph(*paths: tuple[str, ...]) -> WordGraph:
    arcs: dict[int, list[Arc]] = {0: []}
    finals = set()
    for path in paths:
        state = 0
        for label in path:
            arcs[len(arcs)] = []
            arcs[state].append(Arc(len(arcs) - 1, label))
            state = len(arcs) - 1
        finals.add(state)
    return WordGraph(arcs, 0, frozenset(finals), frozenset())


def _accepts(automaton: object, tokens: list[int]) -> bool:
    state = automaton.initial()  # type: ignore[attr-defined]
    for token in tokens:
        state = automaton.allowed(state).get(token)  # type: ignore[attr-defined]
        if state is None:
            return False
    return bool(automaton.accepts(state))  # type: ignore[attr-defined]


def test_spanish_opening_french_spaced_and_joining_marks_but_not_in_english() -> None:
    tok = FakeTokenizer()
    spanish = TokenAutomaton(_graph(("qué", "hora", "es")), tok, "es")
    assert _accepts(spanish, tok.encode(" ¿Qué hora es?"))
    french = TokenAutomaton(_graph(("quelle", "heure", "est", "il")), tok, "fr")
    assert _accepts(french, tok.encode(" Quelle heure est-il ?"))
    english = TokenAutomaton(_graph(("what", "time", "is", "it")), tok, "en")
    assert _accepts(english, tok.encode(" What time is it?"))
    assert not _accepts(english, tok.encode(" ¿What time is it?"))
    assert not _accepts(english, tok.encode(" What time is-it?"))


class ByteTokenizer:
    """Byte-level BPE in miniature: every byte is a token, plus a few merged pieces.

    Whisper's own vocabulary has whole characters, pieces of one ("厅" is two tokens) and runs of
    several; `encode` takes the longest piece first, as a merge table would.
    """

    eot = 1000
    MERGED = ("打开", "的", "灯", "客", "厅".encode()[:2], "。")

    def __init__(self) -> None:
        self.pieces: list[bytes] = [bytes([b]) for b in range(256)]
        for piece in self.MERGED:
            self.pieces.append(piece if isinstance(piece, bytes) else piece.encode())

    def token_bytes(self) -> list[bytes]:
        return list(self.pieces)

    def encode(self, text: str) -> list[int]:
        data, out = text.encode(), []
        while data:
            best = max((i for i, p in enumerate(self.pieces) if data.startswith(p)),
                       key=lambda i: len(self.pieces[i]))  # fmt: skip
            out.append(best)
            data = data[len(self.pieces[best]) :]
        return out

    def single_bytes(self, text: str) -> list[int]:
        return list(text.encode())


CHINESE = {
    "language": "zh-cn",
    "intents": {
        "HassTurnOn": {"data": [{"sentences": ["打开{area}的灯", "把{area}的灯调到{brightness}"]}]}
    },
    "lists": {
        "area": {"values": ["客厅", "卧室"]},
        "brightness": {"range": {"from": 0, "to": 100}},
    },
}


@pytest.fixture(scope="module")
def chinese() -> tuple[ByteAutomaton, ByteTokenizer]:
    graph = build_graph(Intents.from_dict(CHINESE), {}, spaceless=True)
    assert {"打", "开", "客", "厅", "的", "灯"} <= graph.words  # one character, one word
    tok = ByteTokenizer()
    automaton = compile_automaton(graph, tok, "zh-CN")
    assert isinstance(automaton, ByteAutomaton)
    return automaton, tok


def test_chinese_is_walked_over_bytes_whatever_the_tokens_cut(
    chinese: tuple[ByteAutomaton, ByteTokenizer],
) -> None:
    automaton, tok = chinese
    merged = tok.encode("打开客厅的灯")
    assert len(merged) < len(tok.single_bytes("打开客厅的灯"))  # "厅" is cut in two tokens
    assert _accepts(automaton, merged)
    assert _accepts(automaton, tok.single_bytes("打开客厅的灯"))
    assert not _accepts(automaton, tok.encode("打开厨房的灯"))  # not a room of the home
    assert not _accepts(automaton, tok.encode("打开客厅"))  # not a whole sentence


def test_chinese_marks_only_end_a_sentence_and_numbers_are_digits_or_numerals(
    chinese: tuple[ByteAutomaton, ByteTokenizer],
) -> None:
    automaton, tok = chinese
    assert _accepts(automaton, tok.encode("打开卧室的灯。"))
    assert not _accepts(automaton, tok.encode("打开，卧室的灯"))
    for text in ("把客厅的灯调到50", "把客厅的灯调到五十", "把客厅的灯调到 50"):
        assert _accepts(automaton, tok.encode(text)), text


@pytest.mark.skipif(importlib.util.find_spec("opencc_purepy") is None, reason="zh extra")
def test_chinese_in_traditional_characters_is_allowed(
    chinese: tuple[ByteAutomaton, ByteTokenizer],
) -> None:
    automaton, tok = chinese
    assert _accepts(automaton, tok.encode("打開客廳的燈"))
