"""ASR and TTS speed: per-call latency, real-time factor, load time (engines passed in loaded)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, Protocol

import numpy as np

from sayso.bench.report import percentile, summarize
from sayso.constants import MS_PER_SECOND, SAMPLE_RATE

BENCH_COMMANDS: Final[tuple[str, ...]] = (
    "turn on the kitchen light",
    "turn off the living room lamp",
    "open the living room curtains",
    "set the temperature to 21 degrees",
    "set a timer for five minutes",
    "what time is it",
    "add milk to my shopping list",
    "close the bedroom blinds",
)
"""Device commands spoken in the turn, ASR and live benchmarks."""

BENCH_REPLIES: Final[tuple[str, ...]] = (
    "Turned on the kitchen light.",
    "The living room curtains are open.",
    "Timer set for five minutes.",
    "It is a quarter past three in the afternoon.",
    "I added milk to your shopping list. Anything else you need from the shop today?",
)
"""Replies of typical length, for TTS timing."""


class Transcriber(Protocol):
    """What `bench_asr` needs of an ASR engine."""

    def transcribe(self, audio: np.ndarray, request: Any = None) -> Any:
        """Recognise one utterance."""
        ...


class Synthesizer(Protocol):
    """What `bench_tts` needs of a TTS engine."""

    @property
    def capabilities(self) -> Any:
        """Has `sample_rate`."""
        ...

    def synthesize(self, text: str, speed: float = 1.0) -> Iterator[np.ndarray]:
        """Audio chunks of `text`."""
        ...


def rtf_summary(values: Sequence[float]) -> dict[str, float]:
    """p50/p95/mean of real-time factors (processing time / audio time), 3 decimals."""
    return {
        "p50": round(percentile(values, 0.5), 3),
        "p95": round(percentile(values, 0.95), 3),
        "mean": round(float(np.mean(values)), 3) if values else float("nan"),
    }


def bench_asr(
    engine: Transcriber, clips: Sequence[tuple[str, np.ndarray]], runs: int
) -> dict[str, Any]:
    """Transcribe every clip `runs` times (after one untimed warm-up) and time each call."""
    engine.transcribe(clips[0][1])
    latency: list[float] = []
    rtf: list[float] = []
    for _ in range(runs):
        for _name, audio in clips:
            start = time.perf_counter()
            engine.transcribe(audio)
            elapsed = time.perf_counter() - start
            latency.append(elapsed * MS_PER_SECOND)
            rtf.append(elapsed / (audio.size / SAMPLE_RATE))
    seconds = [a.size / SAMPLE_RATE for _, a in clips]
    return {
        "latency_ms": summarize({"transcribe": latency}),
        "rtf": rtf_summary(rtf),
        "clips": len(clips),
        "audio_s": {"min": round(min(seconds), 2), "max": round(max(seconds), 2)},
    }


def bench_tts(voices: Mapping[str, Synthesizer], texts: Sequence[str], runs: int) -> dict[str, Any]:
    """Time to first chunk, total synthesis time and RTF of each voice on each text."""
    latency: dict[str, list[float]] = {}
    rtf: dict[str, dict[str, float]] = {}
    for name, engine in voices.items():
        list(engine.synthesize(texts[0]))  # warm-up, not counted
        first, total, factors = [], [], []
        for _ in range(runs):
            for text in texts:
                t_first, t_total, audio_s = _time_synthesis(engine, text)
                first.append(t_first * MS_PER_SECOND)
                total.append(t_total * MS_PER_SECOND)
                factors.append(t_total / audio_s if audio_s else float("nan"))
        latency[f"{name} first chunk"] = first
        latency[f"{name} whole reply"] = total
        rtf[name] = rtf_summary(factors)
    return {"latency_ms": summarize(latency), "rtf": rtf, "texts": list(texts)}


def _time_synthesis(engine: Synthesizer, text: str) -> tuple[float, float, float]:
    start = time.perf_counter()
    first: float | None = None
    samples = 0
    for chunk in engine.synthesize(text):
        if first is None:
            first = time.perf_counter() - start
        samples += len(chunk)
    total = time.perf_counter() - start
    return first or total, total, samples / engine.capabilities.sample_rate


def rtf_table(rtf: Mapping[str, Mapping[str, float]]) -> str:
    """Markdown table of real-time factors per engine or voice."""
    lines = ["| engine | RTF p50 | RTF p95 | RTF mean |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['p50']} | {v['p95']} | {v['mean']} |" for k, v in rtf.items()]
    return "\n".join(lines) + "\n"


def render_clips(
    tts: Synthesizer, texts: Sequence[str], lead_s: float = 0.0, trail_s: float = 0.0
) -> list[tuple[str, np.ndarray]]:
    """Each text spoken by `tts`, as 16 kHz mono float32 with optional silence around it."""
    import soxr

    rate = tts.capabilities.sample_rate
    lead = np.zeros(round(lead_s * SAMPLE_RATE), np.float32)
    trail = np.zeros(round(trail_s * SAMPLE_RATE), np.float32)
    clips = []
    for text in texts:
        audio = np.concatenate([np.asarray(c, np.float32) for c in tts.synthesize(text)])
        speech = soxr.resample(audio, rate, SAMPLE_RATE).astype(np.float32)
        clips.append((text, np.concatenate([lead, speech, trail])))
    return clips
