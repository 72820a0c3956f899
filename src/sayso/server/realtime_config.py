"""``session.update`` ↔ `SessionConfig`: OpenAI's session object mapped onto sayso's settings."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from sayso.errors import BadInput
from sayso.server.realtime_schema import (
    MAX_MS,
    MAX_WORD_CHARS,
    bounded_text,
    number,
    session_setting,
)
from sayso.session.config import SessionConfig

OPENAI_INPUT_RATE = 24_000
"""OpenAI's pcm16 input is 24 kHz unless the session says otherwise (sayso extension)."""
MIN_INPUT_RATE, MAX_INPUT_RATE = 8_000, 48_000
AUDIO_FORMATS = ("pcm16",)


@dataclasses.dataclass
class RealtimeSession:
    """What a client configured: the engine config plus wire-level choices."""

    config: SessionConfig = dataclasses.field(default_factory=SessionConfig)
    input_rate: int = OPENAI_INPUT_RATE
    """Sample rate of the client's pcm16 input, Hz."""
    voice: str = "alloy"
    id: str = dataclasses.field(default_factory=lambda: f"sess_{uuid.uuid4().hex[:20]}")

    def describe(self) -> dict[str, Any]:
        """The ``session`` object of session.created / session.updated."""
        c = self.config
        turn = None if c.manual else {
            "type": "server_vad", "threshold": c.vad_threshold,
            "prefix_padding_ms": c.prefix_padding_ms, "silence_duration_ms": c.silence_ms,
            "create_response": True, "interrupt_response": True,
        }
        return {
            "id": self.id, "object": "realtime.session", "model": "sayso",
            "modalities": ["audio", "text"], "voice": self.voice,
            "input_audio_format": "pcm16", "output_audio_format": "pcm16",
            "input_audio_sample_rate": self.input_rate,
            "input_audio_transcription": {"model": "sayso"},
            "turn_detection": turn,
            "sayso": {f.name: _plain(getattr(c, f.name)) for f in dataclasses.fields(c)},
        }

    def update(self, body: Any) -> None:
        """Apply a ``session.update`` body; raises `BadInput` (nothing changes) when invalid."""
        if not isinstance(body, dict):
            raise BadInput("session must be an object", code="invalid_session")
        changes: dict[str, Any] = {}
        if "turn_detection" in body:
            changes.update(_turn_detection(body["turn_detection"]))
        for key in ("input_audio_format", "output_audio_format"):
            if key in body and body[key] not in AUDIO_FORMATS:
                raise BadInput(f"{key} {body[key]!r} is not supported (use pcm16)",
                               code="unsupported_audio_format")
        rate = int(number(body.get("input_audio_sample_rate", self.input_rate),
                          "input_audio_sample_rate", MIN_INPUT_RATE, MAX_INPUT_RATE, integer=True))
        extra = body.get("sayso", {})
        if not isinstance(extra, dict):
            raise BadInput("session.sayso must be an object", code="invalid_session")
        changes.update({k: session_setting(k, v) for k, v in extra.items()})
        voice = body.get("voice", self.voice)
        voice = bounded_text(voice, "voice", MAX_WORD_CHARS) if voice is not None else self.voice
        try:
            config = dataclasses.replace(self.config, **changes)
        except TypeError as exc:
            raise BadInput(f"invalid session setting: {exc}", code="invalid_session") from None
        self.config, self.input_rate, self.voice = config, rate, voice


def _turn_detection(value: Any) -> dict[str, Any]:
    if value is None:
        return {"turn_detection": "manual"}
    if not isinstance(value, dict) or value.get("type") not in ("server_vad", "semantic_vad"):
        raise BadInput("turn_detection must be null or {type: server_vad, ...}",
                       code="invalid_turn_detection")
    out: dict[str, Any] = {"turn_detection": "server_vad"}
    mapping = {"silence_duration_ms": "silence_ms", "prefix_padding_ms": "prefix_padding_ms",
               "threshold": "vad_threshold"}
    for wire, name in mapping.items():
        if value.get(wire) is not None:
            where = f"turn_detection.{wire}"
            if name == "vad_threshold":
                out[name] = number(value[wire], where, 0.0, 1.0)
            else:
                out[name] = int(number(value[wire], where, 0, MAX_MS))
    return out


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
