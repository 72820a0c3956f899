"""Session fixtures: the embedded tiny.en model loads once; the speech clips are read once."""

from __future__ import annotations

import pytest

from sayso.asr.whisper.engine import FasterWhisperAsr

from .speech_models import Clip, speech_clips, tiny_asr_engine


@pytest.fixture(scope="session")
def tiny_asr() -> FasterWhisperAsr:
    return tiny_asr_engine()


@pytest.fixture(scope="session")
def clips() -> tuple[Clip, ...]:
    return speech_clips()
