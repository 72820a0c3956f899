"""PiperTts with the embedded en_US-joe-medium voice, checked by transcribing it with tiny.en."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sayso import registry
from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.config import TtsConfig
from sayso.errors import BadInput, ConfigError, EngineUnavailable, NotLoaded
from sayso.tts.base import TtsEngine
from sayso.tts.piper import PiperTts

from ..asr.speech_models import to_asr_rate, wer

pytestmark = pytest.mark.slow

ROUND_TRIP_WER = 0.2


def test_capabilities_come_from_the_voice_config_before_load() -> None:
    engine = registry.create("tts", "piper")
    assert isinstance(engine, PiperTts) and isinstance(engine, TtsEngine)
    assert not engine.loaded
    assert engine.capabilities.sample_rate == 22_050
    assert engine.capabilities.streaming
    with pytest.raises(NotLoaded):
        next(engine.synthesize("Hello."))


def test_renders_one_sentence(piper: PiperTts) -> None:
    chunks = list(piper.synthesize("Turn on the kitchen light."))
    assert len(chunks) == 1
    audio = chunks[0]
    assert audio.dtype == np.float32 and audio.ndim == 1
    seconds = len(audio) / piper.capabilities.sample_rate
    assert 0.8 < seconds < 4.0
    assert 0.1 < float(np.abs(audio).max()) <= 1.0


def test_multi_sentence_text_yields_a_chunk_per_sentence(piper: PiperTts) -> None:
    chunks = list(piper.synthesize("Good morning. The time is seven. Have a nice day!"))
    assert len(chunks) == 3
    assert all(len(c) > 0 for c in chunks)


def test_speed_changes_duration(piper: PiperTts) -> None:
    text = "Setting a timer for five minutes."
    normal = sum(len(c) for c in piper.synthesize(text))
    fast = sum(len(c) for c in piper.synthesize(text, speed=1.5))
    assert fast < 0.85 * normal


def test_round_trip_through_tiny_en(piper: PiperTts, tiny_asr: FasterWhisperAsr) -> None:
    """Piper → 16 kHz → tiny.en; WER must stay below 20 % (measured 0 %)."""
    text = "Please turn off the lights in the living room."
    audio = np.concatenate(list(piper.synthesize(text)))
    heard = tiny_asr.transcribe(to_asr_rate(audio, piper.capabilities.sample_rate)).text
    assert wer([text], [heard]) < ROUND_TRIP_WER


def test_empty_text_and_bad_speed(piper: PiperTts) -> None:
    assert list(piper.synthesize("   ")) == []
    with pytest.raises(BadInput):
        list(piper.synthesize("Hello.", speed=0))


def test_missing_voice_file_is_one_line_config_error(tmp_path: Path) -> None:
    engine = PiperTts(TtsConfig(voice=str(tmp_path / "nobody.onnx")))
    assert engine.capabilities.sample_rate == 22_050  # construction never fails
    with pytest.raises(ConfigError, match="does not exist") as info:
        engine.load()
    assert "\n" not in info.value.message


def test_a_corrupt_voice_file_is_one_line_engine_error(tmp_path: Path) -> None:
    voice = tmp_path / "broken.onnx"
    voice.write_bytes(b"not an onnx model")
    (tmp_path / "broken.onnx.json").write_text('{"audio": {"sample_rate": 16000}}')
    engine = PiperTts(TtsConfig(voice=str(voice)))
    with pytest.raises(EngineUnavailable, match="cannot load Piper voice") as info:
        engine.load()
    assert "\n" not in info.value.message and not engine.loaded


def test_long_unpunctuated_text_is_synthesised_in_bounded_pieces(piper: PiperTts) -> None:
    """Issue 11: Piper once got 4,096 characters in one piece (46 s, +3.8 GB)."""
    text = ("word " * 200)[:1000]
    chunks = list(piper.synthesize(text))
    assert len(chunks) >= 4  # 1,000 characters, at most 250 per piece
    longest_s = max(len(c) for c in chunks) / piper.capabilities.sample_rate
    total_s = sum(len(c) for c in chunks) / piper.capabilities.sample_rate
    assert longest_s < total_s / 3


@pytest.mark.parametrize("text", [".", "\x00", "turn\x00 on the\x1b[0m light", "\ud800ok"])
def test_odd_text_never_raises(piper: PiperTts, text: str) -> None:
    chunks = list(piper.synthesize(text))
    assert all(c.dtype == np.float32 and np.isfinite(c).all() for c in chunks)
