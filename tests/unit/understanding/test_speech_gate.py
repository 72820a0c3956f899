"""The speech gate: an utterance the VAD measured as (almost) unvoiced is no command."""

from __future__ import annotations

import pytest

from sayso.constants import FRAME_MS
from sayso.events import IntentRecognized, NoIntent, Transcript
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.heard import NO_SPEECH_BELOW_MS, unvoiced
from sayso.understanding.understand import Understander

COMMAND = "turn off the kitchen light"


def test_the_gate_is_the_least_voiced_audio_that_starts_a_live_turn() -> None:
    assert NO_SPEECH_BELOW_MS == 3 * FRAME_MS  # vad.min_speech_ms: 3 Silero frames


@pytest.mark.parametrize(
    ("voiced_ms", "typed", "gated"),
    [
        (0.0, False, True),
        (2 * FRAME_MS, False, True),
        (3 * FRAME_MS, False, False),  # as much as starts a live turn
        (None, False, False),  # not measured (a server handing over text): no gate
        (0.0, True, False),  # typed text was never audio
    ],
)
def test_unvoiced(voiced_ms: float | None, typed: bool, gated: bool) -> None:
    transcript = Transcript(text=COMMAND, voiced_ms=voiced_ms, typed=typed)
    assert unvoiced(transcript) is gated


def test_an_unvoiced_utterance_is_no_command_and_says_why(recognizer: HassilRecognizer) -> None:
    understander = Understander(recognizer)
    heard = Transcript(turn_id="t", text=COMMAND, voiced_ms=FRAME_MS)
    found = understander.understand(heard)
    assert isinstance(found, NoIntent)
    assert found.text == ""  # nothing for the LLM: the reply says nothing was heard
    assert found.turn_id == "t" and found.reading is not None
    assert (found.reading.path, found.reading.score, found.reading.heard) == (
        "no_speech",
        FRAME_MS,
        COMMAND,
    )
    voiced = Transcript(turn_id="t", text=COMMAND, voiced_ms=NO_SPEECH_BELOW_MS)
    assert isinstance(understander.understand(voiced), IntentRecognized)


def test_no_expected_answer_is_read_in_an_unvoiced_utterance(
    recognizer: HassilRecognizer,
) -> None:
    """After "shall I unlock the door?", noise must not become "yes"."""
    found = Understander(recognizer).understand(
        Transcript(text="yes", voiced_ms=0.0), expected=("yes", "no")
    )
    assert isinstance(found, NoIntent) and found.reading is not None
    assert found.reading.path == "no_speech"
