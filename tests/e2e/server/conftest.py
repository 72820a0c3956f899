"""One real server (real engines) for every test here: uvicorn in a thread on free ports."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import uvicorn

from sayso.app.assistant import Assistant
from sayso.audio.io import resample, write_wav
from sayso.config import LlmConfig, Settings
from sayso.constants import SAMPLE_RATE
from sayso.server.app import create_app
from sayso.server.settings import ServerSettings

from ...conftest import DETERMINISTIC_TTS

STARTUP_TIMEOUT_S = 60.0
LEAD_SILENCE_S = 0.6  # Whisper tends to drop a word that starts right at the first sample
TRAIL_SILENCE_S = 1.5  # long enough for the server VAD to end the turn
GUARD_TOKEN = "s3cret-token-0123456789"  # the server refuses tokens under 16 characters


@dataclasses.dataclass
class Running:
    """A server running in a background thread."""

    url: str
    ws_url: str
    port: int
    wyoming_port: int | None
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(assistant: Assistant, **overrides: Any) -> Running:
    port = free_port()
    wyoming = overrides.pop("wyoming_port", None)
    settings = ServerSettings(
        port=port,
        **{"wyoming_uri": f"tcp://127.0.0.1:{wyoming}" if wyoming else None, **overrides},
    )
    app = create_app(assistant, settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            ws_max_size=settings.ws_hard_limit_bytes)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    return Running(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", port, wyoming, server,
                   thread)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    data_dir = tmp_path_factory.mktemp("sayso-server-state")
    # Protocol behaviour is under test; tests/e2e/llm covers the LLM itself.
    settings = Settings(data_dir=str(data_dir), llm=LlmConfig(engine="none"), tts=DETERMINISTIC_TTS)
    loaded = Assistant(settings).load()
    yield loaded
    loaded.close()


@pytest.fixture(scope="session")
def server(assistant: Assistant) -> Iterator[Running]:
    running = start_server(assistant, wyoming_port=free_port())
    yield running
    running.stop()


@pytest.fixture(scope="session")
def guarded(assistant: Assistant) -> Iterator[Running]:
    """The same engines behind a token, a small upload limit and a tiny send queue."""
    running = start_server(assistant, token=GUARD_TOKEN, max_upload_bytes=200_000,
                           allowed_origins=("http://allowed.example",))
    yield running
    running.stop()


def speak(assistant: Assistant, text: str, *, lead_s: float = LEAD_SILENCE_S,
          trail_s: float = TRAIL_SILENCE_S) -> np.ndarray:
    """`text` spoken by the real TTS, as 16 kHz float32 with silence around it."""
    tts = assistant.tts
    audio = np.concatenate([np.asarray(c, np.float32) for c in tts.synthesize(text, 1.0)])
    audio = resample(audio, tts.capabilities.sample_rate, SAMPLE_RATE)
    lead = np.zeros(round(lead_s * SAMPLE_RATE), np.float32)
    trail = np.zeros(round(trail_s * SAMPLE_RATE), np.float32)
    return np.concatenate([lead, audio, trail])


@pytest.fixture(scope="session")
def kitchen_wav(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A recording of "Turn on the kitchen light." rendered by Piper."""
    path = tmp_path_factory.mktemp("speech") / "turn_on_the_kitchen_light.wav"
    write_wav(path, speak(assistant, "Turn on the kitchen light."), SAMPLE_RATE)
    return path
