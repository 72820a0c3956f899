"""Exact parses through a wildcard, and older paths' commands, against the constrained sentence.

A misheard grammar word ("and" for "in") lets a wildcard swallow the rest of the command: "play
the office on the living room tv and the kitchen" parses as a search for all ten words. The
constrained search's sentence is taken when the way out accepts it and it leaves fewer words to
wildcards. And when the way out narrowly refused the constrained sentence and an older path
then hears a command, the sentence says which command it is ("seconded"). The reader here is
scripted (what the decoder found, what the way out decided); the
recogniser is the real one, so the parses and the free-word counts are hassil's.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from sayso.events import IntentRecognized, Transcript
from sayso.events.speech import ConstrainedText, Hypothesis
from sayso.understanding import understand
from sayso.understanding.grammar.wayout import ConstrainedReading
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Understander

HEARD = "play the office on the living room tv and the kitchen"
SAID = "Play the office on the living room TV in the kitchen."


class ScriptedReader:
    """Stands for `ConstrainedReader`: one decoded sentence and the way out's verdict."""

    sole = False

    def __init__(self, sentence: str, accepted: bool) -> None:
        self.sentence, self.accepted, self.calls = sentence, accepted, 0
        self.score = 1.5 if accepted else -1.5

    def read(
        self,
        transcript: Transcript,
        expected: Sequence[str] = (),
        *,
        sole: bool = False,
        free_parses: bool = False,
    ) -> ConstrainedReading:
        self.calls += 1
        best = ConstrainedText(self.sentence, -4.0, 14)
        return ConstrainedReading(best, (best,), self.score, self.accepted, 1.0)


def _understand(recognizer: HassilRecognizer, reader: ScriptedReader, heard: str) -> object:
    understander = Understander(recognizer, constrained=reader)  # type: ignore[arg-type]
    return understander.understand(Transcript(turn_id="t", text=heard))


def test_a_wildcard_that_swallowed_the_command_is_read_as_the_grammar_sentence(
    recognizer: HassilRecognizer,
) -> None:
    found = _understand(recognizer, ScriptedReader(SAID, accepted=True), HEARD)
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert found.reading.path == "narrowed"
    assert found.slot_dict() == {
        "search_query": "the office",
        "name": "media_player.living_room_tv",
        "area": "Kitchen",
    }


def test_the_way_out_still_decides(recognizer: HassilRecognizer) -> None:
    found = _understand(recognizer, ScriptedReader(SAID, accepted=False), HEARD)
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert found.reading.path == "exact"
    assert found.slot_dict() == {"search_query": "the office on the living room tv and the kitchen"}


@pytest.mark.parametrize(
    "sentence",
    [
        "play the office in the kitchen",  # as many free words as heard: the search query stays
        "play the office on the living room tv and the kitchen",  # the wildcard copied it
    ],
)
def test_a_query_said_as_heard_stays_the_exact_parse(
    recognizer: HassilRecognizer, sentence: str
) -> None:
    heard = "play the office in the kitchen" if "tv" not in sentence else HEARD
    found = _understand(recognizer, ScriptedReader(sentence, accepted=True), heard)
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert found.reading.path == "exact"


def test_a_parse_without_wildcards_pays_no_search(recognizer: HassilRecognizer) -> None:
    reader = ScriptedReader(SAID, accepted=True)
    found = _understand(recognizer, reader, "turn off the kitchen light")
    assert isinstance(found, IntentRecognized) and found.free_words == 0
    assert reader.calls == 0


def test_off_reads_the_exact_parse(
    recognizer: HassilRecognizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(understand, "NARROW_WILDCARDS", False)
    found = _understand(recognizer, ScriptedReader(SAID, accepted=True), HEARD)
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert found.reading.path == "exact"


def _refused(score: float) -> ScriptedReader:
    reader = ScriptedReader("Turn off the living room TV.", accepted=False)
    reader.score = score
    return reader


@pytest.mark.parametrize(("score", "path"), [(-2.0, "seconded"), (-8.0, "nbest")])
def test_a_narrowly_refused_sentence_says_which_command_an_older_path_heard(
    recognizer: HassilRecognizer, score: float, path: str
) -> None:
    """The way out refused the sentence; a lower N-best entry then parsed as a command."""
    heard = Transcript(
        turn_id="t",
        text="turn off the living room teeth",
        hypotheses=(
            Hypothesis("turn off the living room teeth", -3.0),
            Hypothesis("turn off the living room light", -3.2),
        ),
    )
    reader = _refused(score)
    found = Understander(recognizer, constrained=reader).understand(heard)  # type: ignore[arg-type]
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert found.reading.path == path
    if path == "seconded":
        assert found.slot("name") == "media_player.living_room_tv", found.slots
    else:
        assert found.slot_dict() == {"area": "Living Room", "domain": "light"}


def test_a_sentence_that_gives_a_wildcard_more_words_seconds_nothing(
    recognizer: HassilRecognizer,
) -> None:
    """ "Cancel all timer." is a timer named "all": no better than the older path's reading."""
    heard = Transcript(
        turn_id="t",
        text="cancel all time",
        hypotheses=(Hypothesis("cancel all time", -3.0), Hypothesis("cancel all timers", -3.2)),
    )
    reader = ScriptedReader("Cancel all timer.", accepted=False)
    reader.score = -0.3
    found = Understander(recognizer, constrained=reader).understand(heard)  # type: ignore[arg-type]
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert (found.intent, found.reading.path) == ("HassCancelAllTimers", "nbest")
