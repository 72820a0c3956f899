"""Typed text is read as written; spoken text as possibly misheard (`Transcript.typed`).

"are all lights in the kitchen on?" has no template; the grammar sentence nearest to it is
"are all lights on the bedroom" (another room). Heard, that may be what was said; typed, it is
not, and answering it answers another question (or, for a command, runs another command).
"""

from __future__ import annotations

from sayso.events import IntentRecognized, NoIntent, Transcript
from sayso.events.speech import Hypothesis
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Understander

UNTEMPLATED = "are all lights in the kitchen on?"


def spoken(text: str) -> Transcript:
    return Transcript(turn_id="t", text=text, hypotheses=(Hypothesis(text, -2.0, -0.3),))


def typed(text: str) -> Transcript:
    return Transcript(turn_id="t", text=text, typed=True)


def test_typed_text_is_never_corrected(recognizer: HassilRecognizer) -> None:
    understander = Understander(recognizer)
    for text in (UNTEMPLATED, "and Lock the front door.", "Order a large pizza with mush rooms."):
        found = understander.understand(typed(text))
        assert isinstance(found, NoIntent), (text, found)
        assert found.reading is not None and found.reading.path == "none"


def test_the_same_words_spoken_are_still_corrected(recognizer: HassilRecognizer) -> None:
    understander = Understander(recognizer)
    unlock = understander.understand(spoken("and Lock the front door."))
    assert isinstance(unlock, IntentRecognized) and unlock.intent == "HassTurnOff"
    assert unlock.reading is not None and unlock.reading.path == "corrected"
    pizza = understander.understand(spoken("Order a large pizza with mush rooms."))
    assert isinstance(pizza, IntentRecognized) and pizza.slot_dict()["topping"] == "mushroom"


def test_a_typed_command_the_grammar_says_is_read_exactly(recognizer: HassilRecognizer) -> None:
    found = Understander(recognizer).understand(typed("Turn on the kitchen light."))
    assert isinstance(found, IntentRecognized) and found.intent == "HassTurnOn"
    assert found.confidence == 1.0
    assert found.reading is not None and found.reading.path == "exact"
