"""Smart Turn v3 (the audio end-of-turn model) on real speech, and in a live session's cues.

The model file comes from the `pipecat-ai` wheel (`sayso turn-model --fetch`, which `make test`
runs); without it these tests skip. Sessions read it only with `session.turn_model` on.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sayso.app.assistant import Assistant
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.dialogue.turn_end_live import live_decision
from sayso.vad.turn_model import (
    TurnModel,
    find_model,
    installed_pipecat_model,
    load_turn_model,
)
from tests.conftest import int8_saturates

SPEECH = Path(__file__).parents[2] / "fixtures" / "speech"
ARCTIC = sorted(SPEECH.glob("arctic_*.wav"))
"""Four sentences of a real speaker (CMU Arctic, "cathy", public domain): see the README there."""
MODEL = find_model() or installed_pipecat_model()
needs_model = pytest.mark.skipif(
    MODEL is None, reason="no Smart Turn model: `sayso turn-model --fetch` (make test runs it)"
)


needs_model = pytest.mark.skipif(
    MODEL is None or int8_saturates(),
    reason="no Smart Turn model (`sayso turn-model --fetch`), or a CPU whose int8 kernels "
    "saturate (AVX2 without VNNI)",
)


@needs_model
@pytest.mark.parametrize("clip", ARCTIC, ids=lambda p: p.stem)
def test_a_finished_sentence_reads_complete_and_its_first_half_does_not(clip: Path) -> None:
    assert MODEL is not None
    model = TurnModel(MODEL)
    speech = read_clip(clip)
    assert model.complete(speech) > 0.5
    assert model.complete(speech[: len(speech) // 2]) < 0.5


@needs_model
async def test_a_live_session_reads_the_cue_and_vetoes_a_half_sentence(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the model on (as `session.turn_model` loads it), a turn's explanation carries its
    P(complete); half a real sentence is heard unfinished, so the turn is not "sure"."""
    assert MODEL is not None
    monkeypatch.setattr(assistant, "turn_model", load_turn_model(str(MODEL)))
    config = dataclasses.replace(assistant.settings.live_session(), hold_endpoint_ms=10_000)
    speech = read_clip(ARCTIC[2])  # b0111: its first half ends on no dangling word
    whole = await live_decision(assistant, speech, config)
    assert whole is not None and " audio_p=0.9" in whole.explain
    half = await live_decision(assistant, speech[: len(speech) // 2], config)
    assert half is not None and " audio_p=0.0" in half.explain
    assert "sure" not in half.explain
