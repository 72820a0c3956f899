"""Reading Wyoming input strictly: bounded frames, typed fields, sane audio formats, bounded audio.

The `wyoming` library's reader trusts the client: any `data_length` / `payload_length` is read into
memory, and a header that is JSON but not an object (or has a string length) raises out of the
connection task with a traceback. sayso reads frames itself so every malformed input becomes one
`error` event with a stable code.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from typing import Any, Final

import numpy as np
from wyoming.event import Event

from sayso.audio.io import PCM16_SCALE
from sayso.constants import SAMPLE_WIDTH_BYTES
from sayso.errors import SaysoError

MAX_HEADER_BYTES: Final[int] = 64 * 1024
"""Longest header line (asyncio's default stream limit; real headers are ~100 bytes)."""
MAX_DATA_BYTES: Final[int] = 256 * 1024
"""Largest `data` block; the longest allowed text fits with room for JSON escapes."""
MAX_PAYLOAD_BYTES: Final[int] = 1024 * 1024
"""Largest binary payload of one event (an audio chunk is usually 2 KiB; 1 MiB is ~5 s at 48 kHz
stereo)."""
SKIP_BYTES: Final[int] = 64 * 1024
"""Oversized blocks are read and dropped in pieces of this size, so they never sit in memory."""

MIN_RATE_HZ: Final[int] = 8_000
MAX_RATE_HZ: Final[int] = 48_000
"""Sample rates accepted for input audio (telephone to studio)."""
SUPPORTED_WIDTHS_BYTES: Final[tuple[int, ...]] = (2,)
"""Sample widths the decoder reads (16-bit PCM)."""
MAX_CHANNELS: Final[int] = 8
"""Most channels accepted (they are averaged to mono)."""

MAX_COMMAND_CHARS: Final[int] = 1_000
"""Longest `transcript` / `recognize` text (a spoken command is far shorter)."""
MAX_CHUNK_CHARS: Final[int] = 4_096
"""Longest text of one `synthesize-chunk` (the same as one `synthesize`)."""
LANGUAGE_PATTERN: Final[re.Pattern[str]] = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}")
"""A BCP 47-like tag ("en", "en-US", "yue"); anything else is refused before any engine."""


class WyomingInputError(SaysoError):
    """A malformed event; `fatal` when the byte stream cannot be trusted (connection closes)."""

    def __init__(self, message: str, *, code: str, fatal: bool = False) -> None:
        super().__init__(message, code=code)
        self.fatal = fatal


@dataclasses.dataclass(frozen=True)
class AudioFormat:
    """The PCM format an `audio-start` or `audio-chunk` declares."""

    rate: int
    """Samples per second, per channel."""
    width: int
    """Bytes per sample."""
    channels: int
    """Interleaved channels."""

    @property
    def frame_bytes(self) -> int:
        """Bytes per frame (one sample of every channel)."""
        return self.width * self.channels


class AudioBuffer:
    """The audio of one utterance, as 16-bit mono, bounded in bytes."""

    def __init__(self, fmt: AudioFormat, max_seconds: float) -> None:
        self.fmt = fmt
        self.max_bytes = int(max_seconds * fmt.rate) * SAMPLE_WIDTH_BYTES
        """Bound on what is kept (mono 16-bit): at most 60 s at 48 kHz is 5.8 MB."""
        self.max_seconds = max_seconds
        self._pieces: list[np.ndarray] = []
        self._kept_bytes = 0
        self._partial = b""  # a frame split across two chunks

    def add(self, fmt: AudioFormat, audio: bytes) -> None:
        """Append one chunk; raises when its format differs or the utterance gets too long."""
        if fmt != self.fmt:
            raise SaysoError(f"audio-chunk format {fmt} differs from the stream's {self.fmt}",
                             code="audio_format_unsupported")
        data = self._partial + audio
        whole = len(data) - len(data) % fmt.frame_bytes
        self._partial = data[whole:]
        frames = np.frombuffer(data[:whole], dtype="<i2").reshape(-1, fmt.channels)
        if self._kept_bytes + len(frames) * SAMPLE_WIDTH_BYTES > self.max_bytes:
            raise SaysoError(f"audio is longer than {self.max_seconds:g} s", code="audio_too_long")
        mono = frames[:, 0] if fmt.channels == 1 else frames.mean(axis=1).astype("<i2")
        self._pieces.append(mono)
        self._kept_bytes += mono.nbytes

    def samples(self) -> np.ndarray:
        """Everything received, as float32 at the stream's rate."""
        pcm = np.concatenate(self._pieces) if self._pieces else np.zeros(0, "<i2")
        return pcm.astype(np.float32) / PCM16_SCALE


async def read_event(reader: asyncio.StreamReader) -> Event | None:
    """The next event, None at end of stream; raises `WyomingInputError` for a malformed one."""
    line = await _header_line(reader)
    if line is None:
        return None
    header = _json_object(line, fatal=True)
    data_block, payload = await _blocks(reader, header)
    event_type = header.get("type")
    if not isinstance(event_type, str) or not event_type:
        raise WyomingInputError("event header needs a 'type' string", code="invalid_event")
    data = header.get("data", {})
    if not isinstance(data, dict):
        raise WyomingInputError("event 'data' must be an object", code="invalid_event")
    if data_block:
        data = {**data, **_json_object(data_block, fatal=False)}
    return Event(type=event_type, data=data, payload=payload or None)


async def _header_line(reader: asyncio.StreamReader) -> bytes | None:
    try:
        return await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise WyomingInputError("connection closed inside an event header",
                                    code="invalid_event", fatal=True) from None
        return None
    except asyncio.LimitOverrunError:
        raise WyomingInputError(f"event header longer than {MAX_HEADER_BYTES} bytes",
                                code="message_too_large", fatal=True) from None


async def _blocks(reader: asyncio.StreamReader, header: dict[str, Any]) -> tuple[bytes, bytes]:
    """Data block and payload, both read (or skipped) first so the next frame starts cleanly."""
    blocks = []
    for name, limit in (("data", MAX_DATA_BYTES), ("payload", MAX_PAYLOAD_BYTES)):
        length = _length(header, f"{name}_length")
        blocks.append((name, length, limit, await _read_block(reader, length, limit)))
    for name, length, limit, block in blocks:
        if block is None:
            raise WyomingInputError(f"event {name} of {length} bytes is over the {limit}-byte "
                                    "limit", code="message_too_large")
    return blocks[0][3] or b"", blocks[1][3] or b""


def _json_object(raw: bytes, *, fatal: bool) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        # RecursionError: deeply nested arrays; ValueError covers bad UTF-8 and huge integers.
        raise WyomingInputError("not valid JSON", code="invalid_json", fatal=fatal) from None
    if not isinstance(value, dict):
        raise WyomingInputError("expected a JSON object", code="invalid_event", fatal=fatal)
    return value


def _length(header: dict[str, Any], key: str) -> int:
    value = header.get(key)
    if value is None:
        return 0
    if type(value) is not int or value < 0:
        # The frame's extent is unknown, so nothing after it can be parsed.
        raise WyomingInputError(f"'{key}' must be a non-negative integer", code="invalid_event",
                                fatal=True)
    return value


async def _read_block(reader: asyncio.StreamReader, length: int, limit: int) -> bytes | None:
    """`length` bytes, or None when that is over `limit` (the bytes are then read and dropped)."""
    if length <= limit:
        return await reader.readexactly(length) if length else b""
    left = length
    while left:
        left -= len(await reader.readexactly(min(left, SKIP_BYTES)))
    return None


def audio_format(data: dict[str, Any]) -> AudioFormat:
    """The validated format of an audio event's `data`; raises ``audio_format_unsupported``."""
    rate = _int_field(data, "rate", MIN_RATE_HZ, MAX_RATE_HZ)
    width = _int_field(data, "width", min(SUPPORTED_WIDTHS_BYTES), max(SUPPORTED_WIDTHS_BYTES))
    channels = _int_field(data, "channels", 1, MAX_CHANNELS)
    return AudioFormat(rate=rate, width=width, channels=channels)


def _int_field(data: dict[str, Any], key: str, low: int, high: int) -> int:
    value = data.get(key)
    if type(value) is not int or not low <= value <= high:
        accepted = f"{low}" if low == high else f"an integer in {low}..{high}"
        raise SaysoError(f"audio {key} must be {accepted} (got {str(value)[:20]})",
                         code="audio_format_unsupported")
    return value


def text_field(data: dict[str, Any], key: str, limit: int) -> str:
    """`data[key]` as a string of at most `limit` characters (`invalid_event`, `text_too_long`)."""
    value = data.get(key)
    if not isinstance(value, str):
        raise SaysoError(f"'{key}' must be a string", code="invalid_event")
    if len(value) > limit:
        raise SaysoError(f"'{key}' is {len(value)} characters; the limit is {limit}",
                         code="text_too_long")
    return value


def language_field(data: dict[str, Any]) -> str | None:
    """The optional `language` of a `transcribe` event, as a primary language code ("en")."""
    value = data.get("language")
    if value is None:
        return None
    if not isinstance(value, str) or not LANGUAGE_PATTERN.fullmatch(value):
        raise SaysoError("'language' must be a language code such as 'en'", code="invalid_event")
    return re.split(r"[-_]", value, maxsplit=1)[0].lower()
