"""``session.update`` ↔ `SessionConfig`: OpenAI's session object mapped onto sayso's settings."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from sayso.config import SessionConfig
from sayso.errors import BadInput, ConfigError
from sayso.server.realtime_schema import (
    MAX_MS,
    MAX_WORD_CHARS,
    bounded_text,
    number,
    session_setting,
)

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
            "type": "server_vad", "threshold": c.vad.threshold,
            "prefix_padding_ms": c.vad.speech_pad_ms, "silence_duration_ms": c.vad.min_silence_ms,
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
        vad: dict[str, Any] = {}
        if "turn_detection" in body:
            changes["turn_detection"], vad = _turn_detection(body["turn_detection"])
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
        vad = {**changes.pop("vad", {}), **vad}
        wake = changes.pop("wake", {})
        voice = body.get("voice", self.voice)
        voice = bounded_text(voice, "voice", MAX_WORD_CHARS) if voice is not None else self.voice
        try:
            endpointing = dataclasses.replace(self.config.vad, **vad)
            wake_word = dataclasses.replace(self.config.wake, **wake)
            config = dataclasses.replace(self.config, vad=endpointing, wake=wake_word, **changes)
        except (TypeError, ConfigError) as exc:
            raise BadInput(f"invalid session setting: {exc}", code="invalid_session") from None
        self.config, self.input_rate, self.voice = config, rate, voice


def _turn_detection(value: Any) -> tuple[str, dict[str, Any]]:
    """(turn detection mode, endpointing changes) of an OpenAI ``turn_detection`` object."""
    if value is None:
        return "manual", {}
    if not isinstance(value, dict) or value.get("type") not in ("server_vad", "semantic_vad"):
        raise BadInput("turn_detection must be null or {type: server_vad, ...}",
                       code="invalid_turn_detection")
    vad: dict[str, Any] = {}
    mapping = {"silence_duration_ms": "min_silence_ms", "prefix_padding_ms": "speech_pad_ms",
               "threshold": "threshold"}
    for wire, name in mapping.items():
        if value.get(wire) is not None:
            where = f"turn_detection.{wire}"
            if name == "threshold":
                vad[name] = number(value[wire], where, 0.0, 1.0)
            else:
                vad[name] = int(number(value[wire], where, 0, MAX_MS))
    return "server_vad", vad


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return list(value) if isinstance(value, tuple) else value
