"""The end-of-turn replay at several frame phases: real speech, the real VAD and endpointer.

Recognition is a recording stand-in here (the replay's own logic is under test: where it cuts
the audio it hands to the turn job); `sayso eval dialogue --turn-end` runs the real job.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from sayso.audio.io import load_audio
from sayso.config import VadConfig
from sayso.errors import BadInput
from sayso.evaluation.dialogue.scenarios import Turn
from sayso.evaluation.dialogue.turn_end import (
    TurnPauses,
    phase_offsets_ms,
    read_records,
    replay,
)
from sayso.events import NoIntent, Transcript
from sayso.session.recognition import Heard
from sayso.session.turn_end import Cues
from sayso.vad.silero import SileroVad

CLIP = Path(__file__).parents[2] / "fixtures" / "speech" / "arctic_a0039_1592747693.wav"


def test_offsets_spread_over_one_frame_and_bad_counts_are_refused() -> None:
    assert phase_offsets_ms(1) == (0.0,)
    assert phase_offsets_ms(4) == (0.0, 8.0, 16.0, 24.0)
    for bad in (0, 9):
        with pytest.raises(BadInput, match="--phases"):
            phase_offsets_ms(bad)


def test_each_phase_hands_the_turn_job_the_same_speech_shifted(tmp_path: Path) -> None:
    speech = load_audio(CLIP)
    config = VadConfig()
    vad = SileroVad(config)
    vad.load()
    heard: dict[float, list[np.ndarray]] = {}

    def hear_at(phase: float) -> Callable[[np.ndarray, float], Heard]:
        def hear(audio: np.ndarray, lead_in_s: float) -> Heard:
            heard.setdefault(phase, []).append(audio)
            return _heard()
        return hear

    turn = Turn(say="Something said.")
    rows = [replay("real-1", turn, speech, vad, config, hear_at(p), p) for p in (0.0, 16.0)]
    assert [r.phase_ms for r in rows] == [0.0, 16.0]
    assert all(r.pauses and r.pauses[-1].final for r in rows)
    first, shifted = heard[0.0][-1], heard[16.0][-1]
    # The speech sits 16 ms (256 samples) later in its frame: both cuts hold the same sound,
    # the shifted one aligned 256 samples further along (modulo whole frames).
    lag = _lag(first, shifted)
    assert lag % 512 == 256

    # Each pause's cues carry the longest pause before it in the turn (what the live listener
    # measures when the speaker goes on).
    for row in rows:
        for k, pause in enumerate(row.pauses):
            before = [p.silence_ms for p in row.pauses[:k]]
            assert pause.cues.paused_ms == max(before, default=0.0)

    path = tmp_path / "turn_end.jsonl"
    path.write_text("".join(f"{json.dumps(r.to_dict())}\n" for r in rows))
    assert [r.phase_ms for r in read_records(path)] == [0.0, 16.0]
    assert [r.pauses for r in read_records(path)] == [r.pauses for r in rows]


def test_a_pause_the_speaker_went_on_after_is_carried_by_every_later_pause() -> None:
    """Real speech, 400 ms of silence, the speech again: the replay's second pause carries the
    first's length (`Cues.paused_ms`), the first carries none."""
    speech = load_audio(CLIP)
    gap = np.zeros(round(0.4 * 16000), np.float32)
    config = VadConfig()
    vad = SileroVad(config)
    vad.load()
    row = replay("gap-1", Turn(say="Something | said."), np.concatenate([speech, gap, speech]),
                 vad, config, lambda audio, lead_in_s: _heard())
    assert len(row.pauses) >= 2 and row.pauses[-1].final and not row.pauses[0].final
    first = row.pauses[0]
    assert first.cues.paused_ms == 0.0 and 352 <= first.silence_ms <= 480
    assert row.pauses[-1].cues.paused_ms == max(p.silence_ms for p in row.pauses[:-1])


def _lag(a: np.ndarray, b: np.ndarray) -> int:
    """Samples by which the loudest stretch of `b` comes after that of `a`."""
    n = min(len(a), len(b))
    spectrum = np.fft.rfft(b[:n], 2 * n) * np.conj(np.fft.rfft(a[:n], 2 * n))
    corr = np.fft.irfft(spectrum)
    lag = int(np.argmax(corr))
    return lag if lag < n else lag - 2 * n


def _heard() -> Heard:
    return Heard(Transcript(text="Something said."), NoIntent(text="Something said."))


def test_rows_of_earlier_runs_read_as_phase_zero(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    cues = {"grammar": "none", "punctuated": True, "dangling": False, "pitch_change_st": None}
    path.write_text(
        '{"name": "complete-1", "say": "x", "split": "report", "pauses": '
        f'[{{"silence_ms": 900, "final": true, "text": "x", {_json(cues)}}}]}}\n'
    )
    (row,) = read_records(path)
    assert row.phase_ms == 0.0
    assert row.pauses[0].cues == Cues("none", True, False, None, paused_ms=0.0)
    assert not row.amounts_known  # before round 20: "words" where "amount" belongs
    assert read_records(_rewritten(path, row))[0].amounts_known  # rows written now say so


def test_rows_of_earlier_runs_get_their_earlier_pauses_from_the_row(tmp_path: Path) -> None:
    """Rows replayed before the cue existed: each pause's longest earlier pause, from the row
    (the same number a replay records now)."""
    path = tmp_path / "old.jsonl"
    cues = {"grammar": "complete", "punctuated": False, "dangling": False,
            "pitch_change_st": None}
    pauses = ", ".join(
        f'{{"silence_ms": {ms}, "final": {final}, "text": "x", {_json(cues)}}}'
        for ms, final in ((416, "false"), (224, "false"), (1600, "true"))
    )
    path.write_text(f'{{"name": "slow-1", "say": "x", "split": "report", "pauses": [{pauses}]}}\n')
    (row,) = read_records(path)
    assert [p.cues.paused_ms for p in row.pauses] == [0.0, 416.0, 416.0]


def _rewritten(path: Path, row: TurnPauses) -> Path:
    new = path.with_name("new.jsonl")
    new.write_text(json.dumps(dataclasses.replace(row, amounts_known=True).to_dict()) + "\n")
    return new


def _json(fields: dict[str, object]) -> str:
    return json.dumps(fields)[1:-1]
