"""Audio input and output at the edge of the pipeline.

Everything that enters sayso goes through `load_audio` (files, uploads) or `from_pcm16_bytes` (raw
streams) and comes out as 16 kHz mono float32 in [-1, 1]; every later stage may assume that format.
"""

from __future__ import annotations

import fractions
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import soundfile as sf
import soxr

from sayso.audio._decode import decode_av, decode_soundfile, unreadable
from sayso.constants import MAX_INPUT_SECONDS, MIN_INPUT_SECONDS, SAMPLE_RATE, SILENCE_DBFS
from sayso.errors import BadInput, printable

PCM16_SCALE = 32767.0
"""Full scale of 16-bit PCM; float 1.0 maps to this value."""

MP3_FRAME_SAMPLES = 1152
"""Samples in one MPEG-1 Layer III frame: the least audio an mp3 file can hold."""

EncodeFormat = Literal["wav", "flac", "pcm", "mp3"]


def load_audio(source: str | Path | bytes, *, max_seconds: float = MAX_INPUT_SECONDS) -> np.ndarray:
    """Decode a file path or encoded bytes to 16 kHz mono float32.

    Raises `BadInput` with code ``audio_unreadable`` (missing, not audio, corrupt or truncated),
    ``audio_empty`` (shorter than `MIN_INPUT_SECONDS`), ``audio_too_long`` (over `max_seconds`) or
    ``audio_not_finite`` (NaN or infinite samples, which float WAVs can hold).
    Silence is not checked here: see `ensure_not_silent`.
    """
    what = "<bytes>" if isinstance(source, bytes) else printable(str(source))
    with _open(source, what) as stream:
        data, rate = _decode(stream, what, max_seconds)
    seconds = len(data) / rate
    if seconds < MIN_INPUT_SECONDS:
        raise BadInput(
            f"audio {what} is empty ({seconds * 1000:.0f} ms of sound)", code="audio_empty"
        )
    if not np.isfinite(data).all():
        # One NaN spreads over the whole signal in resampling; Whisper then "hears" garbage.
        raise BadInput(f"audio {what} contains NaN/Inf samples", code="audio_not_finite")
    # Clip before mixing: two huge float samples would overflow the float32 mean to infinity.
    np.clip(data, -1.0, 1.0, out=data)
    mono = data.mean(axis=1, dtype=np.float32) if data.shape[1] > 1 else data[:, 0]
    return np.clip(resample(mono, rate, SAMPLE_RATE), -1.0, 1.0)


def ensure_not_silent(samples: np.ndarray, *, floor_dbfs: float = SILENCE_DBFS) -> None:
    """Raise `BadInput` (``audio_silent``) when the peak level is below `floor_dbfs`."""
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    level = 20.0 * np.log10(peak) if peak > 0 else float("-inf")
    if level < floor_dbfs:
        raise BadInput(
            f"audio is silent (peak {level:.0f} dBFS, below {floor_dbfs:g} dBFS)",
            code="audio_silent",
        )


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Resample mono float32 audio with soxr (high quality)."""
    samples = np.asarray(samples, dtype=np.float32)
    if from_rate == to_rate:
        return samples
    return np.asarray(soxr.resample(samples, from_rate, to_rate, quality="HQ"), dtype=np.float32)


def pcm16_bytes(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as little-endian 16-bit PCM (clipped, rounded)."""
    scaled = np.rint(np.clip(samples, -1.0, 1.0) * PCM16_SCALE)
    return scaled.astype("<i2").tobytes()


def from_pcm16_bytes(data: bytes, sample_rate: int) -> np.ndarray:
    """Little-endian 16-bit mono PCM at `sample_rate` as 16 kHz float32."""
    if len(data) % 2:
        raise BadInput("PCM16 data has an odd number of bytes", code="audio_unreadable")
    samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / PCM16_SCALE
    return resample(samples, sample_rate, SAMPLE_RATE)


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> None:
    """Write mono float samples as a 16-bit PCM WAV file."""
    sf.write(str(path), np.clip(samples, -1.0, 1.0), sample_rate, subtype="PCM_16")


def encode(samples: np.ndarray, rate: int, fmt: EncodeFormat) -> bytes:
    """Encode mono float samples as wav (16-bit), flac (16-bit), raw pcm16 or mp3.

    Raises `BadInput` (``format_unsupported``) for other formats, or mp3 without an FFmpeg encoder.
    """
    if fmt == "pcm":
        return pcm16_bytes(samples)
    if fmt in ("wav", "flac"):
        if fmt == "flac" and len(samples) == 0:
            samples = np.zeros(1, np.float32)  # libsndfile writes no FLAC header without a frame
        buf = io.BytesIO()
        sf.write(buf, np.clip(samples, -1.0, 1.0), rate, format=fmt.upper(), subtype="PCM_16")
        return buf.getvalue()
    if fmt == "mp3":
        return _encode_mp3(samples, rate)
    raise BadInput(
        f"cannot encode audio as {fmt!r} (use wav, flac, pcm or mp3)", code="format_unsupported"
    )


def _encode_mp3(samples: np.ndarray, rate: int) -> bytes:
    # A seekable output lets the muxer write the encoder delay into the header at the end, so
    # decoders trim the padding (a stream cannot go back for that: ~60 ms more at the start).
    buf = io.BytesIO()
    for _ in _mp3_steps(iter([samples]), rate, buf):
        pass
    return buf.getvalue()


def mp3_stream(chunks: Iterator[np.ndarray], rate: int) -> Iterator[bytes]:
    """Encode mono float chunks as one mp3 stream, yielding bytes as soon as frames are ready.

    Raises `BadInput` (``format_unsupported``) when FFmpeg has no mp3 encoder.
    """
    sink = _Sink()
    for _ in _mp3_steps(chunks, rate, sink):
        if data := sink.take():
            yield data
    if data := sink.take():
        yield data


def _mp3_steps(chunks: Iterator[np.ndarray], rate: int, output: Any) -> Iterator[None]:
    """Encode into `output`, pausing after each chunk."""
    # Deferred: FFmpeg libraries are loaded only when mp3 is asked for.
    import av

    codec = next((n for n in ("libmp3lame", "mp3") if _has_encoder(av, n)), None)
    if codec is None:
        raise BadInput("this FFmpeg build has no mp3 encoder", code="format_unsupported")
    with av.open(output, mode="w", format="mp3") as container:
        stream: Any = container.add_stream(codec, rate=rate, layout="mono")  # an AudioStream
        total = 0
        for chunk in chunks:
            if len(chunk):
                _encode_chunk(av, container, stream, chunk, rate, total)
                total += len(chunk)
                yield
        if total < MP3_FRAME_SAMPLES:
            # FFmpeg cannot encode an empty frame (PyAV raises MemoryError); text that yields no
            # audio (".") still gets a valid file: one frame of silence.
            silence = np.zeros(MP3_FRAME_SAMPLES - total, np.float32)
            _encode_chunk(av, container, stream, silence, rate, total)
        for packet in stream.encode(None):
            container.mux(packet)
    yield


def _encode_chunk(
    av: Any, container: Any, stream: Any, chunk: np.ndarray, rate: int, start: int
) -> None:
    planar = np.clip(chunk, -1.0, 1.0).astype(np.float32)[np.newaxis, :]
    frame = av.AudioFrame.from_ndarray(planar, format="fltp", layout="mono")
    frame.sample_rate = rate
    frame.pts = start  # in samples: chunks follow each other without gaps
    frame.time_base = fractions.Fraction(1, rate)
    for packet in stream.encode(frame):
        container.mux(packet)


class _Sink(io.RawIOBase):
    """A write-only, non-seekable file: the muxer cannot go back to patch bytes already sent."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        """Always: this is an output."""
        return True

    def write(self, data: Any) -> int:
        """Keep `data` until the next `take`."""
        self._parts.append(bytes(data))
        return len(self._parts[-1])

    def take(self) -> bytes:
        """Everything written since the last call."""
        out, self._parts = b"".join(self._parts), []
        return out


def _has_encoder(av: object, name: str) -> bool:
    try:
        av.codec.Codec(name, "w")  # type: ignore[attr-defined]
    except Exception:  # PyAV raises UnknownCodecError or ValueError depending on version
        return False
    return True


def _open(source: str | Path | bytes, what: str) -> BinaryIO:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    path = Path(source)
    if not path.is_file():
        raise unreadable(what, "no such file")
    try:
        return path.open("rb")
    except OSError as exc:
        raise unreadable(what, exc.strerror or "cannot open") from None


def _decode(stream: BinaryIO, what: str, max_seconds: float) -> tuple[np.ndarray, int]:
    if stream.seek(0, io.SEEK_END) == 0:
        raise BadInput(f"audio {what} is empty (0 bytes)", code="audio_empty")
    stream.seek(0)
    try:
        try:
            return decode_soundfile(stream, what, max_seconds)
        except (sf.LibsndfileError, ValueError):
            # Not a libsndfile format, not audio at all, or a codec it cannot size up front
            # (GSM 6.10 in WAV): let FFmpeg try.
            stream.seek(0)
        return decode_av(stream, what, max_seconds)
    except BadInput:
        raise
    except Exception:
        # Both decoders sit on native libraries whose errors for hostile headers (0 bits per
        # sample, unknown format tags, absurd sizes) share no base class; any of them is bad input.
        raise unreadable(what, "unsupported codec or corrupt header") from None
