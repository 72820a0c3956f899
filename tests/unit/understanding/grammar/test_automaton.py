"""The token automaton: spellings, punctuation, numbers, wildcards, big and empty grammars."""

from __future__ import annotations

import random

from hassil import Intents

from sayso.understanding.grammar.automaton import MAX_WILDCARD_TOKENS, TokenAutomaton
from sayso.understanding.grammar.graph import (
    WILDCARD,
    Arc,
    WordGraph,
    build_graph,
    iter_sentences,
    range_label,
)
from sayso.understanding.hassil.recognizer import HassilRecognizer

from .fake_tokens import FakeTokenizer
from .fake_tokens import accepts as _accepts


def _graph(*paths: tuple[str, ...]) -> WordGraph:
    """A graph of word paths sharing only the start state (tests spell out small grammars)."""
    arcs: dict[int, list[Arc]] = {0: []}
    finals = set()
    for path in paths:
        state = 0
        for label in path:
            new = len(arcs)
            arcs[new] = []
            arcs[state].append(Arc(new, label))
            state = new
        finals.add(state)
    return WordGraph(arcs, 0, frozenset(finals), frozenset())


def _automaton(graph: WordGraph) -> tuple[TokenAutomaton, FakeTokenizer]:
    tokenizer = FakeTokenizer()
    return TokenAutomaton(graph, tokenizer), tokenizer


def test_casing_leading_space_and_punctuation_variants_are_accepted() -> None:
    automaton, tok = _automaton(_graph(("turn", "on", "the", "living room"), ("turn", "on", "tv")))
    for text in (
        " Turn on the living room.",
        "turn on the Living Room",
        " turn on TV?",
        " Turn, on the living room.",
    ):
        assert _accepts(automaton, tok, text), text
    for text in (" Turn on the", " Turn on the TV", " turn on tv tv", " Turn on.. tv", "turnon tv"):
        assert not _accepts(automaton, tok, text), text


def test_number_ranges_take_digits_and_words_within_bounds_only() -> None:
    automaton, tok = _automaton(_graph(("set", "a", "timer", "for", range_label(1, 30), "minutes")))
    assert _accepts(automaton, tok, " Set a timer for 12 minutes.")
    assert _accepts(automaton, tok, " set a timer for twenty five minutes")
    assert _accepts(automaton, tok, " set a timer for Twelve minutes")
    assert not _accepts(automaton, tok, " set a timer for 31 minutes")
    assert not _accepts(automaton, tok, " set a timer for 0 minutes")


def test_number_words_in_the_grammar_may_be_written_as_digits() -> None:
    automaton, tok = _automaton(_graph(("seven",), ("nine",)))
    assert _accepts(automaton, tok, " 7.")
    assert _accepts(automaton, tok, " Nine")
    assert not _accepts(automaton, tok, " 8")


def test_a_wildcard_takes_free_words_up_to_a_bound_and_hands_over_to_the_next_word() -> None:
    automaton, tok = _automaton(_graph(("send", WILDCARD, "to", "alice")))
    assert _accepts(automaton, tok, " Send I'm running late, sorry to Alice.")
    assert _accepts(automaton, tok, " send the tomatoes to the garden to alice")  # "to" in the body
    assert not _accepts(automaton, tok, " send to alice")  # a wildcard takes at least one token
    body = " word" * (MAX_WILDCARD_TOKENS + 1)
    assert not _accepts(automaton, tok, f" send{body} to alice")
    assert automaton.free(automaton.initial()) is None  # free tokens only inside the slot


def _free_tokens(automaton: TokenAutomaton, tok: FakeTokenizer, text: str) -> int:
    """Free tokens the cheapest reading of `text` takes (wildcard tokens, spelt or not)."""
    state, taken = automaton.initial(), 0
    for token in tok.encode(text):
        nxt = automaton.allowed(state).get(token)
        if nxt is None:
            taken += automaton.free_cost(state)
            nxt = automaton.free(state)
        else:
            taken += automaton.absorbed(state).get(token, 0)
        state = nxt
        assert state is not None, text
    return taken + automaton.absorbed(state).get(tok.eot, 0)


def test_grammar_words_a_wildcard_swallows_after_all_are_free_tokens() -> None:
    # Round 40: "Set first, for 10, after 50, for 10, …" walked grammar words only (each starts
    # the word after "set {name}"), paid nothing, never ended, and crowded "set first floor temp
    # to 50 degrees" out of the beam.
    automaton, tok = _automaton(_graph(("set", WILDCARD, "for", "10"), ("set", "top", "fan")))
    assert _free_tokens(automaton, tok, " Set top fan.") == 0
    assert _free_tokens(automaton, tok, " set cat for 10") == 1
    assert _free_tokens(automaton, tok, " set top for 10") == 1  # "top" as the name
    assert _free_tokens(automaton, tok, " set top, for 10.") == 1
    # The second "for" is the grammar's only if the wildcard took " for 10," as well.
    assert _free_tokens(automaton, tok, " set top, for 10, for 10") == 1 + 3
    # A word no reading but the wildcard's takes charges what that reading took before it:
    # the name is then "top xyz", and "top, for 10, xyz" (6 tokens).
    assert _free_tokens(automaton, tok, " set top xyz for 10") == 2
    assert _free_tokens(automaton, tok, " set top, for 10, xyz for 10") == 6
    assert _accepts(automaton, tok, " set top, for 10, for 10")


def test_an_empty_grammar_accepts_nothing() -> None:
    automaton, tok = _automaton(WordGraph({0: []}, 0, frozenset(), frozenset()))
    state = automaton.initial()
    assert not automaton.allowed(state)
    assert automaton.free(state) is None
    assert not automaton.accepts(state)
    assert not _accepts(automaton, tok, "")


def test_every_sentence_of_the_home_grammar_is_accepted_as_whisper_writes_it(
    recognizer: HassilRecognizer,
) -> None:
    grammar = recognizer.grammar()
    assert grammar is not None
    graph = build_graph(*grammar)
    automaton, tok = _automaton(graph)
    sentences = [" ".join(words) for words in iter_sentences(graph, 400)]
    checked = 0
    for words in sentences:
        if "__" in words:
            continue  # a range or wildcard label, covered above
        assert _accepts(automaton, tok, f" {words[:1].upper()}{words[1:]}."), words
        checked += 1
    assert checked > 100
    assert not _accepts(automaton, tok, " Tell me a story about dragons.")


def test_a_grammar_of_ten_thousand_sentences_builds_and_accepts_its_sentences() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{n}x" for n in range(400)]
    sentences = sorted(
        {" ".join(rng.choices(vocabulary, k=rng.randint(3, 7))) for _ in range(10_200)}
    )
    intents = Intents.from_dict(
        {"language": "en", "intents": {"Big": {"data": [{"sentences": sentences}]}}}
    )
    graph = build_graph(intents, {})
    automaton, tok = _automaton(graph)
    assert len(sentences) >= 10_000
    for text in sentences[::500]:
        assert _accepts(automaton, tok, f" {text}.")
    assert not _accepts(automaton, tok, " w1x w2x w3x w4x w5x w6x w7x w8x")
