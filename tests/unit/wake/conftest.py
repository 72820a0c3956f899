"""The two voices that render wake phrases (each loads once)."""

from __future__ import annotations

import shutil

import pytest

from sayso.tts.espeak import EspeakTts
from sayso.tts.piper import PiperTts

from ...conftest import DETERMINISTIC_TTS


@pytest.fixture(scope="session")
def piper() -> PiperTts:
    engine = PiperTts(DETERMINISTIC_TTS)
    engine.load()
    return engine


@pytest.fixture(scope="session")
def espeak() -> EspeakTts:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    engine = EspeakTts()
    engine.load()
    return engine
