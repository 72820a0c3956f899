"""The word graph of the loaded grammar and the closest-sentence search over it."""

from __future__ import annotations

import pytest

from sayso.config import IntentsConfig
from sayso.events import Transcript
from sayso.events.speech import Hypothesis
from sayso.understanding.base import EntityName, HomeVocabulary
from sayso.understanding.grammar.correct import ACCEPT_COST_PER_WORD, MIN_ANCHORS, corrector_for
from sayso.understanding.grammar.graph import iter_sentences, parse_range, range_label
from sayso.understanding.grammar.match import match_grammar, tokenize
from sayso.understanding.hassil.recognizer import HassilRecognizer


def test_tokenize_spells_out_symbols() -> None:
    assert tokenize("Set it to 50%.") == ("set", "it", "to", "50", "percent")
    assert tokenize("Twenty-one°") == ("twenty", "one", "degrees")


def test_range_labels_round_trip() -> None:
    assert parse_range(range_label(1, 20)) == (1, 20)
    assert parse_range("pizza") is None


def test_graph_holds_list_values_and_merged_partial_words(recognizer: HassilRecognizer) -> None:
    graph = corrector_for(recognizer).graph()
    assert graph is not None
    assert {"mushrooms", "mushroom", "pineapple", "bedroom", "unlock"} <= graph.words
    assert next(iter_sentences(graph, 1))  # some sentence
    exact = match_grammar(graph, ("where", "is", "my", "pizza"), budget=0.5)
    assert exact is not None and exact.cost == 0.0
    assert all(arc.label != "<eps>" for arcs in graph.arcs.values() for arc in arcs)


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("and Lock the front door.", "unlock the front door"),
        ("and milk to my shopping list.", "add milk to my shopping list"),
        ("Turn on the Mad Room light", "turn on the bedroom light"),
        ("order to large pizzas with mushrooms", "order two large pizzas with mushrooms"),
    ],
)
def test_misheard_commands_read_as_grammar_sentences(
    recognizer: HassilRecognizer, heard: str, meant: str
) -> None:
    graph = corrector_for(recognizer).graph()
    assert graph is not None
    words = tokenize(heard)
    found = match_grammar(graph, words, budget=ACCEPT_COST_PER_WORD * (len(words) + 2))
    assert found is not None and found.text == meant
    assert 0 < found.cost_per_word <= ACCEPT_COST_PER_WORD


def test_exact_sentence_costs_nothing(recognizer: HassilRecognizer) -> None:
    graph = corrector_for(recognizer).graph()
    assert graph is not None
    found = match_grammar(graph, tokenize("set the bedroom light to 50%"), budget=1.0)
    assert found is not None and found.cost == 0.0 and found.edits == 0


@pytest.mark.parametrize(
    "heard",
    [
        "What is the meaning of life?",
        "Tell me a story.",
        "What's the weather like in Paris tomorrow?",
        "Author of the danger trail, Philip Steels, etc.",
    ],
)
def test_open_speech_finds_no_grammar_sentence(recognizer: HassilRecognizer, heard: str) -> None:
    corrector = corrector_for(recognizer)
    assert corrector.correct(Transcript(turn_id="t", text=heard)) is None
    for score, _index, match in corrector.candidates(Transcript(turn_id="t", text=heard)):
        assert score > ACCEPT_COST_PER_WORD or match.anchors < MIN_ANCHORS, match


@pytest.fixture(scope="module")
def german() -> HassilRecognizer:
    recognizer = HassilRecognizer(IntentsConfig(language="de"))
    recognizer.load()
    recognizer.set_home(HomeVocabulary(entities=(EntityName("light.k", "Lampe", "Küche"),)))
    return recognizer


@pytest.mark.parametrize(
    ("heard", "meant", "slots"),
    [
        # "ein" sounded like English "one", which went into the sentence and parsed as a name.
        ("Netzer timer für ein Stunde fort.", "setze timer für 1 stunde fort", {"start_hours": 1}),
        # "fünf" was no number at all: the nearest sentence was "fünfeinhalb" (330 s).
        ("Stelle einen Timer für fünf Minuten", "stelle einen timer für 5 minuten", {"minutes": 5}),
    ],
)
def test_a_german_correction_reads_german_numbers(
    german: HassilRecognizer, heard: str, meant: str, slots: dict[str, int]
) -> None:
    transcript = Transcript(
        turn_id=1, t_created=0.0, text=heard, language="de", hypotheses=(Hypothesis(heard, -1.0),)
    )
    found = corrector_for(german).correct(transcript)
    assert found is not None and found.match.text == meant
    assert {slot.name: slot.value for slot in found.intent.slots} == slots
