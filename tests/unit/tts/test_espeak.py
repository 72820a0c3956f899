"""EspeakTts through the espeak-ng program, checked by transcribing it back with tiny.en."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from sayso import registry
from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.config import TtsConfig
from sayso.constants import PCM16_SCALE
from sayso.errors import ConfigError, EngineUnavailable, NotLoaded
from sayso.tts.base import TtsEngine
from sayso.tts.espeak import DEFAULT_VOICE, EspeakTts, parse_stream_wav

from ..asr.speech_models import to_asr_rate, wer

ROUND_TRIP_WER = 0.35


def test_yields_a_chunk_per_sentence(espeak: EspeakTts) -> None:
    chunks = list(espeak.synthesize("Hello there. How are you today? Fine."))
    assert len(chunks) == 3
    for chunk in chunks:
        assert chunk.dtype == np.float32 and len(chunk) > 0
        assert 0.05 < float(np.abs(chunk).max()) <= 1.0


def test_words_per_minute_changes_duration(espeak: EspeakTts) -> None:
    text = "Setting a timer for five minutes."
    normal = sum(len(c) for c in espeak.synthesize(text))
    fast = sum(len(c) for c in espeak.synthesize(text, speed=1.6))
    assert fast < 0.8 * normal


@pytest.mark.slow
def test_round_trip_through_tiny_en(espeak: EspeakTts, tiny_asr: FasterWhisperAsr) -> None:
    """espeak-ng (en-us+f3) → 16 kHz → tiny.en; WER must stay below 35 % (measured 0 %).

    Formant speech is harder for Whisper than neural TTS ("Please turn off the lights" came back
    as "... my life ..."), hence the looser bound than Piper's.
    """
    texts = ["Set a timer for ten minutes.", "What is the weather like tomorrow?"]
    audio = np.concatenate(list(espeak.synthesize(" ".join(texts))))
    heard = tiny_asr.transcribe(to_asr_rate(audio, espeak.capabilities.sample_rate)).text
    assert wer([" ".join(texts)], [heard]) < ROUND_TRIP_WER


def test_defaults_to_a_voice_unlike_piper() -> None:
    engine = registry.create("tts", "espeak")
    assert isinstance(engine, EspeakTts) and isinstance(engine, TtsEngine)
    assert engine.voice == DEFAULT_VOICE and "+f" in engine.voice  # female variant vs Piper's joe
    assert EspeakTts(TtsConfig(voice="en-gb")).voice == "en-gb"
    assert EspeakTts(TtsConfig(voice="/voices/joe.onnx")).voice == DEFAULT_VOICE
    with pytest.raises(NotLoaded):
        next(engine.synthesize("Hello."))


def test_unknown_voice_is_config_error(espeak: EspeakTts) -> None:
    with pytest.raises(ConfigError, match="not available"):
        EspeakTts(voice="xx-nosuchvoice").load()


def test_missing_binary_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(EngineUnavailable, match="apt-get install espeak-ng"):
        EspeakTts().load()


def test_parse_stream_wav_ignores_placeholder_sizes() -> None:
    pcm = np.array([0, 16384, -16384, 32767], dtype="<i2").tobytes()
    header = b"RIFF" + struct.pack("<I", 0x7FFFF000) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 22050, 44100, 2, 16)
    data = b"data" + struct.pack("<I", 0x7FFFF000) + pcm
    samples, rate = parse_stream_wav(header + fmt + data)
    assert rate == 22050
    scale = PCM16_SCALE  # one PCM scale both ways: full scale reads back as exactly 1.0
    assert samples.tolist() == pytest.approx([0.0, 16384 / scale, -16384 / scale, 1.0])
    with pytest.raises(EngineUnavailable):
        parse_stream_wav(b"not a wav")
