"""The wake hook's decisions with a scripted engine (pure logic: which frames reach turn taking)."""

from __future__ import annotations

import numpy as np

from sayso.config import WakeConfig
from sayso.constants import FRAME_SAMPLES
from sayso.events import Event, ListeningChanged, WakeDetected
from sayso.session.audio_input import Frame
from sayso.session.wake_hook import FRAME_S, WakeHook
from sayso.wake import WakeCapabilities, WakeModelInfo

MARK = 0.5
"""A frame holding this sample value scores 1.0 (the scripted 'phrase')."""


class ScriptedStream:
    def process(self, samples: np.ndarray) -> list[float]:
        return [1.0 if np.any(samples == MARK) else 0.0]

    def reset(self) -> None: ...


class ScriptedEngine:
    capabilities = WakeCapabilities(step_samples=FRAME_SAMPLES, warmup_samples=0)
    model = WakeModelInfo(name="scripted", phrase="scripted")

    def load(self) -> None: ...

    def stream(self) -> ScriptedStream:
        return ScriptedStream()


class Host:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.replying = False
        self.cancelled: list[str] = []

    def emit(self, event: Event) -> None:
        self.events.append(event)

    def active_response(self) -> object | None:
        return object() if self.replying else None

    def cancel_response(self, reason: str = "client") -> None:
        self.cancelled.append(reason)
        self.replying = False


def frame(index: int, wake: bool = False) -> Frame:
    samples = np.zeros(FRAME_SAMPLES, np.float32)
    samples[0] = MARK if wake else 0.0
    return Frame(index=index, samples=samples, t_end=0.0)


def test_frames_pass_only_after_the_wake_word_and_until_the_window_closes() -> None:
    host = Host()
    hook = WakeHook(host, ScriptedEngine(), WakeConfig(enabled=True, listen_s=1.0))  # type: ignore[arg-type]
    assert hook.admit(frame(0), False) == (False, False)  # asleep
    assert hook.admit(frame(1, wake=True), False) == (False, True)  # the phrase is not passed on
    assert isinstance(host.events[0], WakeDetected)
    assert host.events[1] == ListeningChanged(
        listening=True, reason="wake_word", t_created=host.events[1].t_created
    )
    assert hook.admit(frame(2), False) == (True, False)  # now listening
    last = 2 + round(1.0 / FRAME_S)
    assert hook.admit(frame(last), False)[0] is False  # listen_s passed without speech
    closed = host.events[-1]
    assert isinstance(closed, ListeningChanged) and closed.reason == "timeout"


def test_speech_and_replies_hold_the_gate_and_the_wake_word_cuts_a_reply() -> None:
    host = Host()
    hook = WakeHook(host, ScriptedEngine(), WakeConfig(enabled=True, listen_s=1.0,  # type: ignore[arg-type]
                                                      follow_up_s=2.0))
    hook.admit(frame(0, wake=True), False)
    hook.speech_started()
    for index in range(1, 500):
        hook.admit(frame(index), True)
    assert hook.admit(frame(500), True) == (True, False)  # a long utterance is not cut off
    hook.turn_ended(500 * FRAME_S)
    hook.reply_started()
    host.replying = True
    for index in range(501, 900):  # the detector hears every frame, as in a session
        hook.admit(frame(index), False)
    assert hook.admit(frame(900), False) == (True, False)  # barge-in needs no wake word
    assert hook.admit(frame(901, wake=True), False) == (False, True)
    assert host.cancelled == ["wake_word"]
    hook.reply_ended(902 * FRAME_S, question=True, speaking=False)
    assert hook.admit(frame(5000), False) == (True, False)  # a question waits for the answer
