"""Session fixtures: each voice (and tiny.en, for round trips) loads once."""

from __future__ import annotations

import pytest

from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.tts.piper import PiperTts

from ...conftest import DETERMINISTIC_TTS
from ..asr.speech_models import tiny_asr_engine


@pytest.fixture(scope="session")
def tiny_asr() -> FasterWhisperAsr:
    return tiny_asr_engine()


@pytest.fixture(scope="session")
def piper() -> PiperTts:
    engine = PiperTts(DETERMINISTIC_TTS)  # same audio every run: round trips are repeatable
    engine.load()
    return engine

