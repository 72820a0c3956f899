"""The constrained path of the understanding step, on a scripted decoder (pure logic).

The decoder "hears" a sentence token by token (`ScriptedDecoder`); the free transcript is a
mishearing. Real audio through Whisper: tests/unit/asr/test_constrained_audio.py.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sayso.asr.whisper.constrained import constrained_search
from sayso.dialogue.confirm import ANSWERS, Verdict, classify
from sayso.dialogue.social import is_aside
from sayso.events import Hypothesis, NoIntent, Reading, Transcript
from sayso.events.speech import ConstrainedDecode, ConstrainedText, TokenConstraint
from sayso.understanding.constrained_paths import seconded
from sayso.understanding.grammar.constrain import ConstrainedReader
from sayso.understanding.grammar.wayout import ConstrainedReading, WayOut
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Sensible, Understander
from tests.unit.asr.test_constrained_search import ScriptedDecoder

from .fake_tokens import EOT, FakeTokenizer

TOKENIZER = FakeTokenizer()


class FakeWhisper:
    """A `ConstrainedDecoder` whose audio says `spoken`."""

    def __init__(self, spoken: str) -> None:
        self.spoken = TOKENIZER.encode(spoken)

    def token_space(self) -> FakeTokenizer:
        return TOKENIZER

    def model_identity(self) -> str:
        return "scripted"

    def decode_constrained(
        self, constraint: TokenConstraint, *, beam: int, reference: str = "", keep: int = 0
    ) -> ConstrainedDecode:
        forced = TOKENIZER.encode(" " + reference.strip()) if reference.strip() else []
        result = constrained_search(
            ScriptedDecoder(self.spoken, tokenizer=TOKENIZER), np.zeros((1, 2, 2)), [1],
            constraint, EOT,
            beam=beam, max_steps=40, reference=forced, keep=keep,
        )  # fmt: skip
        found = tuple(
            ConstrainedText(TOKENIZER.decode(list(t)).strip(), s, len(t) + 1)
            for t, s in result.found
        )
        return ConstrainedDecode(found, result.reference, len(forced) + 1)


def _transcript(heard: str, spoken: str) -> Transcript:
    return Transcript(
        turn_id="t1",
        text=heard,
        hypotheses=(Hypothesis(heard, -3.0),),
        acoustic=FakeWhisper(spoken),  # type: ignore[arg-type]
    )


def _understander(
    recognizer: HassilRecognizer, offset: float, sensible: Sensible | None = None
) -> Understander:
    reader = ConstrainedReader(recognizer)
    reader.set_wayout("scripted", WayOut(offset, 0.0))
    # Expected answers are all that can be said: they are read by the model's sole way out.
    reader.set_wayout("scripted#sole", WayOut(offset, 0.0))
    return Understander(recognizer, constrained=reader, paths=(), sensible=sensible)


def test_a_misheard_command_is_read_from_the_audio_within_the_grammar(
    recognizer: HassilRecognizer,
) -> None:
    heard, spoken = " Turn of the kitchen lied.", " Turn off the kitchen light."
    found = _understander(recognizer, offset=100.0).understand(_transcript(heard, spoken))
    assert found.reading is not None and found.reading.path == "constrained"
    assert found.reading.text == "Turn off the kitchen light."
    assert getattr(found, "intent", None) == "HassTurnOff"
    assert found.reading.constrained is not None and found.reading.constrained >= 0


def test_the_way_out_keeps_open_speech_open(recognizer: HassilRecognizer) -> None:
    said = " Tell me about the history of Rome."
    found = _understander(recognizer, offset=2.0).understand(_transcript(said, said))
    assert found.reading is not None and found.reading.path == "none"
    # Speech that opens as a command: the search finds that command, and it is not taken.
    said = " Turn on the kitchen light that my grandmother bought in Rome last summer."
    found = _understander(recognizer, offset=2.0).understand(_transcript(said, said))
    assert found.reading is not None and found.reading.path == "none"
    assert found.reading.constrained_text == "Turn on the kitchen light"
    assert found.reading.constrained is not None and found.reading.constrained < 0


def test_after_a_confirmation_the_expected_answers_are_decoded_first(
    recognizer: HassilRecognizer,
) -> None:
    found = _understander(recognizer, offset=100.0).understand(
        _transcript(" Yet.", " Yes."), expected=ANSWERS
    )
    assert found.reading is not None and found.reading.path == "answer"
    assert classify(found.text) is Verdict.CONFIRMED


def test_every_expected_answer_is_a_yes_or_a_no() -> None:
    assert {classify(a) for a in ANSWERS} == {Verdict.CONFIRMED, Verdict.DENIED}


def test_an_answer_is_read_as_said_not_as_the_nearest_command(
    recognizer: HassilRecognizer,
) -> None:
    # Round 38: a spoken "No." after "Unlock the front door?" was read as the answer, then
    # searched again over the whole grammar and taken as "Hello?" (Whisper's audio: the e2e test
    # `test_a_spoken_no_answers_the_question`). The answer is the reading.
    found = _understander(recognizer, offset=100.0).understand(
        _transcript(" No.", " No."), expected=ANSWERS
    )
    assert isinstance(found, NoIntent)
    assert found.reading is not None and found.reading.path == "answer"
    assert found.text == "No." and classify(found.text) is Verdict.DENIED


def test_a_command_of_its_own_after_a_question_is_that_command(
    recognizer: HassilRecognizer,
) -> None:
    # "Cancel all timers." after "Did you mean: add a minute?": the audio is nearest "Cancel",
    # but the words heard are a command and no answer.
    said = " Cancel all timers."
    found = _understander(recognizer, offset=100.0).understand(
        _transcript(said, said), expected=ANSWERS
    )
    assert getattr(found, "intent", None) == "HassCancelAllTimers"


def test_a_command_that_makes_no_sense_still_is_no_answer(recognizer: HassilRecognizer) -> None:
    # Round 40: "Add it." is a bare item "it" that makes no sense, so the understanding step
    # reads nothing from it; it still is no "Do it." answering "Unlock the front door?".
    from sayso.actions.free_words import make_sense

    understander = _understander(recognizer, offset=100.0, sensible=make_sense)
    found = understander.understand(_transcript(" Add it.", " Do it."), expected=ANSWERS)
    assert found.reading is None or found.reading.path != "answer"
    assert not (isinstance(found, NoIntent) and classify(found.text) is Verdict.CONFIRMED)


def test_an_aside_is_not_read_as_the_nearest_command(recognizer: HassilRecognizer) -> None:
    # "help" and "hey say so" were read as "Hello?" and "AC." (turn on the air conditioner?).
    heard = _transcript(" Help.", " Turn off the kitchen light.")
    understander = _understander(recognizer, offset=100.0)
    assert getattr(understander.understand(heard), "intent", None) == "HassTurnOff"
    understander.asides = is_aside
    found = understander.understand(heard)
    assert isinstance(found, NoIntent)
    assert found.reading is not None and found.reading.path == "aside"
    # A command is still a command.
    said = " Turn off the kitchen light."
    command = understander.understand(_transcript(said, said))
    assert getattr(command, "intent", None) == "HassTurnOff"


class ScoredAudio:
    """A `TextScorer` whose audio gives each text a fixed log-probability (others: -50)."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def __call__(self, texts: list[str]) -> list[float]:
        return [self.scores.get(t, -50.0) for t in texts]


def _refused_best(text: str) -> ConstrainedReading:
    """A constrained best sentence the way out refused by 3.6 nats (within `SECONDED_WITHIN`)."""
    return ConstrainedReading(ConstrainedText(text, -13.5, 5), (), -3.6, False, 1.0)


def test_the_search_best_seconds_an_older_reading_only_where_the_audio_prefers_it(
    recognizer: HassilRecognizer,
) -> None:
    # Round 38: "and do that." corrected to "undo that" was read as the search's "Light, On,"
    # (turned a light on); "But Apple on the list." as "open the door.".
    older = recognizer.recognize("turn off the kitchen light")
    assert older is not None
    older = dataclasses.replace(older, reading=Reading("corrected", "turn off the kitchen light"))
    best = _refused_best("Turn on the kitchen light.")
    audio_says_older = Transcript(
        turn_id="t", text="turn of the kitchen lied",
        acoustic=ScoredAudio({"Turn off the kitchen light.": -8.0, best.best.text: -13.5}),  # type: ignore[union-attr,arg-type]
    )  # fmt: skip
    kept = seconded(recognizer.recognize, "en", older, best, audio_says_older, sole=False)
    assert kept.intent == "HassTurnOff" and kept.reading is not None
    assert kept.reading.path == "corrected"
    # Of the same intent, the search's sentence settles the slots whatever the audio prefers.
    same = _refused_best("Turn off the bedroom light.")
    slots = seconded(recognizer.recognize, "en", older, same, audio_says_older, sole=False)
    assert slots.reading is not None and slots.reading.path == "seconded"
    audio_says_best = dataclasses.replace(
        audio_says_older, acoustic=ScoredAudio({best.best.text: -9.0})  # type: ignore[union-attr,arg-type]
    )
    taken = seconded(recognizer.recognize, "en", older, best, audio_says_best, sole=False)
    assert taken.intent == "HassTurnOn" and taken.reading is not None
    assert taken.reading.path == "seconded"
    # The only grammar (a single domain) keeps its measured rule: the search's best wins.
    sole = seconded(recognizer.recognize, "en", older, best, audio_says_older, sole=True)
    assert sole.intent == "HassTurnOn"


def test_an_answer_spelt_in_digits_is_read_in_the_questions_words(
    recognizer: HassilRecognizer,
) -> None:
    # Round 42: "the office one" after "which fan?" was decoded as "The Office 1.", which then
    # named no device ("turn off the office 1 fan").
    found = _understander(recognizer, offset=100.0).understand(
        _transcript(" The Office 1.", " The Office 1."), expected=("the office", "the office one")
    )
    assert found.reading is not None and found.reading.path == "answer"
    assert found.text == "the office one"
