"""The VAD stage in a real pipeline, with Silero on espeak-ng speech."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr

from sayso.audio.framing import frame_events
from sayso.config import VadConfig
from sayso.errors import BadInput
from sayso.events import (
    AudioFrame,
    Cancel,
    EndOfStream,
    Event,
    SpeechSegment,
    SpeechStarted,
    SpeechStopped,
)
from sayso.runtime.testing import run_stages
from sayso.vad.silero import SileroVad
from sayso.vad.stage import VadStage
from tests.unit.asr.speech_models import SPEECH_DIR

from .vad_speech import Speak, silence, voiced_span


@pytest.fixture
def silero() -> SileroVad:
    vad = SileroVad()
    vad.load()
    return vad


def two_words(speak: Speak, pause_s: float = 0.7) -> np.ndarray:
    """ "lights", a pause, "off": each word trimmed to its voiced part, 1 s of silence around."""
    words = []
    for text in ("lights", "off"):
        clip = speak(text)
        onset, offset = voiced_span(clip)
        words.append(clip[round(onset * 16000) : round(offset * 16000)])
    return np.concatenate([silence(1.0), words[0], silence(pause_s), words[1], silence(1.0)])


async def run_stage(stage: VadStage, audio: np.ndarray) -> list[Event]:
    return await run_stages([stage], frame_events(audio, turn_id="turn-1"), end=False)


def of(events: list[Event], kind: type[Event]) -> list[Event]:
    return [e for e in events if isinstance(e, kind)]


async def test_streaming_splits_at_a_long_pause(silero: SileroVad, speak: Speak) -> None:
    events = await run_stage(VadStage(silero, VadConfig()), two_words(speak))
    assert len(of(events, SpeechSegment)) == 2
    assert not of(events, AudioFrame)  # consumed
    assert isinstance(events[-1], EndOfStream)
    assert all(e.turn_id == "turn-1" for e in of(events, SpeechStarted))


async def test_single_utterance_joins_words_across_a_pause(silero: SileroVad, speak: Speak) -> None:
    audio = two_words(speak)
    events = await run_stage(VadStage(silero, VadConfig(), single_utterance=True), audio)
    (segment,) = of(events, SpeechSegment)
    assert isinstance(segment, SpeechSegment)
    assert len(of(events, SpeechStarted)) == 1 and len(of(events, SpeechStopped)) == 1
    # from before "lights" (1.0 s) to after "off", padding (300 ms before the onset) included
    assert 0.6 < segment.start_s < 1.0
    assert segment.lead_in_s == pytest.approx(VadConfig().speech_pad_ms / 1000)
    assert segment.end_s > len(audio) / 16000 - 1.1  # 1 s of silence follows; 96 ms trail pad
    assert len(segment.samples) == pytest.approx((segment.end_s - segment.start_s) * 16000, abs=1)
    start = round(segment.start_s * 16000)
    assert np.array_equal(segment.samples, audio[start : start + len(segment.samples)])
    assert segment.turn_id == "turn-1"


async def test_single_utterance_without_speech_yields_nothing(silero: SileroVad) -> None:
    noise = (np.random.default_rng(3).standard_normal(32000) * 0.005).astype(np.float32)
    stage = VadStage(silero, VadConfig(), single_utterance=True)
    events = await run_stage(stage, noise)
    assert [type(e) for e in events] == [EndOfStream]


async def test_flush_closes_speech_cut_off_by_end_of_stream(
    silero: SileroVad, speak: Speak
) -> None:
    audio = np.concatenate([silence(0.5), speak("turn on the kitchen lights")[:16000]])
    events = await run_stage(VadStage(silero, VadConfig()), audio)
    assert len(of(events, SpeechSegment)) == 1


async def test_odd_frame_sizes_are_recut(silero: SileroVad, speak: Speak) -> None:
    audio = two_words(speak)
    stage = VadStage(silero, VadConfig(), single_utterance=True)
    out: list[Event] = []
    for i in range(0, len(audio), 300):  # 18.75 ms chunks, as a network client might send
        frame = AudioFrame(samples=audio[i : i + 300], start_s=i / 16000, turn_id="t")
        out += [e async for e in stage.process(frame)]
    out += [e async for e in stage.flush()]
    assert len(of(out, SpeechSegment)) == 1


async def test_cancel_forgets_the_utterance_in_progress(silero: SileroVad, speak: Speak) -> None:
    stage = VadStage(silero, VadConfig())
    audio = np.concatenate([silence(0.3), speak("turn on the kitchen lights")])
    out: list[Event] = []
    async for frame in frame_events(audio, turn_id="t"):
        if isinstance(frame, AudioFrame):
            out += [e async for e in stage.process(frame)]
    assert of(out, SpeechStarted)
    stage.on_cancel(Cancel(turn_id="t", reason="barge_in"))
    assert [e async for e in stage.flush()] == []


async def test_wrong_sample_rate_is_bad_input(silero: SileroVad) -> None:
    stage = VadStage(silero, VadConfig())
    frame = AudioFrame(samples=np.zeros(441, np.float32), start_s=0.0, sample_rate=44100)
    with pytest.raises(BadInput):
        [e async for e in stage.process(frame)]


async def test_a_word_cut_tight_at_the_first_sample_is_found(silero: SileroVad) -> None:
    """FSDD's "four" (4_theo_2) starts on the word: read cold, Silero never reaches a turn's onset.

    The stage warms the engine up with silence first, as a stream would have heard the room; the
    segment carries the voiced audio the endpointer counted (the speech gate's measure).
    """
    audio, rate = sf.read(SPEECH_DIR / "fsdd" / "4_theo_2.wav", dtype="float32")
    events = await run_stage(
        VadStage(silero, VadConfig(), single_utterance=True), soxr.resample(audio, rate, 16000)
    )
    segments = of(events, SpeechSegment)
    assert len(segments) == 1
    segment = segments[0]
    assert isinstance(segment, SpeechSegment) and segment.voiced_ms is not None
    assert segment.voiced_ms >= VadConfig().min_speech_ms
