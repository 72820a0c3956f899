"""openWakeWord's ONNX models on rendered speech: the phrase is detected, other speech is not."""

from __future__ import annotations

import numpy as np
import pytest

from sayso.config import WakeConfig
from sayso.constants import SAMPLE_RATE
from sayso.errors import ConfigError
from sayso.tts.espeak import EspeakTts
from sayso.tts.piper import PiperTts
from sayso.wake import WakeDetector, WakeEngine, create_wake
from sayso.wake.openwakeword import STEP_SAMPLES

pytest.importorskip("openwakeword", reason="the wake extra is not installed")
pytestmark = pytest.mark.slow

LEAD_S = 1.5  # a fresh stream scores after ~1.3 s of audio
OTHER_SPEECH = ("Turn on the kitchen light.", "Hey, what time is it?", "Jarring news today.")


def render(engine: PiperTts | EspeakTts, text: str) -> np.ndarray:
    import soxr

    audio = np.concatenate([np.asarray(c, np.float32) for c in engine.synthesize(text)])
    audio = soxr.resample(audio, engine.capabilities.sample_rate, SAMPLE_RATE)
    pad = np.zeros(round(LEAD_S * SAMPLE_RATE), np.float32)
    return np.concatenate([pad, audio.astype(np.float32), pad[: SAMPLE_RATE // 2]])


@pytest.fixture(scope="module")
def jarvis() -> WakeEngine:
    return create_wake(WakeConfig(model="hey_jarvis"))


def detections(engine: WakeEngine, audio: np.ndarray, chunk: int = 512) -> list[float]:
    detector = WakeDetector(engine.stream(), engine.model.name, 0.5,
                            engine.capabilities.step_samples)
    found = []
    for i in range(0, len(audio), chunk):
        hit = detector.feed(audio[i : i + chunk])
        if hit is not None:
            found.append(hit.end_s)
    return found


def test_the_phrase_is_detected_once_in_both_voices(
    jarvis: WakeEngine, piper: PiperTts, espeak: EspeakTts
) -> None:
    for voice in (piper, espeak):
        audio = render(voice, "Hey Jarvis.")
        (end_s,) = detections(jarvis, audio)  # one phrase, one detection
        assert LEAD_S < end_s <= len(audio) / SAMPLE_RATE


def test_other_speech_and_silence_are_ignored(
    jarvis: WakeEngine, piper: PiperTts, espeak: EspeakTts
) -> None:
    for voice in (piper, espeak):
        for text in OTHER_SPEECH:
            assert detections(jarvis, render(voice, text)) == [], text
    assert detections(jarvis, np.zeros(5 * SAMPLE_RATE, np.float32)) == []


def test_chunk_size_does_not_change_what_is_heard(jarvis: WakeEngine, piper: PiperTts) -> None:
    audio = render(piper, "Hey Jarvis.")
    whole = jarvis.stream().process(audio)
    pieces: list[float] = []
    stream = jarvis.stream()
    for i in range(0, len(audio), 333):  # odd pieces, not a multiple of the step
        pieces += stream.process(audio[i : i + 333])
    assert len(whole) == len(pieces) == len(audio) // STEP_SAMPLES
    assert np.allclose(whole, pieces, atol=0.05)


def test_each_pretrained_model_hears_its_own_phrase(piper: PiperTts) -> None:
    for model, text in (("alexa", "Alexa."), ("hey_mycroft", "Hey Mycroft.")):
        engine = create_wake(WakeConfig(model=model))
        assert detections(engine, render(piper, text)), model
        assert detections(engine, render(piper, "Hey Jarvis.")) == [], model


def test_unknown_model_and_missing_file_are_one_line_errors() -> None:
    with pytest.raises(ConfigError, match=r"unknown wake\.model"):
        create_wake(WakeConfig(model="hey_computer"))
    with pytest.raises(ConfigError, match="no such file"):
        create_wake(WakeConfig(model="/nonexistent/model.onnx"))
