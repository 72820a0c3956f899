"""Decoding client input: base64 pcm16 appends and text conversation items."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import numpy as np

from sayso.audio.io import PCM16_SCALE
from sayso.errors import BadInput


def decode_pcm16(audio: Any) -> np.ndarray:
    """The float32 samples of an ``input_audio_buffer.append`` payload (at the wire rate)."""
    if not isinstance(audio, str):
        raise BadInput("input_audio_buffer.append needs base64 'audio'", code="invalid_audio")
    try:
        raw = base64.b64decode(audio, validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("audio is not valid base64", code="invalid_audio") from None
    if len(raw) % 2:
        raise BadInput("pcm16 audio has an odd number of bytes", code="invalid_audio")
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / PCM16_SCALE


def user_text(item: Any) -> str:
    """The text of a ``conversation.item.create`` user message (input_text parts joined)."""
    content = item.get("content") if isinstance(item, dict) else None
    if not isinstance(content, list):
        raise BadInput("conversation.item.create needs item.content", code="invalid_item")
    texts: list[str] = [
        c["text"] for c in content
        if isinstance(c, dict) and c.get("type") in ("input_text", "text")
        and isinstance(c.get("text"), str)
    ]
    text = " ".join(t.strip() for t in texts if t.strip())
    if not text:
        raise BadInput("only user messages with input_text content are supported",
                       code="invalid_item")
    return text
