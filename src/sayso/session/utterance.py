"""Bookkeeping of one user utterance while it is being spoken and recognised."""

from __future__ import annotations

import asyncio
import dataclasses

from sayso.app.prepare import PreparedReply
from sayso.constants import FRAME_SAMPLES, SAMPLE_RATE
from sayso.events import Transcript
from sayso.session.articulation import Articulation
from sayso.session.recognition import Heard
from sayso.session.response import Response
from sayso.session.timeline import TurnTimeline

Prepared = tuple[Heard, PreparedReply | None, float]
"""(the speculation it was made from, the reply or None when none applies, when it was ready)."""


@dataclasses.dataclass(eq=False)
class LiveUtterance:
    """A user utterance from its onset until it becomes a turn (or is dropped)."""

    turn_id: str
    timeline: TurnTimeline
    first_frame: int
    """First frame of its audio (onset minus the prefix padding)."""
    onset_s: float
    """Stream position of the speech onset, seconds."""
    end_s: float = 0.0
    """Stream position after the last voiced frame, seconds (set at the endpoint)."""
    over: Response | None = None
    """The reply that was active when the user started: the utterance may only interrupt it
    (long enough, not a backchannel), and is reported only once it does."""
    announced: bool = False
    """`SpeechStarted` was emitted."""
    barged: bool = False
    """It interrupted the reply."""
    pause_tried: bool = False
    """It has paused the reply it talks over once already (a burst pauses at most once)."""
    paused: bool = False
    """The reply it talks over is paused for it, waiting for the barge-in decision."""
    end_after_ms: float | None = None
    """Trailing silence that ends the turn, as the current speculation's cues decided."""
    silence_from: int | None = None
    """The endpointer's frame after the last voiced one when the latest speculation started
    (the start of the pause it is in); None once speech resumed, or before any pause."""
    paused_ms: float = 0.0
    """The longest pause so far that the user went on after, ms (`Cues.paused_ms`)."""
    voiced_ms: float = 0.0
    """Voiced speech so far, ms."""
    check: asyncio.Future[Transcript] | None = None
    """Quick transcription deciding whether a burst over the reply is a backchannel."""
    speech_checks: int = 0
    """Consecutive backchannel checks that heard real words."""
    quiet_check: bool = False
    """The latest finished check heard no talk: no words, listener feedback, or the reply's
    own words (noise, a hum, the canceller's residue)."""
    articulation: Articulation | None = None
    """Over a reply: what the sound of the burst says about words in it (`session.articulation`),
    measured on its audio at its latest speculation; None: not measured."""
    check_voiced_ms: float = 0.0
    """`voiced_ms` when the check was started."""
    partial: asyncio.Future[Transcript] | None = None
    """Partial transcription in flight."""
    last_partial_t: float = 0.0
    """Wall time the last partial was started."""
    closed: bool = False
    """The endpoint was reached; no more partials or checks."""
    prepared: asyncio.Future[Prepared] | None = None
    """The reply being prepared from the current speculation (`app/prepare.py`)."""

    def drop_prepared(self) -> None:
        """Forget the prepared reply (speech resumed, the audio changed)."""
        if self.prepared is not None and not self.prepared.done():
            self.prepared.cancel()
        self.prepared = None

    def drop_partial(self) -> None:
        """Unqueue the partial transcript if it has not started: newer work covers its audio."""
        if self.partial is not None and not self.partial.done():
            self.partial.cancel()  # a queued pool job never runs; a running one is ignored

    def drop_quick(self) -> None:
        """Unqueue the partial and the barge-in check: the endpoint's recognition decides now."""
        self.drop_partial()
        if self.check is not None and not self.check.done():
            self.check.cancel()

    @property
    def lead_in_s(self) -> float:
        """Audio before the onset that its audio begins with, seconds (`AsrRequest.lead_in_s`).

        The VAD's pre-roll, less at the stream's start or right after a wake word.
        """
        return self.onset_s - self.first_frame * FRAME_SAMPLES / SAMPLE_RATE

    @property
    def deferred(self) -> bool:
        """True while it talks over a reply without (yet) interrupting it."""
        return self.over is not None and not self.barged
