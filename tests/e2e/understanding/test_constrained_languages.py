"""Constrained decoding in German with Whisper base (the multilingual model), on a committed clip.

The clip is espeak-ng's German voice saying "Schließe die Vorhänge im Wohnzimmer"
(tests/fixtures/speech/de). Whisper base used to hear "Schließe die vorhängerin von Zimmer.",
which no template parses; with the packages of round 5 (CTranslate2 4.8.5) it hears the sentence
right. Either way the audio decoded again within the German grammar of the demo home (its German
names) must be the curtains in the living room, so the test asks the constrained reader directly
instead of relying on one mishearing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import soundfile as sf

from sayso.app.assistant import Assistant
from sayso.asr.base import AsrRequest
from sayso.asr.stage import transcript_of
from sayso.asr.whisper.scorer import WhisperTextScorer
from sayso.config import IntentsConfig
from sayso.events import IntentRecognized

from ..conftest import base_settings

CLIP = Path(__file__).parents[2] / "fixtures/speech/de/schliesse_die_vorhaenge_espeak.wav"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    intents = IntentsConfig(language="de")
    settings = base_settings(tmp_path_factory.mktemp("constrained-de"), "de", intents)
    a = Assistant(settings).load(llm=False)
    yield a
    a.close()


def test_a_german_command_base_mishears_is_decoded_within_the_german_grammar(
    german: Assistant,
) -> None:
    audio, _rate = sf.read(CLIP, dtype="float32")
    assert german.asr is not None and german.recognizer is not None
    transcript = transcript_of(german.asr.transcribe(audio, AsrRequest(language="de")))
    assert transcript.language == "de"
    scorer = transcript.acoustic
    assert isinstance(scorer, WhisperTextScorer)
    # The constrained search starts from the free decode's prompt: German, transcribe.
    german_token = scorer.tokenizer.tokenizer.token_to_id("<|de|>")
    assert german_token in scorer.start and scorer.tokenizer.transcribe in scorer.start
    assert scorer.model_identity().endswith("/de")  # its own way-out calibration
    reader = german.understander.for_language("de").constrained
    assert reader is not None
    reading = reader.read(transcript)
    assert reading is not None and reading.best is not None  # the constrained decode ran
    # What it read is the command that was said, in the home's German names. Whether the turn
    # takes it is the way out's call (calibrated for base in German), so it is not asserted.
    command = german.recognizer.recognize(reading.best.text)
    assert command is not None and command.intent == "HassTurnOff"
    slots = command.slot_dict()
    assert slots.get("name") == "cover.living_room_curtains"
    assert slots.get("area") == "Living Room"  # "Wohnzimmer", the home's own name kept
    found = german.understander.understand(transcript)
    heard_right = german.recognizer.recognize(transcript.text) is not None
    taken = found.reading is not None and found.reading.path == "constrained"
    if heard_right or taken:  # read as said, or the way out took the constrained sentence
        assert isinstance(found, IntentRecognized) and found.slot_dict() == slots
