"""Server settings: where to listen, who may connect, and how much each client may ask for."""

from __future__ import annotations

import dataclasses
import os

MIB = 1024 * 1024
SESSIONS_PER_CORE = 4
"""Live sessions admitted per core: issue 15's target (8 sessions on 2 cores, each speaking a
command every ~10 s). Beyond the limit every session would get slower, so new ones are refused
instead; `sayso bench live --sessions ...` shows where a machine stands."""
RETRY_AFTER_S = 10.0
"""Retry hint sent with `server_full`, seconds: live sessions last minutes, a slot frees when one
ends, and a client that retries sooner only adds handshakes to a busy machine."""


def default_max_sessions() -> int:
    """`SESSIONS_PER_CORE` per core this process may use."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return SESSIONS_PER_CORE * max(1, cores)


@dataclasses.dataclass(frozen=True)
class ServerSettings:
    """Everything `create_app` needs besides the loaded assistant."""

    host: str = "127.0.0.1"
    """Interface to bind; anything but loopback requires a token."""
    port: int = 8080
    """HTTP port."""
    token: str | None = None
    """Bearer token required on every API request and WebSocket when set."""
    wyoming_uri: str | None = None
    """``tcp://HOST:PORT`` to also serve the Wyoming protocol in this process, or None."""
    allow_remote_wyoming: bool = False
    """Allow a non-loopback Wyoming bind (Wyoming has no authentication of its own)."""
    allowed_hosts: tuple[str, ...] = ()
    """Extra Host names accepted besides loopback names and `host` (DNS-rebinding defence);
    ``"*"`` accepts any (only behind a proxy that checks Host itself)."""
    allowed_origins: tuple[str, ...] = ()
    """Extra browser Origins accepted besides those whose host is allowed (``"*"``: any)."""
    max_upload_bytes: int = 25 * MIB
    """Largest accepted upload (OpenAI's limit is 25 MB)."""
    max_audio_seconds: float = 60.0
    """Longest audio accepted per upload, Wyoming transcription or buffered realtime turn."""
    max_speech_chars: int = 4096
    """Longest text accepted by /v1/audio/speech (OpenAI's limit)."""
    max_ws_message_bytes: int = 1 * MIB
    """Largest WebSocket message handled; larger ones get an error event (session continues)."""
    ws_hard_limit_bytes: int = 16 * MIB
    """Transport limit: messages above this close the connection (protects memory)."""
    send_queue_messages: int = 512
    """Per-connection outgoing queue; a client that lets it fill is disconnected."""
    requests_per_second: float = 20.0
    """Sustained HTTP request rate per client."""
    request_burst: int = 40
    """Requests a client may make at once before the rate applies."""
    max_concurrent_per_client: int = 4
    """Inference requests (REST) a client may have running at once."""
    max_sessions_per_client: int = 8
    """Realtime WebSocket sessions a client may hold at once."""
    max_sessions: int = dataclasses.field(default_factory=default_max_sessions)
    """Live sessions (Realtime and Wyoming connections) across all clients: by default
    `SESSIONS_PER_CORE` per core. The next one gets `server_full` with `retry_after_s`."""
    retry_after_s: float = RETRY_AFTER_S
    """When a refused session should try again, seconds (sent with `server_full`)."""
    auth_failures_per_minute: int = 10
    """Wrong or missing tokens a client may send per minute; then it gets 429 until the oldest
    failure is a minute old (checked before the token, so guessing cannot go faster)."""
    max_text_chars: int = 4096
    """Longest typed user text accepted on the Realtime socket."""
    log_content: bool = False
    """Log transcripts and reply text (never audio); off by default for privacy."""
