"""The end-of-turn model is fitted on cues the replay reads (`sayso eval dialogue --turn-end`);
a live session must read the same cues from the same audio, or the calibration does not hold
live (real engines: Silero, tiny.en, the grammar).

The session waits up to `PATIENT_MS` for the speculation, so a loaded machine changes when the
turn ends, never which cues decide it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.dialogue.scenarios import Turn
from sayso.evaluation.dialogue.turn_end_live import live_decision, replay_decision, replayed
from sayso.session.turn_end import turn_end_policy

from .conftest import LEAD_SILENCE_S

CLIP = Path(__file__).parents[2] / "fixtures" / "speech" / "arctic_a0039_1592747693.wav"
"""A real speaker (CMU Arctic, "cathy"): "The ship should be in within a week or ten days." """
PATIENT_MS = 10_000


@pytest.mark.parametrize("source", ["recorded", "rendered command"])
async def test_live_session_and_replay_read_the_same_cues(
    assistant: Assistant, piper_says: dict[str, np.ndarray], source: str
) -> None:
    if source == "recorded":
        speech = read_clip(CLIP)
    else:
        speech = piper_says["Turn on the kitchen light."][round(LEAD_SILENCE_S * 16000):]
    # The longest silence (here the hold after a dangling word, which neither clip ends with) is
    # the endpointer's ceiling: the session ends the turn there if the speculation is not ready.
    config = dataclasses.replace(assistant.settings.live_session(), hold_endpoint_ms=PATIENT_MS)
    policy = turn_end_policy(config)
    offline = replay_decision(replayed(assistant, source, Turn(say=source), speech), policy)
    live = await live_decision(assistant, speech, config)
    assert offline is not None and offline.explain.startswith("p_over=")
    assert live == offline
