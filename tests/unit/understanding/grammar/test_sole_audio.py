"""The sole constrained reading on real audio with Whisper tiny.en (the embedded model).

A single-domain assistant (`intents.builtin: false`): a real FSDD "two" the free decode calls
silence is read right within the digits grammar; real open speech (CMU ARCTIC "Cathy",
tests/fixtures/speech) is not forced into the digits or the pizza domain. The way out is the
shipped sole calibration. Clips and licences: tests/fixtures/speech/ATTRIBUTION.md.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr

from sayso.asr.base import AsrRequest
from sayso.asr.stage import transcript_of
from sayso.config import IntentsConfig
from sayso.constants import SAMPLE_RATE
from sayso.events import IntentRecognized, Transcript
from sayso.understanding.grammar.constrain import ConstrainedReader
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Understander
from tests.conftest import DIGITS_INTENTS, PIZZA_INTENTS
from tests.unit.asr.speech_models import SPEECH_DIR, speech_clips, tiny_asr_engine

pytestmark = pytest.mark.slow


@functools.cache
def _sole(intents: Path) -> Understander:
    recognizer = HassilRecognizer(IntentsConfig(custom=(str(intents),), builtin=False))
    recognizer.load()
    reader = ConstrainedReader(recognizer, sole=True)
    return Understander(recognizer, constrained=reader)


def _hear(understander: Understander, audio: np.ndarray) -> Transcript:
    # As a single-domain deployment hears: biased towards the grammar's words.
    bias = understander.recognizer.vocabulary()
    result = tiny_asr_engine().transcribe(audio, AsrRequest(language="en", bias_phrases=bias))
    return transcript_of(result, bias_phrases=bias)


def test_a_real_digit_the_free_decode_loses_is_read_within_the_only_grammar() -> None:
    audio, rate = sf.read(SPEECH_DIR / "fsdd" / "2_nicolas_1.wav", dtype="float32")
    understander = _sole(DIGITS_INTENTS)
    transcript = _hear(understander, soxr.resample(audio, rate, SAMPLE_RATE))
    assert transcript.text == ""  # the free decode called it silence
    found = understander.understand(transcript)
    assert isinstance(found, IntentRecognized), found
    assert found.reading is not None and found.reading.path == "constrained"
    assert found.slot_dict() == {"digit": 2}


@pytest.mark.parametrize("intents", [DIGITS_INTENTS, PIZZA_INTENTS], ids=["digits", "pizza"])
def test_real_open_speech_is_not_forced_into_a_single_domain(intents: Path) -> None:
    understander = _sole(intents)
    for clip in speech_clips():
        found = understander.understand(_hear(understander, clip.audio))
        assert not isinstance(found, IntentRecognized), (clip.text, found)
        assert found.reading is not None and found.reading.constrained_text  # it did decode


def test_a_count_whisper_would_read_as_the_article_is_read_as_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sayso.understanding.grammar import sole

    audio, rate = sf.read(
        SPEECH_DIR / "pizza" / "eight_medium_pizzas_espeak_gb.wav", dtype="float32"
    )
    understander = _sole(PIZZA_INTENTS)
    transcript = _hear(understander, soxr.resample(audio, rate, SAMPLE_RATE))
    found = understander.understand(transcript)
    assert isinstance(found, IntentRecognized), found
    assert found.slot_dict() == {"quantity": 8, "size": "medium", "topping": "pepper"}
    monkeypatch.setattr(sole, "COUNT_BONUS", 0.0)  # Whisper's prior alone: the article
    without = understander.understand(transcript)
    assert not isinstance(without, IntentRecognized) or "quantity" not in without.slot_dict()
