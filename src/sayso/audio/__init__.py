"""The audio front end: decode and normalise input to 16 kHz mono float32, frame it, describe it."""

from sayso.audio.io import (
    encode,
    ensure_not_silent,
    from_pcm16_bytes,
    load_audio,
    pcm16_bytes,
    resample,
    write_wav,
)

__all__ = [
    "encode",
    "ensure_not_silent",
    "from_pcm16_bytes",
    "load_audio",
    "pcm16_bytes",
    "resample",
    "write_wav",
]
