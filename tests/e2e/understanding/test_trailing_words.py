"""Words after a pause finish the command: the reading must not stop before them (issue 12).

"Add milk to my shopping list", a long pause, then "and eggs.", as one utterance. The grammar
cannot say the whole of it (the item comes before the list), and "Add milk to my shopping list."
is a complete grammar sentence that Whisper, after the pause, finds cheap to end on: it scored
within the way out's allowance and the turn added milk alone. Rendered with Piper at test time
(deterministic settings), transcribed and understood as a spoken turn's recognition is.
"""

from __future__ import annotations

import numpy as np

from sayso.app.assistant import Assistant
from sayso.asr.base import AsrRequest
from sayso.asr.stage import transcript_of
from sayso.constants import SAMPLE_RATE
from sayso.events import IntentRecognized

from ..conftest import Render

PAUSE_S = 3.5
"""Silence between the two parts: long enough for the constrained sentence to end at it (with
the code before this fix the reading was taken at +1.3 nats)."""


def test_a_sentence_that_stops_before_the_words_heard_is_not_the_command(
    fresh: Assistant, render: Render
) -> None:
    pause = np.zeros(round(PAUSE_S * SAMPLE_RATE), np.float32)
    audio = np.concatenate(
        [render("Add milk to my shopping list", "piper"), pause, render("and eggs.", "piper")]
    )
    assert fresh.recognizer is not None and fresh.asr is not None
    bias = fresh.recognizer.vocabulary() if fresh.settings.bias_vocabulary else ()
    result = fresh.asr.transcribe(audio, AsrRequest(language="en", bias_phrases=bias))
    transcript = transcript_of(result, bias_phrases=bias)
    assert "eggs" in transcript.text.lower()  # the free decode heard the whole of it
    found = fresh.understander.understand(transcript)
    reading = found.reading
    assert reading is not None and reading.constrained_text  # the grammar was decoded
    assert "eggs" not in reading.constrained_text.lower()  # ... and stopped before the eggs
    milk_alone = isinstance(found, IntentRecognized) and found.slot_dict().get("item") == "milk"
    assert not milk_alone, (transcript.text, reading)
