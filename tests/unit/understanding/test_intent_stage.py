"""IntentStage turns transcripts into IntentRecognized / NoIntent, keeping the turn and timing."""

from __future__ import annotations

from sayso.events import EndOfStream, IntentRecognized, NoIntent, Transcript
from sayso.runtime.testing import run_stages
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.stage import IntentStage
from sayso.understanding.understand import Understander


async def test_stage_emits_intent_and_no_intent(recognizer: HassilRecognizer) -> None:
    hit = Transcript(turn_id="t1", text="turn off the kitchen light")
    miss = Transcript(turn_id="t2", text="blah blah")
    out = await run_stages([IntentStage(Understander(recognizer))], [hit, miss])
    forwarded_hit, intent, forwarded_miss, no_intent, end = out
    assert (forwarded_hit, forwarded_miss) == (hit, miss)  # the runner forwards consumed events
    assert isinstance(intent, IntentRecognized)
    assert (intent.intent, intent.slot_dict()) == ("HassTurnOff", {"name": "light.kitchen"})
    assert (intent.turn_id, intent.t_source) == ("t1", hit.t_created)
    assert isinstance(no_intent, NoIntent)
    assert (no_intent.turn_id, no_intent.text, no_intent.t_source) == (
        "t2",
        "blah blah",
        miss.t_created,
    )
    assert isinstance(end, EndOfStream)
