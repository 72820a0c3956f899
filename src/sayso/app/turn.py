"""The outcome of one turn, collected from the event stream."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from sayso.app.latency import TurnLatency
from sayso.events import (
    ActionResult,
    AudioChunk,
    ErrorEvent,
    Event,
    IntentRecognized,
    NoIntent,
    ReplyText,
    Transcript,
)


@dataclasses.dataclass
class TurnResult:
    """Everything one turn produced."""

    turn_id: str
    transcript: Transcript | None = None
    intent: IntentRecognized | None = None
    no_intent: NoIntent | None = None
    action: ActionResult | None = None
    reply_text: str = ""
    reply_language: str = ""
    """Language of the reply ("" : the default language)."""
    audio: list[np.ndarray] = dataclasses.field(default_factory=list)
    sample_rate: int = 0
    errors: list[ErrorEvent] = dataclasses.field(default_factory=list)
    timeline: TurnLatency = dataclasses.field(default_factory=TurnLatency)
    notices: list[str] = dataclasses.field(default_factory=list)
    """Announcements due before this turn (alarms missed while nothing was running)."""

    def observe(self, event: Event) -> None:
        """Fold one output event into the result."""
        self.timeline.observe(event)
        if isinstance(event, Transcript):
            self.transcript = event
        elif isinstance(event, IntentRecognized):
            self.intent = event
        elif isinstance(event, NoIntent):
            self.no_intent = event
        elif isinstance(event, ActionResult):
            self.action = event
        elif isinstance(event, ReplyText):
            self.reply_text = f"{self.reply_text} {event.text}".strip()
            self.reply_language = event.language or self.reply_language
        elif isinstance(event, AudioChunk):
            self.sample_rate = event.sample_rate
            if len(event.samples):
                self.audio.append(event.samples)
        elif isinstance(event, ErrorEvent):
            self.errors.append(event)

    @property
    def reply_audio(self) -> np.ndarray:
        """The whole spoken reply as one float32 array."""
        if not self.audio:
            return np.zeros(0, np.float32)
        return np.concatenate(self.audio).astype(np.float32)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no audio)."""
        intent = self.intent
        return {
            "turn_id": self.turn_id,
            "transcript": self.transcript.text if self.transcript else None,
            "nbest": [h.text for h in self.transcript.hypotheses] if self.transcript else [],
            "intent": intent.intent if intent else None,
            "slots": {s.name: s.value for s in intent.slots} if intent else {},
            "intent_source": intent.source if intent else None,
            "action": _action_dict(self.action) if self.action else None,
            "reply": self.reply_text,
            "reply_audio_s": round(len(self.reply_audio) / self.sample_rate, 3)
            if self.sample_rate
            else 0.0,
            "latency_ms": {k: round(v, 1) for k, v in self.timeline.stages_ms().items()},
            "errors": [{"code": e.code, "message": e.message} for e in self.errors],
            "notices": list(self.notices),
        }


def _action_dict(action: ActionResult) -> dict[str, Any]:
    return {
        "intent": action.intent,
        "success": action.success,
        "speech": action.speech,
        "changes": [dataclasses.asdict(c) for c in action.changes],
        "data": action.data,
        "error_code": action.error_code,
    }
