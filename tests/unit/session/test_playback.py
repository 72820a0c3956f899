"""The playback schedule: what has been played, and the echo reference."""

from __future__ import annotations

import numpy as np

from sayso.session.playback import Playback

RATE = 16_000


def tone(seconds: float, value: float = 0.5) -> np.ndarray:
    return np.full(round(seconds * RATE), value, np.float32)


def two_sentences() -> Playback:
    playback = Playback()
    playback.add(tone(1.0), RATE, "One two three four.", 0, t=10.0)
    playback.add(tone(1.0), RATE, "Five six seven eight.", 1, t=10.1)
    return playback


def test_real_time_from_the_first_chunk() -> None:
    playback = two_sentences()
    assert playback.position(10.5) == 0.5
    assert playback.played_text(10.5) == "One two"
    assert playback.played_text(11.5) == "One two three four. Five six"
    assert playback.played_text(20.0) == "One two three four. Five six seven eight."
    assert playback.is_playing(11.9) and not playback.is_playing(12.1)
    assert playback.is_playing(12.1, tail_s=0.3)


def test_chunks_of_one_sentence_are_merged() -> None:
    playback = Playback()
    playback.add(tone(0.5), RATE, "Hello there friend.", 0, t=0.0)
    playback.add(tone(0.5), RATE, "Hello there friend.", 0, t=0.0)
    assert playback.full_text() == "Hello there friend."
    assert playback.played_text(0.5) == "Hello"


def test_client_reports_override_the_estimate() -> None:
    playback = two_sentences()
    playback.mark_played(0.25, t=11.0)  # the client started late
    assert playback.position(11.0) == 0.25
    assert playback.position(11.5) == 0.75


def test_stop_freezes_the_position() -> None:
    playback = two_sentences()
    playback.stop(10.5)
    assert playback.position(15.0) == 0.5
    assert not playback.is_playing(15.0)


def test_a_late_chunk_starts_when_it_arrives() -> None:
    playback = Playback()
    playback.add(tone(1.0), RATE, "First.", 0, t=0.0)
    playback.add(tone(1.0), RATE, "Second.", 1, t=3.0)  # synthesis fell behind
    assert playback.position(2.0) == 1.0
    assert playback.position(3.5) == 1.5


def test_reference_is_resampled_and_aligned() -> None:
    playback = Playback()
    ramp = np.linspace(0, 1, 22050, dtype=np.float32)
    playback.add(ramp, 22050, "Ramp.", 0, t=0.0)
    ref = playback.reference(0.5, 0.25)
    assert len(ref) == 4000
    assert abs(float(ref[-1]) - 0.5) < 0.01
    before = playback.reference(0.1, 0.2)
    assert np.all(before[:1600] == 0.0)


def test_a_pause_holds_the_position_and_resume_plays_on_from_it() -> None:
    playback = two_sentences()
    playback.pause(10.5)
    assert playback.paused
    assert playback.position(12.0) == 0.5
    assert playback.played_text(12.0) == "One two"
    assert not playback.is_playing(12.0) and playback.is_playing(10.6, tail_s=0.3)
    playback.resume(13.0)
    assert not playback.paused
    assert playback.position(13.25) == 0.75
    assert playback.is_playing(14.4) and not playback.is_playing(14.6)


def test_the_echo_reference_is_silent_while_paused() -> None:
    playback = Playback()
    ramp = np.arange(RATE, dtype=np.float32) / RATE  # 1 s: a sample's value says where it is
    playback.add(ramp, RATE, "Ramp.", 0, t=0.0)
    playback.pause(0.5)
    during = playback.reference(0.75, 0.5)  # 0.25-0.5 s played, then 0.25 s of pause
    half = len(during) // 2
    assert np.allclose(during[:half], ramp[RATE // 4 : RATE // 2])
    assert not during[half:].any()
    playback.resume(1.0)
    after = playback.reference(1.25, 0.5)  # 0.25 s paused, then 0.5-0.75 s of the reply
    assert not after[:half].any()
    assert np.allclose(after[half:], ramp[RATE // 2 : 3 * RATE // 4])
    assert np.allclose(playback.reference(2.0, 0.25), ramp[RATE - RATE // 4 :])
