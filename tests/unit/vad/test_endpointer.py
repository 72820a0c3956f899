"""The endpointing state machine on scripted speech probabilities (32 ms frames)."""

from __future__ import annotations

from sayso.config import VadConfig
from sayso.vad.endpointer import Endpointer, Signal, Thresholds


def machine(silence_ms: int = 160, min_speech_ms: int = 96) -> Endpointer:
    # 160 ms silence = 5 frames; 96 ms speech = 3 frames; trailing pad 96 ms = 3 frames.
    config = VadConfig(min_silence_ms=silence_ms, min_speech_ms=min_speech_ms, trail_pad_ms=96)
    return Endpointer(Thresholds.from_config(config, playing_threshold=0.8))


def run(taker: Endpointer, probs: list[float], **kw: bool) -> list[tuple[int, Signal]]:
    out = []
    for p in probs:
        index = taker.frame
        out.extend((index, s) for s in taker.step(p, **kw))
    return out


def test_utterance_signals_in_order() -> None:
    taker = machine()
    signals = run(taker, [0.0] * 2 + [0.9] * 6 + [0.1] * 6)
    assert signals == [
        (4, Signal.STARTED),
        (10, Signal.SEGMENT_READY),
        (12, Signal.ENDPOINT),
    ]
    assert (taker.onset, taker.voiced_end, taker.segment_end) == (2, 8, 11)
    assert taker.voiced_frames == 6
    assert not taker.in_speech


def test_click_shorter_than_min_speech_is_not_speech() -> None:
    taker = machine()
    assert run(taker, [0.9, 0.9, 0.1, 0.1] + [0.0] * 10) == []


def test_resume_after_segment_ready_means_speculation_is_stale() -> None:
    taker = machine()
    signals = [s for _, s in run(taker, [0.9] * 4 + [0.1] * 3 + [0.9] * 3 + [0.1] * 5)]
    assert signals == [
        Signal.STARTED,
        Signal.SEGMENT_READY,
        Signal.RESUMED,
        Signal.SEGMENT_READY,
        Signal.ENDPOINT,
    ]


def test_short_pause_before_trailing_pad_is_not_a_resume() -> None:
    taker = machine()
    signals = [s for _, s in run(taker, [0.9] * 4 + [0.1] + [0.9] * 2 + [0.1] * 5)]
    assert Signal.RESUMED not in signals
    assert signals[-1] is Signal.ENDPOINT


def test_hysteresis_keeps_a_dipping_run_going() -> None:
    taker = machine()
    run(taker, [0.9] * 4 + [0.4] * 10)  # 0.4 >= 0.5 - 0.15: still voiced
    assert taker.in_speech and taker.voiced_frames == 14


def test_raised_threshold_while_playing() -> None:
    taker = machine()
    assert run(taker, [0.7] * 10, playing=True) == []
    assert [s for _, s in run(taker, [0.95] * 4, playing=True)] == [Signal.STARTED]


def test_echo_frames_count_as_silence() -> None:
    taker = machine()
    assert run(taker, [0.99] * 20, playing=True, echo=True) == []


def test_force_endpoint_and_reset() -> None:
    taker = machine()
    assert not taker.force_endpoint()
    run(taker, [0.9] * 5)
    assert taker.force_endpoint()
    assert not taker.in_speech
    run(taker, [0.9] * 5)
    taker.reset()
    assert not taker.in_speech and taker.frame == 10
