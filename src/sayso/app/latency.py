"""Per-stage latency, read off the event stream's monotonic timestamps."""

from __future__ import annotations

import dataclasses

from sayso.constants import MS_PER_SECOND
from sayso.events import (
    ActionResult,
    AudioChunk,
    Event,
    IntentRecognized,
    NoIntent,
    ReplyText,
    SpeechSegment,
    Transcript,
)


@dataclasses.dataclass
class TurnLatency:
    """Monotonic times (s) of the milestones of one turn; None when a milestone did not happen."""

    input_ready: float | None = None
    """Decoded input audio available (file turns) / last input frame received (live turns)."""
    decode_s: float | None = None
    """Time spent decoding and resampling the input, in seconds."""
    segment: float | None = None
    transcript: float | None = None
    intent: float | None = None
    action: float | None = None
    reply: float | None = None
    first_audio: float | None = None
    last_audio: float | None = None

    def observe(self, event: Event) -> None:
        """Record the first occurrence of each milestone."""
        t = event.t_created
        if isinstance(event, SpeechSegment):
            self.segment = self.segment or t
        elif isinstance(event, Transcript):
            self.transcript = self.transcript or t
        elif isinstance(event, IntentRecognized | NoIntent):
            self.intent = self.intent or t
        elif isinstance(event, ActionResult):
            self.action = self.action or t
        elif isinstance(event, ReplyText):
            self.reply = self.reply or t
        elif isinstance(event, AudioChunk):
            if len(event.samples) and self.first_audio is None:
                self.first_audio = t
            self.last_audio = t

    def stages_ms(self) -> dict[str, float]:
        """Per-stage latency in milliseconds (only stages that ran)."""
        out: dict[str, float] = {}
        if self.decode_s is not None:
            out["decode"] = self.decode_s * MS_PER_SECOND
        pairs = [
            ("vad", self.input_ready, self.segment),
            ("asr", self.segment, self.transcript),
            ("understanding", self.transcript, self.intent),
            ("action", self.intent, self.action),
            ("reply", self.action or self.intent, self.reply),
            ("tts_first_audio", self.reply, self.first_audio),
            ("end_to_first_audio", self.input_ready, self.first_audio),
        ]
        for name, start, end in pairs:
            if start is not None and end is not None:
                out[name] = max(0.0, (end - start) * MS_PER_SECOND)
        return out
