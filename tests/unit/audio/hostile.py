"""Hostile audio files from the reliability pass (issue 11): each must give one clear `BadInput`."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 16_000
NOT_FINITE_SHARE = 0.01
"""Share of NaN (or Inf) samples in the not-finite files: 1 %, as in the report."""


def wav_bytes(
    tag: int, *, channels: int = 1, rate: int = RATE, bits: int = 16,
    block_align: int | None = None, extra: bytes = b"", data: bytes = b"\x00" * 3200,
    data_len: int | None = None,
) -> bytes:
    """A RIFF/WAVE file with any header fields, valid or not."""
    align = (block_align if block_align is not None else channels * max(bits, 8) // 8) & 0xFFFF
    fmt = struct.pack("<HHIIHH", tag, channels, rate, (rate * align) & 0xFFFFFFFF, align, bits)
    if extra:
        fmt += struct.pack("<H", len(extra)) + extra
    size = len(data) if data_len is None else data_len
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", size) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def not_finite(value: float, seconds: float = 1.0) -> np.ndarray:
    """A tone with `NOT_FINITE_SHARE` of its samples replaced by `value` (NaN or ±Inf)."""
    t = np.arange(int(RATE * seconds)) / RATE
    x = (0.3 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    x[:: int(1 / NOT_FINITE_SHARE)] = value
    return x


def hostile_files(folder: Path) -> dict[str, Path]:
    """Write every hostile file into `folder`; name → path."""
    rng = np.random.default_rng(11)
    noise = rng.integers(0, 256, 4000, dtype=np.uint8).tobytes()
    blobs = {
        "zero_bits.wav": wav_bytes(1, bits=0, block_align=0, data=noise),
        "tag_ffff.wav": wav_bytes(0xFFFF, data=noise),
        # GSM 6.10: 65-byte blocks of 320 samples, announced in the extension field.
        "gsm610.wav": wav_bytes(0x31, rate=8000, bits=0, block_align=65,
                                extra=struct.pack("<H", 320), data=noise[:65 * 40]),
        "truncated.wav": wav_bytes(1, data=noise[:1000], data_len=320_000),
        "garbage.wav": noise,
        "bad.mp3": (b"\xff\xfb\x90\x64" + noise[:400]) * 8,
        "id3_only.mp3": b"ID3\x03\x00\x00\x00\x00\x00\x10" + noise[:200],
    }
    paths = {}
    for name, blob in blobs.items():
        (folder / name).write_bytes(blob)
        paths[name] = folder / name
    for name, value in (("nan.wav", np.nan), ("inf.wav", np.inf), ("neg_inf.wav", -np.inf)):
        sf.write(folder / name, not_finite(value), RATE, subtype="FLOAT")
        paths[name] = folder / name
    return paths
