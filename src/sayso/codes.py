"""Every error code sayso emits — CLI, servers, pipeline events — in one list.

Codes are stable: clients and scripts branch on them. Add a code here before using it anywhere;
server/REALTIME.md documents each, and tests/unit/test_codes.py checks that every code literal in
the source is listed and documented.
"""

from __future__ import annotations

from typing import Final

# ---- access: Host/Origin, token, limits ----------------------------------------------------
HOST_NOT_ALLOWED: Final = "host_not_allowed"
ORIGIN_NOT_ALLOWED: Final = "origin_not_allowed"
INVALID_API_KEY: Final = "invalid_api_key"
AUTH_RATE_LIMITED: Final = "auth_rate_limited"
RATE_LIMIT_EXCEEDED: Final = "rate_limit_exceeded"
CONCURRENCY_LIMIT_EXCEEDED: Final = "concurrency_limit_exceeded"
TOO_MANY_SESSIONS: Final = "too_many_sessions"
SERVER_FULL: Final = "server_full"
# ---- Realtime frames ---------------------------------------------------------------------------
INVALID_JSON: Final = "invalid_json"
JSON_TOO_DEEP: Final = "json_too_deep"
INVALID_EVENT: Final = "invalid_event"
UNKNOWN_EVENT: Final = "unknown_event"
BINARY_NOT_SUPPORTED: Final = "binary_not_supported"
MESSAGE_TOO_LARGE: Final = "message_too_large"
INVALID_VALUE: Final = "invalid_value"
INVALID_SESSION: Final = "invalid_session"
STRING_ABOVE_MAX_LENGTH: Final = "string_above_max_length"
INTERNAL_ERROR: Final = "internal_error"

CODES: Final[dict[str, str]] = {
    HOST_NOT_ALLOWED: "HTTP 421 / WebSocket refused: the Host header names a host not served "
                      "here (DNS-rebinding defence; allow more with --allow-host)",
    ORIGIN_NOT_ALLOWED: "HTTP 403 / WebSocket refused: a browser Origin that is not allowed",
    INVALID_API_KEY: "HTTP 401 / WebSocket refused: missing or wrong token",
    AUTH_RATE_LIMITED: "HTTP 429 + Retry-After: too many wrong tokens from this client in a "
                       "minute (even the right token waits)",
    RATE_LIMIT_EXCEEDED: "HTTP 429: too many requests per second from this client",
    CONCURRENCY_LIMIT_EXCEEDED: "HTTP 429: too many inference requests running for this client",
    TOO_MANY_SESSIONS: "Realtime: this client holds `max_sessions_per_client` sessions; the "
                       "error event is followed by close code 1013",
    SERVER_FULL: "Realtime / Wyoming: the machine serves all the sessions it can "
                 "(`max_sessions`); the error carries `retry_after_s`, then the connection "
                 "closes (Realtime: code 1013)",
    INVALID_JSON: "Realtime: a frame that is not JSON (NaN and Infinity are not JSON either)",
    JSON_TOO_DEEP: "Realtime: JSON nested deeper than 16 levels",
    INVALID_EVENT: "Realtime: JSON that is not an object with a string `type`",
    UNKNOWN_EVENT: "Realtime: unknown or unsupported event type",
    BINARY_NOT_SUPPORTED: "Realtime: a binary frame",
    MESSAGE_TOO_LARGE: "Realtime: a text frame over 1 MiB (over 16 MiB closes the connection)",
    "invalid_audio": "Realtime: bad base64 or an odd byte count in an append",
    "response_cancel_not_active": "Realtime: `response.cancel` with no reply in progress",
    "no_pending_input": "Realtime: `response.create` with nothing to answer",
    "input_audio_buffer_commit_empty": "Realtime: manual `commit` of an empty buffer",
    "input_audio_buffer_too_long": "Realtime: manual buffer over the audio limit (cleared)",
    "input_empty": "Realtime: a commit with no speech in the buffer",
    "invalid_item": "Realtime: `conversation.item.create` without input_text content",
    "text_empty": "Realtime / Wyoming: an empty text turn",
    STRING_ABOVE_MAX_LENGTH: "a text over its length limit (speech input, typed turn, voice)",
    INVALID_SESSION: "Realtime: `session.update` that is not an object, an unknown or "
                     "mistyped `sayso` setting",
    "invalid_turn_detection": "Realtime: `turn_detection` not null or {type: server_vad}",
    INVALID_VALUE: "a number that is not finite, not of the right type or out of range "
                   "(session settings, audio_end_ms, speed, sample rate, response_format)",
    "unsupported_audio_format": "Realtime: an audio format other than pcm16",
    "bad_config": "a setting that the engine refuses (e.g. a threshold outside (0, 1])",
    "input_failed": "Realtime: the session could not process input audio",
    "asr_failed": "Realtime: recognition of a turn failed",
    "response_failed": "Realtime: the reply could not be produced",
    "output_overflow": "Realtime: the session's event queue overflowed; events were dropped",
    "internal": "a pipeline stage failed unexpectedly",
    "engine_unavailable": "an engine is not loaded (HTTP 503; Realtime closes with 1011)",
    "invalid_request": "HTTP 400: the body does not match the endpoint's schema",
    "invalid_multipart": "HTTP 400: the transcription body is not multipart/form-data",
    "missing_file": "HTTP 400: no `file` field",
    "file_too_large": "HTTP 413: upload over the size limit",
    "audio_too_long": "HTTP 413 / Wyoming: audio over the length limit",
    "audio_unreadable": "HTTP 400 / Wyoming: audio that cannot be decoded",
    "audio_empty": "HTTP 400: audio with no samples",
    "audio_not_finite": "HTTP 400 / Wyoming: audio with NaN or infinite samples",
    "audio_silent": "HTTP 400: audio that is silent",
    "audio_no_speech": "no speech found in the audio",
    "audio_format": "audio of the wrong shape or rate for the engine",
    "audio_format_unsupported": "Wyoming: an audio format outside the supported range",
    "text_too_long": "Wyoming: a transcript, recognize or synthesize text over its limit",
    "synthesize_not_started": "Wyoming: a synthesize-chunk or -stop without synthesize-start",
    "wake_word_unknown": "Wyoming: a detect naming no wake word sayso offers",
    "format_unsupported": "HTTP 400: an output format that cannot be encoded",
    "bad_input": "input that cannot be used (generic)",
    "not_loaded": "an engine was used before it was loaded (a bug)",
    "usage": "CLI: wrong options or arguments (exit 2)",
    "no_audio_device": "CLI `talk`: no microphone or speaker on this machine (exit 3)",
    "file_not_found": "CLI: a named input file does not exist (exit 2)",
    "no_state": "CLI `backup`: there is no state database yet (exit 2)",
    "output_exists": "CLI: the output file exists (pass --force to overwrite; exit 2)",
    "output_unwritable": "CLI: the output cannot be written there (exit 2)",
    "bad_requests": "CLI `bench llm`: the labelled request file is not a `requests:` list",
    INTERNAL_ERROR: "a bug: never expected; reported with the exception's type",
}
"""Code → when it is sent."""


def http_code(status: int) -> str:
    """The code of a plain HTTP error without one of its own (e.g. ``http_404``, ``http_405``)."""
    return f"http_{status}"
