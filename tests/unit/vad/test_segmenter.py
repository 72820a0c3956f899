"""Endpointing logic with scripted probabilities (pure logic, no engine)."""

from __future__ import annotations

import numpy as np
import pytest

from sayso.config import VadConfig
from sayso.constants import FRAME_SAMPLES, SAMPLE_RATE
from sayso.events import Event, SpeechSegment, SpeechStarted, SpeechStopped
from sayso.vad.segmenter import Segmenter

FRAME_S = FRAME_SAMPLES / SAMPLE_RATE  # 0.032
# 3 frames of speech to start, 15 silent frames to stop, 6 frames (192 ms) of padding each side
CONFIG = VadConfig(
    threshold=0.5, min_speech_ms=96, min_silence_ms=480, speech_pad_ms=192, trail_pad_ms=192
)


def run(probs: list[float], *, finish: bool = True, origin_s: float = 0.0) -> list[Event]:
    """Frame i holds the constant value i, so a segment's samples tell which frames it holds."""
    seg = Segmenter(CONFIG)
    seg.reset(origin_s=origin_s)
    events: list[Event] = []
    for i, p in enumerate(probs):
        events += seg.push(np.full(FRAME_SAMPLES, i, np.float32), p, turn_id="t")
    if finish:
        events += seg.finish(turn_id="t")
    return events


def frames_in(segment: SpeechSegment) -> list[int]:
    return sorted({int(v) for v in segment.samples})


def of(events: list[Event], kind: type[Event]) -> list[Event]:
    return [e for e in events if isinstance(e, kind)]


def test_one_utterance_with_padding() -> None:
    events = run([0.0] * 20 + [0.9] * 10 + [0.0] * 20)
    assert [type(e) for e in events] == [SpeechStarted, SpeechStopped, SpeechSegment]
    started, stopped, segment = events
    assert isinstance(started, SpeechStarted) and isinstance(stopped, SpeechStopped)
    assert isinstance(segment, SpeechSegment)
    assert started.start_s == pytest.approx(20 * FRAME_S)
    assert stopped.end_s == pytest.approx(30 * FRAME_S)
    assert frames_in(segment) == list(range(14, 36))  # 6 frames of pad on each side
    assert segment.start_s == pytest.approx(14 * FRAME_S)
    assert segment.lead_in_s == pytest.approx(6 * FRAME_S)  # the recogniser adds no more
    assert segment.end_s == pytest.approx(36 * FRAME_S)
    assert len(segment.samples) == round((segment.end_s - segment.start_s) * SAMPLE_RATE)
    assert all(e.turn_id == "t" for e in events)


def test_events_come_when_their_frame_arrives() -> None:
    seg = Segmenter(CONFIG)
    kinds = []
    for i, p in enumerate([0.0] * 5 + [0.9] * 5 + [0.0] * 20):
        kinds += [(i, type(e).__name__) for e in seg.push(np.zeros(FRAME_SAMPLES), p)]
    # started on the 3rd voiced frame; stopped on the 15th silent frame
    assert kinds == [(7, "SpeechStarted"), (24, "SpeechStopped"), (24, "SpeechSegment")]


def test_short_blips_are_not_speech() -> None:
    assert run([0.0] * 10 + [0.9, 0.9] + [0.0] * 30) == []


def test_hysteresis_keeps_a_run_going_above_the_exit_threshold() -> None:
    events = run([0.0] * 5 + [0.9] * 3 + [0.4] * 20 + [0.0] * 20)
    (stopped,) = of(events, SpeechStopped)
    assert isinstance(stopped, SpeechStopped)
    assert stopped.end_s == pytest.approx(28 * FRAME_S)


def test_entering_needs_the_full_threshold() -> None:
    assert run([0.45] * 40) == []


def test_a_hangover_is_not_ended_by_in_between_values() -> None:
    # 0.3 starts the hangover; 0.45 (between exit 0.35 and entry 0.5) does not reset it
    events = run([0.9] * 5 + [0.3] + [0.45] * 14 + [0.9] * 5 + [0.0] * 20)
    assert len(of(events, SpeechSegment)) == 2


def test_short_pause_does_not_split_long_pause_does() -> None:
    short = run([0.9] * 10 + [0.0] * 14 + [0.9] * 10 + [0.0] * 20)
    long = run([0.9] * 10 + [0.0] * 15 + [0.9] * 10 + [0.0] * 20)
    assert len(of(short, SpeechSegment)) == 1
    assert len(of(long, SpeechSegment)) == 2


def test_finish_closes_open_speech_and_drops_a_candidate() -> None:
    events = run([0.0] * 10 + [0.9] * 10)
    (segment,) = of(events, SpeechSegment)
    assert isinstance(segment, SpeechSegment)
    assert frames_in(segment) == list(range(4, 20))  # no audio after the stream's end
    assert run([0.0] * 10 + [0.9] * 2) == []


def test_pad_is_clipped_at_stream_start_and_origin_is_applied() -> None:
    events = run([0.9] * 10 + [0.0] * 20, origin_s=5.0)
    started, _, segment = events
    assert isinstance(started, SpeechStarted) and isinstance(segment, SpeechSegment)
    assert started.start_s == pytest.approx(5.0)
    assert segment.start_s == pytest.approx(5.0)
    assert segment.lead_in_s == 0.0  # speech from the first sample: the recogniser adds a lead
    assert frames_in(segment)[0] == 0


def test_long_silence_does_not_grow_the_buffer() -> None:
    seg = Segmenter(CONFIG)
    for _ in range(2000):
        seg.push(np.zeros(FRAME_SAMPLES, np.float32), 0.0)
    assert len(seg._audio) <= 8
