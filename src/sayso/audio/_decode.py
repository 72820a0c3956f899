"""Decoding backends for `load_audio`: libsndfile first, PyAV (FFmpeg) for everything else.

Each backend returns ``(samples, rate)`` with samples shaped (frames, channels) as float32, and
refuses input longer than the limit as early as it can: from the header when the container states a
duration, otherwise while decoding, so a long file is never decoded whole just to be refused.
"""

from __future__ import annotations

import io
import struct
from typing import BinaryIO

import numpy as np
import soundfile as sf

from sayso.errors import BadInput

_RIFF_HEADER_BYTES = 12
_CHUNK_HEADER_BYTES = 8
_UNKNOWN_SIZES = (0, 0xFFFFFFFF)
"""Data sizes that streaming writers put in a WAV header when the length is not known."""


def unreadable(what: str, why: str) -> BadInput:
    """Build the one error for input that cannot be decoded."""
    return BadInput(f"cannot read audio {what}: {why}", code="audio_unreadable")


def too_long(what: str, seconds: float, limit: float) -> BadInput:
    """Build the one error for input over the length limit."""
    return BadInput(
        f"audio {what} is too long ({seconds:.1f} s; the limit is {limit:g} s)",
        code="audio_too_long",
    )


def wav_is_truncated(stream: BinaryIO) -> bool:
    """Tell whether a RIFF/WAVE header promises more data than the file holds.

    libsndfile silently reads what is there, so a file cut off mid-download would otherwise pass as
    a shorter recording.
    """
    start = stream.tell()
    try:
        head = stream.read(_RIFF_HEADER_BYTES)
        if len(head) < _RIFF_HEADER_BYTES or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return False
        while True:
            chunk = stream.read(_CHUNK_HEADER_BYTES)
            if len(chunk) < _CHUNK_HEADER_BYTES:
                return False
            chunk_id, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if chunk_id == b"data":
                if size in _UNKNOWN_SIZES:
                    return False
                here = stream.tell()
                available = stream.seek(0, io.SEEK_END) - here
                return available < size
            stream.seek(size + (size & 1), io.SEEK_CUR)  # chunks are padded to even length
    finally:
        stream.seek(start)


def decode_soundfile(stream: BinaryIO, what: str, max_seconds: float) -> tuple[np.ndarray, int]:
    """Decode with libsndfile (wav, flac, ogg...); `sf.LibsndfileError` if not its format."""
    if wav_is_truncated(stream):
        raise unreadable(what, "the file is truncated (shorter than its header says)")
    with sf.SoundFile(stream) as f:
        seconds = f.frames / f.samplerate if f.samplerate else 0.0
        if seconds > max_seconds:
            raise too_long(what, seconds, max_seconds)
        try:
            data = f.read(dtype="float32", always_2d=True)
        except sf.LibsndfileError as exc:
            raise unreadable(what, f"corrupt data ({exc.error_string})") from None
        return data, int(f.samplerate)


def decode_av(stream: BinaryIO, what: str, max_seconds: float) -> tuple[np.ndarray, int]:
    """Decode with PyAV/FFmpeg (mp3, m4a, webm, ...)."""
    # Deferred: importing av loads the FFmpeg libraries, which only non-libsndfile input needs.
    import av

    try:
        container = av.open(stream, mode="r")
    except (av.error.FFmpegError, ValueError) as exc:
        raise unreadable(what, "not a known audio format") from exc
    with container:
        if not container.streams.audio:
            raise unreadable(what, "the file has no audio stream")
        audio = container.streams.audio[0]
        if container.duration is not None and container.duration / av.time_base > max_seconds:
            raise too_long(what, container.duration / av.time_base, max_seconds)
        rate = int(audio.rate or audio.codec_context.sample_rate)
        if rate <= 0:
            raise unreadable(what, "the audio stream has no sample rate")
        return _decode_frames(container, audio, rate, what, max_seconds), rate


def _decode_frames(
    container: object, audio: object, rate: int, what: str, max_seconds: float
) -> np.ndarray:
    import av

    limit = int(max_seconds * rate)
    # Planar float gives (channels, samples) whatever the codec's native sample format; layout
    # and rate are kept (downmixing and resampling happen later, the same way for every format).
    to_float = av.AudioResampler(format="fltp")
    chunks: list[np.ndarray] = []
    total = 0
    try:
        for frame in container.decode(audio):  # type: ignore[attr-defined]
            for planar in to_float.resample(frame):
                chunks.append(planar.to_ndarray().T.astype(np.float32, copy=False))
                total += chunks[-1].shape[0]
            if total > limit:
                raise too_long(what, total / rate, max_seconds)
        chunks.extend(p.to_ndarray().T.astype(np.float32) for p in to_float.resample(None))
    except av.error.FFmpegError as exc:
        raise unreadable(what, f"corrupt data ({_first_line(exc)})") from None
    if not chunks:
        return np.zeros((0, 1), dtype=np.float32)
    channels = min(c.shape[1] for c in chunks)
    return np.concatenate([c[:, :channels] for c in chunks])


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
