"""Random and malformed Wyoming input, as raw bytes: one call, one fuzzed frame.

Each generator mixes valid structure with one kind of damage, so inputs get past the first check
often enough to reach the handlers behind it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

EVENT_TYPES = (
    "describe", "transcribe", "audio-start", "audio-chunk", "audio-stop", "synthesize",
    "synthesize-start", "synthesize-chunk", "synthesize-stop", "recognize", "transcript",
    "ping", "run-pipeline", "detect", "info", "error", "select-program",
)  # fmt: skip
WEIRD_VALUES: tuple[Any, ...] = (
    0, -1, 1, 2, 3, 4, 9, 8_000, 16_000, 48_000, 96_000, 2**31, 2**63, -(2**63), 10**30, 1e9,
    1e308, float("nan"), float("inf"), float("-inf"), -0.0, 0.5, 16_000.5, "", "16000", "en",
    "a" * 1_000, None, True, False, [], {}, [1, 2], {"a": 1}, "\u0000", "😀" * 10,
)  # fmt: skip
TEXT_ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyz ABC.,!?…'\"\n", "0123456789.:-+%$ ", "éüßçñøåœ ", "你好世界。",
    "مرحبا ", "😀🎉🔥 ", "\u0000\u0001\u001b[31m\u007f\u200b\u202e\ufeff", "a\u0301\u0308",
)  # fmt: skip


def random_text(rng: random.Random, *, max_len: int = 120) -> str:
    """Short text from a few alphabets; now and then one just under or over the 4,096 limit."""
    length = rng.choice((4_096, 4_097, 1_001)) if rng.random() < 0.03 else rng.randint(0, max_len)
    alphabet = "".join(rng.sample(TEXT_ALPHABETS, rng.randint(1, 3)))
    return "".join(rng.choice(alphabet) for _ in range(length))


def weird(rng: random.Random) -> Any:
    """A value of the wrong type or range as often as a plausible one."""
    return rng.choice(WEIRD_VALUES)


def _header(event_type: Any, data: Any = None, payload: bytes = b"", *,
            rng: random.Random, lie: bool = False) -> bytes:
    """A frame with `data` as a data block; `lie` damages a declared length."""
    block = json.dumps(data).encode() if data is not None else b""
    header: dict[str, Any] = {"type": event_type, "version": "1.10.2"}
    if block:
        header["data_length"] = len(block)
    if payload:
        header["payload_length"] = len(payload)
    if lie:
        key = rng.choice(("data_length", "payload_length"))
        header[key] = rng.choice((-1, 0, 1, 10**9, 2**70, "12", 1.5, None, [], len(block) + 3,
                                  max(len(block) - 3, 0)))
    return json.dumps(header).encode() + b"\n" + block + payload


def random_bytes(rng: random.Random) -> bytes:
    """Noise, sometimes ended with a newline."""
    return rng.randbytes(rng.randint(0, 300)) + (b"\n" if rng.random() < 0.7 else b"")


def bad_json(rng: random.Random) -> bytes:
    """A header line that is not a JSON object (or not JSON, or not UTF-8)."""
    depth = rng.randint(1, 3_000)
    return rng.choice((
        b"{", b"null", b"[]", b"123", b'"describe"', b"[" * depth + b"]" * depth,
        b'{"type": "describe"' + b"\xff\xfe", b'{"type": "describe", "data": ' + b"{" * depth,
        b"\x00" * 10, b'{"type": "describe"}' * 2,
    )) + b"\n"  # fmt: skip


def random_event(rng: random.Random) -> bytes:
    """A known or invented type with data of random shape."""
    kind = rng.choice((*EVENT_TYPES, weird(rng), rng.randbytes(8).hex()))
    data = rng.choice((None, weird(rng), {k: weird(rng) for k in rng.sample(
        ("text", "rate", "width", "channels", "language", "name", "voice", "timestamp"),
        rng.randint(0, 4))}))
    if rng.random() < 0.3:  # inline data instead of a data block
        return json.dumps({"type": kind, "data": data}).encode() + b"\n"
    return _header(kind, data, rng=rng, lie=rng.random() < 0.3)


def audio_event(rng: random.Random) -> bytes:
    """Audio events with formats that are mostly valid, payloads of odd sizes, and length lies."""
    fmt = {"rate": 16_000, "width": 2, "channels": 1}
    if rng.random() < 0.5:
        fmt[rng.choice(("rate", "width", "channels"))] = weird(rng)
    kind = rng.choice(("audio-start", "audio-chunk", "audio-chunk", "audio-stop"))
    payload = rng.randbytes(rng.randint(0, 4_000)) if kind == "audio-chunk" else b""
    return _header(kind, fmt, payload, rng=rng, lie=rng.random() < 0.1)


def text_event(rng: random.Random) -> bytes:
    """Text-carrying events (synthesis, intents, conversation) with random text."""
    kind = rng.choice(("synthesize", "synthesize-start", "synthesize-chunk", "synthesize-stop",
                       "recognize", "transcript", "transcribe"))
    key = "language" if kind == "transcribe" else "text"
    value = random_text(rng) if rng.random() < 0.85 else weird(rng)
    return _header(kind, {key: value}, rng=rng, lie=rng.random() < 0.05)


def utterance(rng: random.Random) -> bytes:
    """A whole audio-start ... audio-stop utterance (noise, silence or clipping) to transcribe."""
    fmt = {"rate": rng.choice((8_000, 16_000, 22_050, 44_100, 48_000)), "width": 2,
           "channels": rng.choice((1, 1, 2, 8))}
    frame_bytes = 2 * fmt["channels"]
    seconds = rng.choice((0.0, 0.01, 0.2, 1.0))
    total = int(seconds * fmt["rate"]) * frame_bytes
    audio = rng.choice((rng.randbytes(total), bytes(total), b"\xff\x7f" * (total // 2)))
    chunks = [audio[i : i + 4_096] for i in range(0, len(audio), 4_096)]
    return (_header("audio-start", fmt, rng=rng)
            + b"".join(_header("audio-chunk", fmt, c, rng=rng) for c in chunks)
            + _header("audio-stop", rng=rng))


def oversized(rng: random.Random) -> bytes:
    """A data block or payload just over its limit (256 KiB / 1 MiB), really sent."""
    if rng.random() < 0.5:
        return _header("transcript", {"text": "x" * 300_000}, rng=rng)
    fmt = {"rate": 16_000, "width": 2, "channels": 1}
    return _header("audio-chunk", fmt, bytes(1_100_000), rng=rng)


STRATEGIES: tuple[tuple[Callable[[random.Random], bytes], float], ...] = (
    (random_bytes, 0.15), (bad_json, 0.1), (random_event, 0.3), (audio_event, 0.25),
    (text_event, 0.16), (utterance, 0.03), (oversized, 0.01),
)  # fmt: skip


def fuzz_frame(rng: random.Random) -> tuple[str, bytes]:
    """One fuzzed frame and the name of the strategy that made it."""
    strategies, weights = zip(*STRATEGIES, strict=True)
    strategy = rng.choices(strategies, weights)[0]
    return strategy.__name__, strategy(rng)
