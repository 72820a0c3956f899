"""The wake word in a live session: every input frame is scored; the gate decides what is heard.

The listener asks `admit(frame)` before turn taking sees a frame. The wake-word audio itself is
never part of an utterance: a detection drops any utterance in progress and moves the listener's
floor past the detection, so recognition starts after the phrase. Saying the wake word while a
reply plays interrupts the reply (the user wants the floor).
"""

from __future__ import annotations

from typing import Any, Protocol

from sayso.config import WakeConfig
from sayso.constants import FRAME_SAMPLES, SAMPLE_RATE
from sayso.events import Event, ListeningChanged, WakeDetected
from sayso.session.audio_input import Frame
from sayso.session.response import Response
from sayso.session.wake_gate import Reason, WakeGate
from sayso.wake import WakeDetector, WakeEngine

FRAME_S: float = FRAME_SAMPLES / SAMPLE_RATE
"""Input clock step: one VAD frame, seconds."""


def asked_something(confirm: Any, session_id: str, reply_text: str) -> bool:
    """True when a reply asked the user something: its answer then needs no wake word.

    A pending confirmation ("Turn on the living room TV?") or any reply ending in a question mark
    ("Which room?").
    """
    pending = confirm is not None and confirm.pending(session_id) is not None
    return pending or reply_text.rstrip().endswith("?")


class WakeHost(Protocol):
    """What the wake hook needs from its session."""

    def emit(self, event: Event) -> None:
        """Send an event to the client."""

    def active_response(self) -> Response | None:
        """The reply in progress, if any."""

    def cancel_response(self, reason: str = "client") -> None:
        """Stop the current reply."""


class WakeHook:
    """One session's wake-word detector and gate."""

    def __init__(self, host: WakeHost, engine: WakeEngine, config: WakeConfig) -> None:
        self.host = host
        self.config = config
        self.detector = WakeDetector(engine.stream(), engine.model.name, config.threshold,
                                     engine.capabilities.step_samples)
        self.gate = WakeGate(config.listen_s, config.follow_up_s)
        self.detections = 0
        """Wake words heard in this session."""

    def admit(self, frame: Frame, in_utterance: bool) -> tuple[bool, bool]:
        """(pass the frame to turn taking?, was the wake word just heard?)."""
        t = (frame.index + 1) * FRAME_S
        found = self.detector.feed(frame.samples)
        if found is not None:
            self.detections += 1
            was_open = self.gate.is_open(t)
            if self.host.active_response() is not None:
                self.host.cancel_response("wake_word")
            self.gate.woke(t)
            self.host.emit(WakeDetected(model=found.name, score=found.score, end_s=t))
            if not was_open:
                self._changed(True, Reason.WAKE_WORD)
            return False, True
        if in_utterance or self.host.active_response() is not None:
            return True, False  # never cut off speech or a reply mid-way
        if self.gate.expire(t):
            self._changed(False, Reason.TIMEOUT)
        return self.gate.is_open(t), False

    def speech_started(self) -> None:
        """An utterance began (the gate was open): hold it open until the turn ends."""
        self.gate.hold()

    def turn_ended(self, t: float) -> None:
        """The utterance ended at input time `t` (a reply usually follows and holds the gate)."""
        self.gate.release(t)

    def reply_started(self) -> None:
        """A reply began: keep listening (barge-in works without the wake word)."""
        self.gate.hold()

    def reply_ended(self, t: float, *, question: bool, speaking: bool) -> None:
        """The reply ended at input time `t`; `speaking`: the user is talking over it."""
        if speaking:
            return  # that utterance's end opens the window
        reason = self.gate.release(t, question=question)
        if reason is not None:
            self._changed(True, reason)

    def _changed(self, listening: bool, reason: Reason) -> None:
        self.host.emit(ListeningChanged(listening=listening, reason=reason.value))
