"""The understanding step on fixed N-best lists: which path reads the transcript, and when."""

from __future__ import annotations

from collections.abc import Sequence

from sayso.config import AsrConfig
from sayso.events import IntentRecognized, NoIntent, Transcript
from sayso.events.speech import Hypothesis, TextScorer
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Understander


def transcript(*texts: str, acoustic: TextScorer | None = None) -> Transcript:
    hyps = tuple(Hypothesis(t, -2.0 - i, -0.3) for i, t in enumerate(texts))
    return Transcript(turn_id="t", text=texts[0], hypotheses=hyps, acoustic=acoustic)


def table(scores: dict[str, float], calls: list[Sequence[str]] | None = None) -> TextScorer:
    """Log-probabilities looked up in a table (Whisper's forced decoding on real audio is
    tested in tests/e2e/understanding); unknown texts are very unlikely."""

    def score(texts: Sequence[str]) -> list[float]:
        if calls is not None:
            calls.append(list(texts))
        return [scores.get(t, -50.0) for t in texts]

    return score


def test_misheard_command_is_understood(recognizer: HassilRecognizer) -> None:
    found = Understander(recognizer).understand(
        transcript("and Lock the front door.", "And lock the front door.")
    )
    assert isinstance(found, IntentRecognized)
    assert found.intent == "HassTurnOff"
    assert found.slot_dict()["name"] == "lock.front_door"
    assert 0.0 < found.confidence < 1.0  # a corrected reading is less sure than an exact one
    assert found.reading is not None and found.reading.path == "corrected"


def test_exact_command_keeps_full_confidence(recognizer: HassilRecognizer) -> None:
    found = Understander(recognizer).understand(transcript("Turn on the kitchen light."))
    assert isinstance(found, IntentRecognized) and found.confidence == 1.0
    assert found.reading is not None and found.reading.path == "exact"


def test_out_of_grammar_speech_is_not_forced_into_an_intent(
    recognizer: HassilRecognizer,
) -> None:
    for text in ("What is the meaning of life?", "Tell me a story.", "I love you."):
        found = Understander(recognizer).understand(transcript(text))
        assert isinstance(found, NoIntent), (text, found)
        assert found.reading is not None and found.reading.path == "none"


def test_grammar_awareness_can_be_turned_off(recognizer: HassilRecognizer) -> None:
    baseline = Understander(recognizer, grammar_aware=False)
    assert isinstance(baseline.understand(transcript("and Lock the front door.")), NoIntent)


def test_a_lower_nbest_entry_is_read_with_its_likelihood(recognizer: HassilRecognizer) -> None:
    found = Understander(recognizer).understand(
        transcript("Turn on the kitten lied.", "Turn on the kitchen light.")
    )
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert found.reading.path == "nbest" and found.confidence < 1.0


def test_custom_domain_is_corrected_without_configuration(recognizer: HassilRecognizer) -> None:
    found = Understander(recognizer).understand(
        transcript("Order a large pizza with mush rooms.")
    )
    assert isinstance(found, IntentRecognized) and found.intent == "OrderPizza"
    assert found.slot_dict()["topping"] == "mushroom"


def test_a_sentence_the_audio_supports_is_taken(recognizer: HassilRecognizer) -> None:
    scores = {"Turn on the kitchen light.": -6.0, "Turn on the kitten lied.": -4.0}
    understander = Understander(recognizer, rescoring=AsrConfig())
    found = understander.understand(transcript("Turn on the kitten lied.", acoustic=table(scores)))
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert found.reading.path == "rescored" and found.reading.proposals >= 1
    assert found.reading.text == "Turn on the kitchen light." and found.confidence == 1.0


def test_a_rejected_check_still_allows_text_correction(recognizer: HassilRecognizer) -> None:
    # Every proposal far less likely than what was heard, the correction too, but not so far that
    # the audio denies it (3.6 nats per word: `rescore.contradicts`).
    scores = table({"And lock the front door.": -3.0, "Unlock the front door.": -12.0})
    heard = transcript("and Lock the front door.", "And lock the front door.", acoustic=scores)
    found = Understander(recognizer, rescoring=AsrConfig()).understand(heard)
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert found.reading.path == "corrected" and found.reading.proposals >= 1


def test_a_correction_the_audio_denies_is_no_command(recognizer: HassilRecognizer) -> None:
    scores = table({"And lock the front door.": -3.0, "Unlock the front door.": -30.0})
    heard = transcript("and Lock the front door.", "And lock the front door.", acoustic=scores)
    found = Understander(recognizer, rescoring=AsrConfig()).understand(heard)
    assert isinstance(found, NoIntent)


def test_a_command_heard_right_is_never_rescored(recognizer: HassilRecognizer) -> None:
    calls: list[Sequence[str]] = []
    heard = transcript("Turn on the kitchen light.", acoustic=table({}, calls))
    found = Understander(recognizer, rescoring=AsrConfig()).understand(heard)
    assert isinstance(found, IntentRecognized) and calls == []
    assert found.reading is not None and found.reading.proposals == 0


def test_rescoring_can_be_turned_off(recognizer: HassilRecognizer) -> None:
    calls: list[Sequence[str]] = []
    heard = transcript("Turn on the kitten lied.", acoustic=table({}, calls))
    Understander(recognizer, rescoring=AsrConfig(grammar_rescoring=False)).understand(heard)
    assert calls == []


def test_a_reading_that_makes_no_sense_is_none_and_the_next_path_reads_on(
    recognizer: HassilRecognizer,
) -> None:
    # Round 40: "How far away is the moon?" parsed as the days until a day named "the moon";
    # the action stage refused it, but the turn had counted as read (and a live turn as a
    # complete command).
    from sayso.actions.free_words import make_sense

    moon = transcript("How far away is the moon?")
    plain = Understander(recognizer).understand(moon)
    assert isinstance(plain, IntentRecognized) and plain.intent == "SaysoDaysUntil"
    assert isinstance(Understander(recognizer, sensible=make_sense).understand(moon), NoIntent)
    # A later path that reads one that makes sense is taken (here the correction, from the
    # lower hypothesis's words).
    both = transcript("How far away is the moon?", "How far away is Christmas?")
    found = Understander(recognizer, sensible=make_sense).understand(both)
    assert isinstance(found, IntentRecognized) and found.intent == "SaysoDaysUntil"
    assert found.reading is not None and found.reading.path != "exact"
    assert "christmas" in str(found.slot_dict()).lower()
