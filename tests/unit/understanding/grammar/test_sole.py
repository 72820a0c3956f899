"""Where the grammar is all that can be said (`sole.py`), on a scripted decoder (pure logic).

Real audio (an FSDD digit the free decode loses, real open speech kept open):
tests/unit/understanding/grammar/test_sole_audio.py.
"""

from __future__ import annotations

from sayso.events import IntentRecognized, NoIntent, Transcript
from sayso.events.speech import ConstrainedText
from sayso.understanding.grammar.constrain import ConstrainedReader
from sayso.understanding.grammar.sole import effective_tokens, looping, summed
from sayso.understanding.grammar.wayout import WayOut, sole_identity
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Understander

from .test_constrained_path import FakeWhisper, _transcript

SOLE_RULE = WayOut(6.0, 0.3, 0.0, 0.9, fitted=True)


def _sole(recognizer: HassilRecognizer, rule: WayOut = SOLE_RULE) -> Understander:
    reader = ConstrainedReader(recognizer, sole=True)
    reader.set_wayout(sole_identity("scripted"), rule)
    return Understander(recognizer, constrained=reader, paths=(), sole_paths=())


def test_a_wrong_command_the_free_decode_wrote_loses_to_the_one_the_audio_supports(
    recognizer: HassilRecognizer,
) -> None:
    heard, spoken = " Turn on the kitchen light.", " Turn off the kitchen light."
    assert recognizer.recognize(heard) is not None  # exact-first would take the wrong command
    found = _sole(recognizer).understand(_transcript(heard, spoken))
    assert isinstance(found, IntentRecognized)
    assert found.intent == "HassTurnOff"
    assert found.reading is not None and found.reading.path == "constrained"


def test_a_free_transcript_the_audio_supports_stays_the_reading(
    recognizer: HassilRecognizer,
) -> None:
    said = " Turn off the kitchen light."
    found = _sole(recognizer).understand(_transcript(said, said))
    assert isinstance(found, IntentRecognized) and found.intent == "HassTurnOff"
    assert found.reading is not None and found.reading.path == "exact"


def test_audio_the_free_decode_called_silence_is_still_decoded(
    recognizer: HassilRecognizer,
) -> None:
    spoken = FakeWhisper(" Turn off the kitchen light.")
    quiet = Transcript(turn_id="t", text="", no_speech_prob=0.7, acoustic=spoken)  # type: ignore[arg-type]
    found = _sole(recognizer).understand(quiet)
    assert isinstance(found, IntentRecognized) and found.intent == "HassTurnOff"
    silent = Transcript(turn_id="t", text="", no_speech_prob=0.95, acoustic=spoken)  # type: ignore[arg-type]
    refused = _sole(recognizer).understand(silent)
    assert isinstance(refused, NoIntent)
    assert refused.reading is not None and refused.reading.constrained_text  # decoded, refused


def test_the_sole_way_out_keeps_open_speech_open(recognizer: HassilRecognizer) -> None:
    said = " Tell me about the history of Rome."
    found = _sole(recognizer).understand(_transcript(said, said))
    assert isinstance(found, NoIntent)
    assert found.reading is not None and found.reading.constrained is not None
    assert found.reading.constrained < 0


def test_a_sentences_spellings_add_up() -> None:
    found = [
        ConstrainedText("nine", -0.8, 2),
        ConstrainedText("five", -1.3, 2),
        ConstrainedText("Five.", -1.4, 3),
        ConstrainedText("5", -1.5, 2),
    ]
    best = summed(found)
    assert [s.text for s in best] == ["five", "nine"]  # alone, each spelling of five loses
    assert best[0].logprob > max(f.logprob for f in found)
    assert all(f.logprob / f.tokens < -0.8 / 2 for f in found[1:])


def test_a_decoder_loop_counts_once_in_the_free_transcripts_length() -> None:
    loop = "two, three, " * 6 + "two"
    assert effective_tokens(loop, 26) == 4  # 2 distinct words of 13
    assert effective_tokens("How many calories are in a banana?", 9) == 9
    assert effective_tokens("", 1) == 0  # the free decode heard silence


def test_a_looping_free_decode_is_no_yardstick(recognizer: HassilRecognizer) -> None:
    loop = "six, " * 15
    assert looping(loop) and not looping("one. One.")
    said = " Tell me about the history of Rome."
    found = _sole(recognizer).understand(_transcript(loop, said))
    assert isinstance(found, NoIntent)  # a grammar sentence scores far above the loop
