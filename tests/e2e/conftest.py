"""End-to-end fixtures: real engines loaded once per test session, fresh state per test."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.audio.io import resample
from sayso.config import AsrConfig, IntentsConfig, LlmConfig, Settings
from sayso.constants import SAMPLE_RATE
from sayso.events import Transcript
from sayso.tts.espeak import EspeakTts
from sayso.tts.piper import PiperTts
from sayso.understanding.understand import Understood

from ..conftest import DETERMINISTIC_TTS

Render = Callable[[str, str], np.ndarray]

ESPEAK_WPM = 150
LEAD_SILENCE_S = 0.3
"""Silence around rendered commands, as a person leaves before and after speaking."""


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    a = load_assistant(tmp_path_factory.mktemp("assistant-state"))
    yield a
    a.close()


def load_assistant(data: Path) -> Assistant:
    """The e2e assistant: every engine but the LLM, deterministic TTS, state in `data`."""
    # The fast path is under test here; the LLM has its own end-to-end tests (tests/e2e/llm).
    settings = Settings(data_dir=str(data), llm=LlmConfig(engine="none"), tts=DETERMINISTIC_TTS)
    return Assistant(settings).load()


def base_settings(data: Path, asr_language: str, intents: IntentsConfig) -> Settings:
    """Whisper base (the multilingual extra) in `asr_language`, no LLM, state in `data`."""
    return Settings(
        data_dir=str(data),
        llm=LlmConfig(engine="none"),
        tts=DETERMINISTIC_TTS,
        asr=AsrConfig(model="base", language=asr_language),
        intents=intents,
    )


@pytest.fixture()
def fresh(assistant: Assistant, tmp_path: Path) -> Assistant:
    """The shared assistant with its own empty state (home, timers, outbox) for this test."""
    return with_fresh_state(assistant, tmp_path)


def with_fresh_state(assistant: Assistant, tmp_path: Path) -> Assistant:
    """Point a loaded assistant at a new, empty state folder (engines stay loaded)."""
    from sayso.actions import open_actions

    if assistant.actions is not None:
        assistant.actions.store.close()
    settings = dataclasses.replace(assistant.settings, data_dir=str(tmp_path / "state"))
    assistant.settings = settings
    assistant.actions = open_actions(settings, responder=assistant.responses.for_action)
    return assistant


@pytest.fixture(scope="session")
def voices() -> dict[str, object]:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is required (apt-get install espeak-ng; `make test` installs it)")
    # Plain en-us at 150 words/min: clearly another voice, and one Whisper tiny.en mostly follows.
    piper, espeak = PiperTts(DETERMINISTIC_TTS), EspeakTts(voice="en-us", wpm=ESPEAK_WPM)
    piper.load()
    espeak.load()
    return {"piper": piper, "espeak": espeak}


@pytest.fixture(scope="session")
def render(voices: dict[str, object]) -> Render:
    cache: dict[tuple[str, str], np.ndarray] = {}

    def _render(text: str, voice: str) -> np.ndarray:
        if (text, voice) not in cache:
            engine = voices[voice]
            audio = np.concatenate(list(engine.synthesize(text)))  # type: ignore[attr-defined]
            rate = engine.capabilities.sample_rate  # type: ignore[attr-defined]
            speech = resample(audio, rate, SAMPLE_RATE)
            pad = np.zeros(int(LEAD_SILENCE_S * SAMPLE_RATE), np.float32)
            cache[(text, voice)] = np.concatenate([pad, speech, pad]).astype(np.float32)
        return cache[(text, voice)]

    return _render


def count_understanding(assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The transcripts the assistant's understanding step runs on, from now on (in order)."""
    seen: list[str] = []
    understand = assistant.understander.understand

    def counted(transcript: Transcript, *args: Any, **kwargs: Any) -> Understood:
        seen.append(transcript.text)
        return understand(transcript, *args, **kwargs)

    monkeypatch.setattr(assistant.understander, "understand", counted)
    return seen
