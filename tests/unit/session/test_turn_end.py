"""The end-of-turn decision: cues → silence (table), the pitch cue on synthetic tones, and the
listener ending turns on scripted fakes (a VAD that hears any non-zero frame, recognition jobs
that answer with a scripted result)."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest

from sayso.config import SessionConfig, VadConfig
from sayso.constants import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE
from sayso.events import Event, IntentRecognized, NoIntent, Transcript
from sayso.session.audio_input import AudioInput
from sayso.session.listener import Listener
from sayso.session.prosody import final_pitch_change
from sayso.session.recognition import Heard
from sayso.session.turn_end import Cues, TurnEndPolicy, cues_of
from sayso.session.utterance import LiveUtterance

POLICY = TurnEndPolicy(by_score_ms=(1000, 900, 700, 256, 160), hold_ms=800, fall_st=1.0)
COMMAND = IntentRecognized(intent="HassTurnOn", text="turn on the kitchen light")


@pytest.mark.parametrize(
    ("cues", "ms"),
    [
        (Cues("complete", True, False, -3.0), 160),  # every cue says done: score 1
        (Cues("complete", False, False, -3.0), 256),  # no full stop: 0.75
        (Cues("complete", True, False, 2.0), 256),  # the pitch rose
        (Cues("complete", True, False, None), 256),  # no pitch found
        (Cues("complete", False, False, None), 700),  # the grammar alone: 0.5
        (Cues("open", True, False, -3.0), 700),  # a free-text slot may go on: as no command
        (Cues("open", False, False, None), 1000),
        (Cues("none", False, False, None), 1000),  # nothing says done
        (Cues("complete", True, True, -3.0), 800),  # "... to the": mid-sentence, hold on
        (Cues("none", False, True, None), 800),
    ],
)
def test_the_policy_maps_cues_to_silence(cues: Cues, ms: int) -> None:
    assert POLICY.silence_ms(cues) == ms
    assert f"-> {ms} ms" in POLICY.explain(cues)


def test_cues_are_read_from_the_transcript_and_understanding() -> None:
    assert cues_of("Turn on the kitchen light.", COMMAND, -2.0) == Cues(
        "complete", True, False, -2.0
    )
    assert cues_of("Set a timer for", NoIntent(text="x"), None).dangling
    assert not cues_of("Set a timer for...", NoIntent(text="x"), None).punctuated
    open_ended = IntentRecognized(intent="HassListAddItem", text="add", open_ended=True)
    assert cues_of("Add milk to my list.", open_ended, None).grammar == "open"
    unsure = IntentRecognized(intent="HassTurnOn", text="t", confidence=0.3)
    assert cues_of("Turn on.", unsure, None).grammar == "open"


def tone(start_hz: float, end_hz: float, seconds: float = 1.0) -> np.ndarray:
    """A voiced-like harmonic tone gliding from `start_hz` to `end_hz` over its last half."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    f = np.where(t < seconds / 2, start_hz,
                 start_hz + (end_hz - start_hz) * (t - seconds / 2) / (seconds / 2))
    phase = 2 * np.pi * np.cumsum(f) / SAMPLE_RATE
    return (0.3 * np.sin(phase) + 0.15 * np.sin(2 * phase)).astype(np.float32)


def test_the_pitch_cue_hears_a_fall_and_a_rise() -> None:
    falling = final_pitch_change(tone(200, 120))
    rising = final_pitch_change(tone(150, 220))
    assert falling is not None and falling < -3.0
    assert rising is not None and rising > 3.0
    assert final_pitch_change(np.zeros(SAMPLE_RATE, np.float32)) is None


# ---- the listener on scripted fakes ---------------------------------------------------------


class LoudVad:
    """Speech wherever the frame is not silent."""

    def probability(self, samples: np.ndarray) -> float:
        return 1.0 if float(np.abs(samples).max()) > 0 else 0.0

    def reset(self) -> None:
        """Stateless."""


class ScriptedJobs:
    """Recognition that answers every speculation with `heard` (None: never finishes)."""

    def __init__(self, heard: Heard | None) -> None:
        self.heard = heard
        self.started = 0

    def recognize(self, audio: np.ndarray, then: object = None) -> asyncio.Future[Heard]:
        self.started += 1
        future: asyncio.Future[Heard] = asyncio.get_running_loop().create_future()
        if self.heard is not None:
            future.set_result(self.heard)
        return future


class Host:
    """Records endpoints."""

    def __init__(self) -> None:
        self.ended: list[LiveUtterance] = []

    def emit(self, event: Event) -> None:
        """Dropped."""

    def active_response(self) -> None:
        return None

    def on_voiced(self, utterance: LiveUtterance) -> None:
        """No partials."""

    def on_endpoint(self, utterance: LiveUtterance, heard: Any, speculation: str) -> None:
        self.ended.append(utterance)

    def preparing(self, utterance: LiveUtterance) -> None:
        """Nothing to prepare."""


def heard(text: str, understood: IntentRecognized | NoIntent, pitch: float | None) -> Heard:
    return Heard(Transcript(text=text), understood, pitch)


CONFIG = SessionConfig(vad=VadConfig(min_silence_ms=500), early_endpoint_ms=160,
                       doubtful_endpoint_ms=256, unsure_endpoint_ms=640, hold_endpoint_ms=800,
                       partial_interval_ms=0)


async def silence_until_end(result: Heard | None, config: SessionConfig = CONFIG,
                            speech_frames: int = 20) -> float | None:
    """Speech, then silent frames one by one: the silence (ms) at which the turn ended."""
    host = Host()
    audio = AudioInput(keep_s=30)
    listener = Listener(host, audio, LoudVad(), ScriptedJobs(result), config)  # type: ignore[arg-type]
    audio.push(np.full(speech_frames * FRAME_SAMPLES, 0.1, np.float32), 0.0)
    listener.process()
    for k in range(1, 60):
        audio.push(np.zeros(FRAME_SAMPLES, np.float32), 0.0)
        listener.process()
        await asyncio.sleep(0)  # the speculation's done-callback
        if host.ended:
            return k * FRAME_MS
    return None


async def test_a_confident_command_ends_after_the_short_silence() -> None:
    ended = await silence_until_end(heard("Turn on the kitchen light.", COMMAND, -4.0))
    assert ended is not None and 160 <= ended < 160 + FRAME_MS


async def test_a_question_waits_the_unsure_silence() -> None:
    ended = await silence_until_end(heard("what is love", NoIntent(text="x"), None))
    assert ended is not None and 640 <= ended < 640 + FRAME_MS


async def test_a_dangling_word_holds_the_turn_past_the_silence_timeout() -> None:
    ended = await silence_until_end(heard("Set a timer for", NoIntent(text="x"), None))
    assert ended is not None and 800 <= ended < 800 + FRAME_MS


async def test_without_a_finished_speculation_the_turn_waits_for_it() -> None:
    """No cues yet: the turn ends only at the longest silence the policy knows (the hold)."""
    ended = await silence_until_end(None)
    assert ended is not None and 800 <= ended < 800 + FRAME_MS


async def test_cue_based_ending_off_waits_the_plain_timeout() -> None:
    config = SessionConfig(vad=VadConfig(min_silence_ms=500), early_endpoint_ms=0,
                           partial_interval_ms=0)
    ended = await silence_until_end(heard("Turn on the light.", COMMAND, -4.0), config)
    assert ended is not None and 500 <= ended < 500 + FRAME_MS
