"""When speech counts as a command with a wake word on: the wake word, and the follow-up window.

Pure logic on the session's input clock (seconds of audio received), so a test drives it with a
fake clock and a live session's window is measured in what the microphone heard.

* Asleep: only the wake word is listened for; speech is not sent to recognition.
* The wake word opens the gate for `listen_s` to start the command.
* While the user speaks, and while a reply is generated or played, the gate stays open (so a
  barge-in needs no wake word).
* After a reply, the gate stays open for `follow_up_s` ("and the bedroom?"); after a reply that
  asked something ("Which room?", a confirmation) it stays open until the answer starts.
"""

from __future__ import annotations

import enum

OPEN_ENDED = float("inf")
"""Deadline of a gate held open (speech, a reply, a question)."""


class Reason(enum.Enum):
    """Why the gate opened or closed (the `ListeningChanged.reason` on the wire)."""

    WAKE_WORD = "wake_word"
    FOLLOW_UP = "follow_up"
    QUESTION = "question"
    TIMEOUT = "timeout"


class WakeGate:
    """Open or closed, with a deadline on the input clock."""

    def __init__(self, listen_s: float, follow_up_s: float) -> None:
        self.listen_s = listen_s
        self.follow_up_s = follow_up_s
        self.deadline: float | None = None
        """None: asleep; otherwise the input time at which the gate closes."""

    def is_open(self, t: float) -> bool:
        """True while speech at input time `t` counts as a command."""
        return self.deadline is not None and t < self.deadline

    def expire(self, t: float) -> bool:
        """Close the gate when its deadline has passed; True when it just closed."""
        if self.deadline is not None and t >= self.deadline:
            self.deadline = None
            return True
        return False

    def woke(self, t: float) -> None:
        """The wake word was heard at `t`: the command may start within `listen_s`."""
        self.deadline = max(self._current(), t + self.listen_s)

    def hold(self) -> None:
        """Speech or a reply is in progress: stay open until `release`."""
        if self.deadline is not None:
            self.deadline = OPEN_ENDED

    def release(self, t: float, *, question: bool = False) -> Reason | None:
        """The turn or reply ended at `t`: open for the follow-up window (None: closed now)."""
        if self.deadline is None:
            return None
        if question:
            self.deadline = OPEN_ENDED
            return Reason.QUESTION
        if self.follow_up_s <= 0:
            self.deadline = None
            return None
        self.deadline = t + self.follow_up_s
        return Reason.FOLLOW_UP

    def _current(self) -> float:
        return self.deadline if self.deadline is not None else float("-inf")
