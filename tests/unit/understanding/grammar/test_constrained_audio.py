"""Constrained decoding on real audio with Whisper tiny.en (the embedded model).

Commands are rendered with Piper at test time (deterministic settings); open speech is real
(CMU ARCTIC "Cathy", tests/fixtures/speech, CC0). The way out is the shipped calibration.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

from sayso.asr.base import AsrRequest
from sayso.asr.stage import transcript_of
from sayso.config import IntentsConfig
from sayso.dialogue.confirm import ANSWERS, Verdict, classify
from sayso.events import IntentRecognized, Transcript
from sayso.tts.piper import PiperTts
from sayso.understanding.grammar.constrain import ConstrainedReader
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Understander
from tests.conftest import DETERMINISTIC_TTS
from tests.unit.asr.speech_models import speech_clips, tiny_asr_engine, to_asr_rate

PIZZA = Path(__file__).resolve().parents[4] / "examples" / "pizza" / "pizza.yaml"
pytestmark = pytest.mark.slow


@functools.cache
def _piper() -> PiperTts:
    engine = PiperTts(DETERMINISTIC_TTS)
    engine.load()
    return engine


@functools.cache
def _understander() -> Understander:
    recognizer = HassilRecognizer(IntentsConfig(custom=(str(PIZZA),), builtin=False))
    recognizer.load()
    return Understander(recognizer, constrained=ConstrainedReader(recognizer), paths=())


def _hear(audio: np.ndarray) -> Transcript:
    return transcript_of(tiny_asr_engine().transcribe(audio, AsrRequest(language="en")))


def _say(text: str) -> Transcript:
    tts = _piper()
    audio = np.concatenate(list(tts.synthesize(text)))
    return _hear(to_asr_rate(audio, tts.capabilities.sample_rate))


def test_a_command_whisper_mishears_is_decoded_right_within_the_grammar() -> None:
    understander = _understander()
    said = "i'd like one stuffed crust pizza with spinach and onions"
    transcript = _say(said)
    assert understander.recognizer.recognize(transcript.text) is None  # free decoding misheard
    found = understander.understand(transcript)
    assert isinstance(found, IntentRecognized), found
    assert found.reading is not None and found.reading.path == "constrained"
    expected = understander.recognizer.recognize(said)
    assert expected is not None
    assert (found.intent, found.slot_dict()) == (expected.intent, expected.slot_dict())


def test_real_open_speech_is_not_forced_into_the_only_domain() -> None:
    understander = _understander()
    for clip in speech_clips():
        found = understander.understand(_hear(clip.audio))
        assert not isinstance(found, IntentRecognized), (clip.text, found)
        assert found.reading is not None and found.reading.constrained_text  # it did decode


@pytest.mark.parametrize(
    ("said", "verdict"), [("Yes.", Verdict.CONFIRMED), ("No.", Verdict.DENIED)]
)
def test_a_yes_or_no_after_a_confirmation_is_decoded_as_an_expected_answer(
    said: str, verdict: Verdict
) -> None:
    found = _understander().understand(_say(said), expected=ANSWERS)
    assert found.reading is not None and found.reading.path == "answer"
    assert classify(found.text) is verdict
