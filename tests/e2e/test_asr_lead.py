"""The silence the recogniser puts before short audio (`decode.LEAD_SILENCE_S`), real tiny.en.

A digit recorded from its first sample (FSDD trims to the word) is read with lead silence, and
word timings stay in the caller's audio: the silence is the decoder's, not the recording's.
"""

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr

from sayso.asr.base import AsrRequest
from sayso.asr.whisper.decode import LEAD_SILENCE_S, decode_short
from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.config import AsrConfig
from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput

pytestmark = pytest.mark.slow
SPEECH = Path(__file__).parents[1] / "fixtures" / "speech"
DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TOLERANCE_S = 0.15
"""Whisper's cross-attention word timings are good to about a tenth of a second."""


def clip(name: str) -> np.ndarray:
    audio, rate = sf.read(SPEECH / name, dtype="float32")
    return soxr.resample(audio, rate, SAMPLE_RATE).astype(np.float32)


@pytest.fixture(scope="module")
def asr() -> FasterWhisperAsr:
    engine = FasterWhisperAsr(AsrConfig())
    engine.load()
    return engine


def test_word_timings_are_in_the_callers_audio(asr: FasterWhisperAsr) -> None:
    """With and without the lead, the words are where the recording has them."""
    assert LEAD_SILENCE_S > TOLERANCE_S  # a lead left in the timings would show
    audio = clip("arctic_a0134_1592745551.wav")
    options = asr._options(AsrRequest(language="en"))
    led = decode_short(asr._model, audio, options)
    plain = decode_short(asr._model, audio, dataclasses.replace(options, lead_s=0.0))
    assert led.text == plain.text and len(led.words) == len(plain.words) > 2
    assert all(0.0 <= w.start_s <= w.end_s <= led.duration_s for w in led.words)
    # From the second word: alignment starts the first at 0 whatever silence precedes it.
    for a, b in zip(led.words[1:], plain.words[1:], strict=True):
        assert abs(a.start_s - b.start_s) < TOLERANCE_S, (a, b)


def test_a_digit_recorded_from_its_first_sample_is_heard(asr: FasterWhisperAsr) -> None:
    """FSDD's "eight" (jackson) starts at sample 0; without a lead tiny.en hears silence.

    Biased to the digits, as a digits-only deployment recognises (`bias_vocabulary`).
    """
    request = AsrRequest(language="en", bias_phrases=DIGITS)
    result = asr.transcribe(clip("fsdd/8_jackson_0.wav"), request)
    assert "eight" in result.text.lower() or "8" in result.text


def test_a_segment_with_its_own_pre_roll_gets_only_what_it_lacks(asr: FasterWhisperAsr) -> None:
    """A live segment starts `vad.speech_pad_ms` before the onset: no silence is added to it
    (the end-of-turn cues were calibrated on such segments), and its pre-roll does the lead's
    work on the same digit."""
    assert asr._options(AsrRequest(lead_in_s=LEAD_SILENCE_S)).lead_s == 0.0
    assert asr._options(AsrRequest(lead_in_s=0.1)).lead_s == pytest.approx(LEAD_SILENCE_S - 0.1)
    pre_roll = np.zeros(round(LEAD_SILENCE_S * SAMPLE_RATE), np.float32)
    segment = np.concatenate([pre_roll, clip("fsdd/8_jackson_0.wav")])
    request = AsrRequest(language="en", bias_phrases=DIGITS, lead_in_s=LEAD_SILENCE_S)
    result = asr.transcribe(segment, request)
    assert "eight" in result.text.lower() or "8" in result.text


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_a_pre_roll_must_be_a_length(bad: float) -> None:
    with pytest.raises(BadInput, match="lead_in_s"):
        AsrRequest(lead_in_s=bad)
