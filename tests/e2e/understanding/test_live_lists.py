"""A running timer's name is read from the live timers, not copied from a mishearing (issue 12).

The same holds for an item checked off a list: it is one on the list (`hassil/live.py`).

espeak-ng's "stop my timer for pizza" (a committed clip, tests/fixtures/speech/ATTRIBUTION.md)
is heard by Whisper tiny.en as "Stop my timer for beat set.", an exact parse through HA's
wildcard timer name. With a pizza timer running, the name of an existing timer can only be a
running timer's (`hassil/live.py`): the parse has free words, the constrained search reads
"… for pizza", and the pizza timer is the one cancelled. With no timer of that name, the
wildcard reading stays and the action says there is none.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf

from sayso.actions.timers import Timers
from sayso.app.assistant import Assistant
from sayso.asr.base import AsrRequest
from sayso.asr.stage import transcript_of
from sayso.events import IntentRecognized, Slot
from tests.unit.asr.speech_models import SPEECH_DIR

CLIP = SPEECH_DIR / "ha" / "stop_my_timer_for_pizza_espeak.wav"


def _start(assistant: Assistant, name: str) -> None:
    assert assistant.actions is not None
    started = IntentRecognized(
        intent="HassStartTimer", slots=(Slot("name", name, name), Slot("minutes", 10, "10"))
    )
    assert assistant.actions.handle(started).success


def test_a_misheard_timer_name_is_read_as_the_running_timer(fresh: Assistant) -> None:
    assert fresh.asr is not None
    audio, _rate = sf.read(CLIP, dtype="float32")  # 16 kHz mono
    result = fresh.asr.transcribe(np.asarray(audio), AsrRequest(language="en"))
    transcript = transcript_of(result)
    assert "pizza" not in transcript.text.lower()  # the mishearing this is about

    _start(fresh, "tea")  # no pizza timer: the name stays as heard (free words)
    heard = fresh.understander.understand(transcript)
    assert isinstance(heard, IntentRecognized) and heard.intent == "HassCancelTimer"
    assert heard.slot("name") != "pizza" and heard.free_words > 0

    _start(fresh, "pizza")
    found = fresh.understander.understand(transcript)
    assert isinstance(found, IntentRecognized) and found.reading is not None
    assert (found.intent, found.slot_dict()) == ("HassCancelTimer", {"name": "pizza"})
    assert found.free_words == 0 and found.reading.path == "narrowed", found.reading
    assert fresh.actions is not None and fresh.actions.handle(found).success
    assert Timers(fresh.actions.store).names() == ["tea"]  # the pizza timer was the one cancelled


def test_the_items_on_a_list_are_what_can_be_checked_off(fresh: Assistant) -> None:
    assert fresh.recognizer is not None and fresh.actions is not None
    before = fresh.recognizer.recognize("check apples off my shopping list")
    assert before is not None and before.free_words == 1  # not on the list: any words, as HA
    added = fresh.recognizer.recognize("add apples to my shopping list")
    assert added is not None and fresh.actions.handle(added).success
    after = fresh.recognizer.recognize("check apples off my shopping list")
    assert after is not None and after.intent.endswith("ListCompleteItem")
    assert after.slot("item") == "apples" and after.free_words == 0
    assert fresh.actions.handle(after).success
