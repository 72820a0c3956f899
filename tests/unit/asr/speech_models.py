"""Real engines and clips shared by the ASR and TTS tests, each built once per test process.

Both tests/unit/asr and tests/unit/tts need tiny.en; a `functools.cache` here (rather than two
session fixtures in two conftests) keeps it to one load when the whole suite runs.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

import jiwer
import numpy as np
import soundfile as sf
import soxr
from whisper_normalizer.english import EnglishTextNormalizer

from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.config import AsrConfig
from sayso.constants import SAMPLE_RATE

SPEECH_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "speech"


@dataclasses.dataclass(frozen=True)
class Clip:
    id: str
    audio: np.ndarray
    text: str


@functools.cache
def tiny_asr_engine() -> FasterWhisperAsr:
    engine = FasterWhisperAsr(AsrConfig(model="tiny.en", compute_type="int8", nbest=5))
    engine.load()
    return engine


@functools.cache
def speech_clips() -> tuple[Clip, ...]:
    lines = (SPEECH_DIR / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    result = []
    for row in map(json.loads, lines):
        audio, rate = sf.read(SPEECH_DIR / row["audio"], dtype="float32")
        assert rate == SAMPLE_RATE
        result.append(Clip(row["id"], audio, row["text"]))
    return tuple(result)


_normalizer = EnglishTextNormalizer()


def wer(references: list[str], hypotheses: list[str]) -> float:
    """Word error rate after Whisper's English normalisation ("ten" == "10", no punctuation)."""
    return float(
        jiwer.wer([_normalizer(r) for r in references], [_normalizer(h) for h in hypotheses])
    )


def to_asr_rate(samples: np.ndarray, rate: int) -> np.ndarray:
    """Resample TTS output to the pipeline's 16 kHz."""
    return np.asarray(soxr.resample(samples, rate, SAMPLE_RATE), dtype=np.float32)
