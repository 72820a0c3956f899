"""How the grammar writes its words: counted from the templates, used to score German sentences."""

from __future__ import annotations

from collections.abc import Sequence

from hassil import Intents

from sayso.events.speech import Hypothesis
from sayso.understanding.grammar.casing import CasingCounter, as_written, for_language
from sayso.understanding.grammar.graph import build_graph
from sayso.understanding.grammar.rescore import (
    CONTRADICTED_PER_TOKEN,
    comparable,
    contradicts,
    rescore,
)

from .test_rescore import CountingScorer

GERMAN = {
    "language": "de",
    "intents": {
        "HassTurnOn": {
            "data": [
                {"sentences": ["schalte [das] licht im {area} an", "Mach das Licht im {area} an"]},
                {"sentences": ["Auf {area} das Licht an"]},
            ]
        },
        "HassClimateSetTemperature": {
            "data": [{"sentences": ["Stelle die Temperatur auf {temperature} Grad"]}]
        },
    },
    "lists": {
        "area": {"values": ["Wohnzimmer", "Küche"]},
        "temperature": {"range": {"from": 10, "to": 30}},
    },
}


def test_the_graph_keeps_how_its_templates_and_names_write_each_word() -> None:
    graph = build_graph(Intents.from_dict(GERMAN), {})
    assert {"licht", "wohnzimmer", "auf"} <= graph.words  # the graph itself is lower case
    # Written capitalised inside a sentence once is enough ("licht" is also written lower)...
    assert graph.casing["licht"] == "Licht"
    assert graph.casing["wohnzimmer"] == "Wohnzimmer"  # a list value keeps its capital
    assert graph.casing["temperatur"] == "Temperatur"
    # ...but a capital that opens a sentence says nothing: "Auf"/"Mach"/"Stelle" stay lower.
    assert {"auf", "mach", "stelle", "schalte", "im"}.isdisjoint(graph.casing)


def test_a_counter_prefers_the_most_frequent_capitalised_form() -> None:
    counter = CasingCounter()
    for label in ["Living Room Lamp", "living room", "TV", "Tv", "TV", "schalte"]:
        counter.add(label)
    counter.add("Bei dem", opening=True)
    assert counter.casing() == {"living": "Living", "room": "Room", "lamp": "Lamp", "tv": "TV"}


def test_a_compared_sentence_is_written_as_the_grammar_writes_it() -> None:
    casing = {"licht": "Licht", "wohnzimmer": "Wohnzimmer", "tv": "TV"}
    compared = comparable("mach das licht im wohnzimmer an", "de")
    assert as_written(compared, casing) == "Mach das Licht im Wohnzimmer an."
    assert as_written("Tv an.", casing) == "TV an."  # the first word keeps the grammar's form
    assert as_written("Gute nacht.", casing) == "Gute nacht."
    assert as_written("", casing) == ""


def test_only_a_language_that_capitalises_its_nouns_scores_the_written_form() -> None:
    casing = {"kitchen": "Kitchen"}
    assert for_language(casing, "de-DE") is casing
    assert for_language(casing, "en") == {}
    assert for_language(casing, "fr") == {}


class Cased:
    """A recogniser's scores that charge 3 nats per noun written in lower case."""

    NOUNS = ("Licht", "Wohnzimmer")

    def __init__(self, base: float) -> None:
        self.base = base
        self.seen: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[float]:
        self.seen += texts
        return [self._score(t) for t in texts]

    def _score(self, text: str) -> float:
        if text.lower().startswith("mach das licht"):
            return self.base - sum(3.0 for n in self.NOUNS if n not in text)
        return -10.0  # what was heard


def test_a_german_proposal_is_scored_as_the_grammar_writes_it() -> None:
    casing = {"licht": "Licht", "wohnzimmer": "Wohnzimmer"}
    hypotheses = (Hypothesis("Mach das Lied im Wohnsimmer an.", -10.0, -0.5),)
    proposal = ["mach das licht im wohnzimmer an"]
    scorer = Cased(base=-11.0)  # lower-cased -17: 7 nats below what was heard
    lower = rescore(scorer, hypotheses, proposal, 2.0)
    assert lower is not None and not lower.accepted
    cased = rescore(scorer, hypotheses, proposal, 2.0, language="de", casing=casing)
    assert cased is not None and cased.accepted and cased.score == -11.0
    assert cased.proposal == "Mach das licht im wohnzimmer an."  # still read as compared
    assert "Mach das Licht im Wohnzimmer an." in scorer.seen


def test_a_german_correction_the_written_form_supports_is_not_contradicted() -> None:
    # "Wie kalt ist das eingang." is 20 letter tokens, each allowed the German threshold.
    # Lower-cased it trails what was heard by 1 nat more; as the grammar writes it, 1 nat less.
    allowed = 20 * CONTRADICTED_PER_TOKEN["de"]
    heard_text = "Wie alt ist das Uni mehr vom?"
    said = {heard_text: -5.0, "Wie alt ist das uni mehr vom.": -9.0}
    scorer = CountingScorer(
        {
            **said,
            "Wie kalt ist das eingang.": -5.0 - allowed - 1.0,
            "Wie kalt ist das Eingang.": -5.0 - allowed + 1.0,
        }
    )
    hypotheses = (Hypothesis(heard_text, -5.0, -0.5),)
    text = "wie kalt ist das eingang"
    assert contradicts(scorer, hypotheses, text, "de")
    assert not contradicts(scorer, hypotheses, text, "de", {"eingang": "Eingang"})
