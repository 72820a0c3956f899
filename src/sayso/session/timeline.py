"""Per-turn timing of a live session, for metrics (all times: monotonic seconds)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sayso.app.prepare import PreparedReply
from sayso.constants import MS_PER_SECOND


@dataclasses.dataclass
class TurnTimeline:
    """Milestones of one user turn and its reply; None when a milestone did not happen."""

    turn_id: str
    response_id: str = ""
    source: str = "audio"
    """"audio" (spoken turn) or "text" (`respond_to_text`)."""
    speech_start: float | None = None
    """Wall time the first voiced frame was captured."""
    last_voiced: float | None = None
    """Wall time the last voiced input frame was captured."""
    endpoint: float | None = None
    """Wall time the end of the turn was confirmed (silence reached or commit)."""
    transcript: float | None = None
    """Wall time the final transcript was ready."""
    first_audio: float | None = None
    """Wall time the first reply audio chunk was emitted."""
    done: float | None = None
    """Wall time the reply finished or was cut."""
    speculation: str = "none"
    """"hit" (the speculative transcript was used), "miss" (transcribed at the endpoint) or
    "none" (no speculation: manual commit, text turn)."""
    speculations_discarded: int = 0
    """Speculative transcriptions thrown away in this turn because the user went on talking."""
    early_endpoint: bool = False
    """The turn ended before `vad.min_silence_ms`: its cues said it was over."""
    end_silence_ms: float | None = None
    """The trailing silence the end-of-turn decision asked for (None: not decided by cues)."""
    turn_end: str = ""
    """Why (`TurnEndPolicy.explain`: the cues and the score; no words)."""
    prepared: str = "none"
    """The reply prepared during the trailing silence: "ready" (its first audio was synthesised
    before the endpoint), "late" (still in progress at the endpoint; the turn waited for it),
    "stale" (the committed action said something else: synthesised again) or "none"."""
    reply_ready: float | None = None
    """Wall time the prepared reply's first audio was ready."""
    prepared_reply: PreparedReply | None = None
    """The prepared reply the turn committed with (checked against the action's result)."""
    status: str = ""
    """"completed" / "cancelled" once the reply ended."""
    reason: str = ""
    """Why the reply was cancelled."""

    @property
    def response_gap_ms(self) -> float | None:
        """Last voiced input frame → first reply audio chunk, ms (what the user waits)."""
        return _ms(self.last_voiced, self.first_audio)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary with derived durations in ms."""
        return {
            "turn_id": self.turn_id,
            "response_id": self.response_id,
            "source": self.source,
            "speculation": self.speculation,
            "speculations_discarded": self.speculations_discarded,
            "early_endpoint": self.early_endpoint,
            "end_silence_ms": self.end_silence_ms,
            "turn_end": self.turn_end,
            "prepared": self.prepared,
            "reply_ready_before_endpoint_ms": _round(_signed_ms(self.reply_ready, self.endpoint)),
            "status": self.status,
            "reason": self.reason,
            "response_gap_ms": _round(self.response_gap_ms),
            "endpoint_wait_ms": _round(_ms(self.last_voiced, self.endpoint)),
            "asr_after_endpoint_ms": _round(_ms(self.endpoint, self.transcript)),
            "transcript_to_audio_ms": _round(_ms(self.transcript, self.first_audio)),
        }


def _ms(start: float | None, end: float | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start) * MS_PER_SECOND)


def _signed_ms(start: float | None, end: float | None) -> float | None:
    """`end - start` in ms, negative when `end` came first."""
    return None if start is None or end is None else (end - start) * MS_PER_SECOND


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
