"""The intent stage with grammar-aware recognition, on fixed N-best lists."""

from __future__ import annotations

from sayso.events import IntentRecognized, NoIntent, Transcript
from sayso.events.speech import Hypothesis
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.stage import IntentStage


def transcript(*texts: str) -> Transcript:
    hyps = tuple(Hypothesis(t, -2.0 - i, -0.3) for i, t in enumerate(texts))
    return Transcript(turn_id="t", text=texts[0], hypotheses=hyps)


def test_misheard_command_is_understood(recognizer: HassilRecognizer) -> None:
    found = IntentStage(recognizer).understand(
        transcript("and Lock the front door.", "And lock the front door.")
    )
    assert isinstance(found, IntentRecognized)
    assert found.intent == "HassTurnOff"
    assert found.slot_dict()["name"] == "lock.front_door"
    assert 0.0 < found.confidence < 1.0  # a corrected reading is less sure than an exact one


def test_exact_command_keeps_full_confidence(recognizer: HassilRecognizer) -> None:
    found = IntentStage(recognizer).understand(transcript("Turn on the kitchen light."))
    assert isinstance(found, IntentRecognized) and found.confidence == 1.0


def test_out_of_grammar_speech_is_not_forced_into_an_intent(
    recognizer: HassilRecognizer,
) -> None:
    for text in ("What is the meaning of life?", "Tell me a joke.", "I love you."):
        found = IntentStage(recognizer).understand(transcript(text))
        assert isinstance(found, NoIntent), (text, found)


def test_grammar_awareness_can_be_turned_off(recognizer: HassilRecognizer) -> None:
    stage = IntentStage(recognizer, grammar_aware=False)
    assert isinstance(stage.understand(transcript("and Lock the front door.")), NoIntent)


def test_custom_domain_is_corrected_without_configuration(recognizer: HassilRecognizer) -> None:
    found = IntentStage(recognizer).understand(transcript("Order a large pizza with mush rooms."))
    assert isinstance(found, IntentRecognized) and found.intent == "OrderPizza"
    assert found.slot_dict()["topping"] == "mushroom"
