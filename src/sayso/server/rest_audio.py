"""OpenAI-compatible audio endpoints: /v1/audio/transcriptions and /v1/audio/speech."""

from __future__ import annotations

import json
import logging
import struct
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from sayso.asr.base import AsrRequest, AsrResult
from sayso.asr.formats import render
from sayso.constants import SAMPLE_RATE
from sayso.server.errors import ApiError
from sayso.server.state import Authorized, ServerState, client_key
from sayso.tts.sentences import clean_text

log = logging.getLogger(__name__)
router = APIRouter()

TRANSCRIPT_FORMATS = {"json": "json", "text": "txt", "srt": "srt", "vtt": "vtt",
                      "verbose_json": "verbose_json"}
"""OpenAI response_format → sayso renderer name."""
TEXT_MEDIA = {"txt": "text/plain", "srt": "application/x-subrip", "vtt": "text/vtt"}
SPEECH_MEDIA = {"wav": "audio/wav", "pcm": "audio/pcm", "flac": "audio/flac", "mp3": "audio/mpeg"}
OPENAI_PCM_RATE = 24_000
"""OpenAI's "pcm" speech format is raw 16-bit mono at 24 kHz."""
MIN_SPEED, MAX_SPEED = 0.25, 4.0
STREAMED_FORMATS = ("wav", "pcm", "mp3")
"""Formats sent piece by piece as they are synthesised (chunked); flac is encoded whole."""
STREAM_FORMATS = ("audio",)
"""OpenAI's `stream_format` values served here ("sse" is not)."""
UNKNOWN_SIZE = 0xFFFFFFFF
"""RIFF size field of a WAV streamed before its length is known (readers take "to the end")."""
PCM16_BYTES = 2


@router.post("/v1/audio/transcriptions")
async def transcriptions(request: Request, state: Authorized) -> Response:
    """Transcribe an uploaded recording (multipart: file, model, language, prompt, ...)."""
    form = await _form(request, state)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ApiError(400, "missing multipart field 'file'", param="file", code="missing_file")
    fmt = str(form.get("response_format") or "json")
    if fmt not in TRANSCRIPT_FORMATS:
        raise _bad_format(fmt, TRANSCRIPT_FORMATS)
    asr_request = AsrRequest(
        language=_text(form.get("language")),
        prompt=_text(form.get("prompt")),
        temperature=_float(form.get("temperature"), "temperature", 0.0),
    )
    data = await upload.read(state.settings.max_upload_bytes + 1)
    _check_size(len(data), state)
    key = client_key(request.client.host if request.client else None)
    with state.inference.hold(key):
        result = await state.blocking(lambda: _transcribe(state, data, asr_request))
    state.metrics.observe_stages({"asr": result[1]})
    return _transcript_response(result[0], TRANSCRIPT_FORMATS[fmt])


class SpeechRequest(BaseModel):
    """Body of /v1/audio/speech (OpenAI's fields)."""

    input: str = Field(min_length=1)
    model: str = "tts-1"
    voice: str = "alloy"
    response_format: str = "mp3"
    speed: float = 1.0
    instructions: str | None = None
    stream_format: str = "audio"


@router.post("/v1/audio/speech")
async def speech(request: Request, body: SpeechRequest,
                 state: Authorized) -> Response:
    """Speak `input`: wav, pcm and mp3 stream as each piece is synthesised; flac comes whole."""
    fmt, text = body.response_format, _speech_text(body, state)
    key = client_key(request.client.host if request.client else None)
    if fmt in STREAMED_FORMATS:
        hold = state.inference.hold(key)
        hold.__enter__()  # a 429 must come before the 200 status line is sent
        release = _once(lambda: hold.__exit__(None, None, None))
        stream = _stream_speech(state, text, body.speed, fmt, release)
        # The background task releases the hold if the stream never starts (client gone at once).
        return StreamingResponse(stream, media_type=SPEECH_MEDIA[fmt],
                                 background=BackgroundTask(release))
    with state.inference.hold(key):
        audio = await state.blocking(lambda: _synthesize(state, text, body.speed, fmt))
    return Response(content=audio, media_type=SPEECH_MEDIA[fmt])


def _speech_text(body: SpeechRequest, state: ServerState) -> str:
    """The request's text, cleaned of control characters, after every check on the request."""
    if body.response_format not in SPEECH_MEDIA:
        raise _bad_format(body.response_format, SPEECH_MEDIA)
    if body.stream_format not in STREAM_FORMATS:
        raise ApiError(400, f"unsupported stream_format {body.stream_format!r} (use audio)",
                       param="stream_format", code="invalid_value")
    if not MIN_SPEED <= body.speed <= MAX_SPEED:  # also refuses NaN
        raise ApiError(400, f"speed must be between {MIN_SPEED} and {MAX_SPEED}", param="speed",
                       code="invalid_value")
    if len(body.input) > state.settings.max_speech_chars:
        raise ApiError(400, f"input is longer than {state.settings.max_speech_chars} characters",
                       param="input", code="string_above_max_length")
    text = clean_text(body.input)
    if not text.strip():
        raise ApiError(400, "input has no text to speak (only spaces or control characters)",
                       param="input", code="input_empty")
    return text


async def _stream_speech(state: ServerState, text: str, speed: float, fmt: str,
                         release: Callable[[], None]) -> AsyncIterator[bytes]:
    """The encoded audio, pulled a piece at a time from the inference pool."""
    try:
        pieces = _speech_bytes(state.assistant.tts, text, speed, fmt)
        while (data := await state.blocking(lambda: next(pieces, None))) is not None:
            yield data
    finally:
        release()


def _speech_bytes(tts: Any, text: str, speed: float, fmt: str) -> Iterator[bytes]:
    """Bytes of `fmt` as each chunk is synthesised; one chunk of audio in memory at a time."""
    from sayso.audio.io import mp3_stream

    rate = tts.capabilities.sample_rate
    chunks = tts.synthesize(text, speed)
    if fmt == "mp3":
        yield from mp3_stream(chunks, rate)
        return
    if fmt == "wav":
        yield _stream_wav_header(rate)
    yield from _pcm_chunks(chunks, rate, OPENAI_PCM_RATE if fmt == "pcm" else rate)


def _pcm_chunks(chunks: Iterator[np.ndarray], rate: int, to_rate: int) -> Iterator[bytes]:
    """PCM16 bytes per chunk, resampled as one continuous stream (no clicks between pieces)."""
    import soxr

    from sayso.audio.io import pcm16_bytes

    resampler = soxr.ResampleStream(rate, to_rate, 1, dtype="float32", quality="HQ")
    for chunk in chunks:
        yield pcm16_bytes(resampler.resample_chunk(np.asarray(chunk, np.float32)))
    yield pcm16_bytes(resampler.resample_chunk(np.zeros(0, np.float32), last=True))


def _stream_wav_header(rate: int) -> bytes:
    """A 16-bit mono WAV header whose sizes say "unknown": the length is not known yet."""
    fmt_chunk = struct.pack("<HHIIHH", 1, 1, rate, rate * PCM16_BYTES, PCM16_BYTES, 16)
    return (b"RIFF" + struct.pack("<I", UNKNOWN_SIZE) + b"WAVE"
            + b"fmt " + struct.pack("<I", len(fmt_chunk)) + fmt_chunk
            + b"data" + struct.pack("<I", UNKNOWN_SIZE))


def _once(fn: Callable[[], Any]) -> Callable[[], None]:
    done = False

    def call() -> None:
        nonlocal done
        if not done:
            done = True
            fn()

    return call


async def _form(request: Request, state: ServerState) -> Any:
    length = request.headers.get("content-length")
    if length and length.isdigit():
        _check_size(int(length), state)
    try:
        return await request.form(max_files=1, max_fields=32)
    except MultiPartException as exc:
        raise ApiError(400, f"bad multipart body: {exc.message}",
                       code="invalid_multipart") from None
    except AssertionError:  # Starlette asserts when the content type is not multipart/form-data
        raise ApiError(400, "send the audio as multipart/form-data",
                       code="invalid_multipart") from None


def _bad_format(fmt: str, known: dict[str, str]) -> ApiError:
    return ApiError(400, f"unsupported response_format {fmt!r} (use {', '.join(known)})",
                    param="response_format", code="invalid_value")


def _check_size(size: int, state: ServerState) -> None:
    limit = state.settings.max_upload_bytes
    if size > limit:
        raise ApiError(413, f"upload is larger than {limit // (1024 * 1024)} MB",
                       param="file", code="file_too_large")


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _float(value: Any, name: str, default: float) -> float:
    if value in (None, ""):
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"{name} must be a number", param=name, code="invalid_value") from None


def _transcribe(state: ServerState, data: bytes, request: AsrRequest) -> tuple[AsrResult, float]:
    # Runs in the inference pool: decoding and recognition both block.
    from sayso.audio.io import load_audio

    samples = load_audio(data, max_seconds=state.settings.max_audio_seconds)
    start = time.monotonic()
    result: AsrResult = state.assistant.asr.transcribe(samples, request)
    if state.settings.log_content:
        log.info("transcribed %.1f s: %r", len(samples) / SAMPLE_RATE, result.text)
    return result, (time.monotonic() - start) * 1000.0


def _transcript_response(result: AsrResult, fmt: str) -> Response:
    text = render(result, fmt)
    if fmt in ("json", "verbose_json"):
        return JSONResponse(json.loads(text))
    return PlainTextResponse(text, media_type=TEXT_MEDIA[fmt])


def _synthesize(state: ServerState, text: str, speed: float, fmt: str) -> bytes:
    """The whole file at once (flac: its header states the length, so it cannot stream)."""
    from sayso.audio.io import encode

    tts = state.assistant.tts
    # Engines synthesise bounded pieces, so only the finished audio (not the model's work) grows.
    chunks = [np.asarray(c, np.float32) for c in tts.synthesize(text, speed)]
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    return encode(samples, tts.capabilities.sample_rate, fmt)  # type: ignore[arg-type]
