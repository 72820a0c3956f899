"""Run wake-word models over the corpus: false accepts per hour, recall, idle CPU share."""

from __future__ import annotations

import collections
import time
from collections.abc import Iterable, Sequence
from typing import Any, Final

import numpy as np

from sayso.constants import FRAME_SAMPLES, SAMPLE_RATE
from sayso.evaluation.wake.corpus import Positive
from sayso.wake import WakeDetector, WakeEngine

FEED_SAMPLES: Final[int] = SAMPLE_RATE
"""Negative audio is fed in 1 s pieces (fewer model calls than live 32 ms frames)."""
SECONDS_PER_HOUR: Final[float] = 3600.0
IDLE_SECONDS: Final[float] = 60.0
"""Audio fed frame by frame, as a live session does, to measure the idle CPU share."""


def false_accepts(engines: dict[str, WakeEngine], blocks: Iterable[np.ndarray],
                  thresholds: Sequence[float]) -> dict[str, Any]:
    """Detections per model and threshold over the negative stream (every one is false)."""
    streams = {name: e.stream() for name, e in engines.items()}
    detectors = {
        name: [WakeDetector(streams[name], name, t, e.capabilities.step_samples)
               for t in thresholds]
        for name, e in engines.items()
    }
    counts = {name: [0] * len(thresholds) for name in engines}
    fed = 0
    cpu = 0.0
    for block in blocks:
        for i in range(0, len(block), FEED_SAMPLES):
            piece = block[i : i + FEED_SAMPLES]
            for name, stream in streams.items():
                step = engines[name].capabilities.step_samples
                start = fed - fed % step
                t0 = time.process_time()
                scores = stream.process(piece)
                cpu += time.process_time() - t0
                for k, detector in enumerate(detectors[name]):
                    if detector.observe(scores, start) is not None:
                        counts[name][k] += 1
            fed += len(piece)
    hours = fed / SAMPLE_RATE / SECONDS_PER_HOUR
    return {
        "hours": round(hours, 3),
        "cpu_s_per_audio_hour_per_model": round(cpu / max(hours, 1e-9) / len(engines), 1),
        "false_accepts": {name: dict(zip(map(str, thresholds), c, strict=True))
                          for name, c in counts.items()},
        "false_accepts_per_hour": {
            name: {str(t): round(n / hours, 2) for t, n in zip(thresholds, c, strict=True)}
            for name, c in counts.items()
        },
    }


def recall(engine: WakeEngine, clips: Sequence[Positive], threshold: float) -> dict[str, Any]:
    """Share of clips in which the phrase was detected, per condition and per voice family."""
    by_snr: dict[str, list[bool]] = collections.defaultdict(list)
    by_voice: dict[str, list[bool]] = collections.defaultdict(list)
    for clip in clips:
        detector = WakeDetector(engine.stream(), engine.model.name, threshold,
                                engine.capabilities.step_samples)
        hit = detector.feed(clip.audio) is not None
        by_snr["clean" if clip.snr_db is None else f"{clip.snr_db:g} dB"].append(hit)
        by_voice[clip.voice.split(":")[0]].append(hit)
    noisy = [h for k, v in by_snr.items() if k != "clean" for h in v]
    return {
        "clips": len(clips),
        "recall": _rates(by_snr),
        "recall_noisy_0_20_db": round(100 * float(np.mean(noisy)), 1) if noisy else None,
        "recall_by_voice": _rates(by_voice),
    }


def _rates(groups: dict[str, list[bool]]) -> dict[str, float]:
    return {k: round(100 * float(np.mean(v)), 1) for k, v in groups.items()}


def idle_cpu_share(engine: WakeEngine, audio: np.ndarray) -> dict[str, float]:
    """CPU share of one core the wake stage takes on live input (32 ms frames)."""
    stream = engine.stream()
    n = min(len(audio), round(IDLE_SECONDS * SAMPLE_RATE))
    t0 = time.process_time()
    for i in range(0, n, FRAME_SAMPLES):
        stream.process(audio[i : i + FRAME_SAMPLES])
    cpu = time.process_time() - t0
    return {"audio_s": round(n / SAMPLE_RATE, 1), "cpu_s": round(cpu, 3),
            "cpu_share_percent": round(100 * cpu / (n / SAMPLE_RATE), 2)}


def markdown(result: dict[str, Any]) -> str:
    """The report's table: per model, false accepts per hour and recall by condition."""
    negatives, threshold = result["negatives"], result["threshold"]
    conditions = ["clean", "20 dB", "15 dB", "10 dB", "5 dB", "0 dB"]
    head = ["model", *(f"FA/h @{t}" for t in negatives["false_accepts_per_hour"][
        next(iter(negatives["false_accepts_per_hour"]))]), *(f"recall {c}" for c in conditions),
        "recall 0–20 dB", "piper", "espeak"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, fa in negatives["false_accepts_per_hour"].items():
        r = result["recall"].get(name, {})
        by_snr, by_voice = r.get("recall", {}), r.get("recall_by_voice", {})
        cells = [name, *map(str, fa.values()), *(f"{by_snr.get(c, '–')} %" for c in conditions),
                 f"{r.get('recall_noisy_0_20_db', '–')} %", f"{by_voice.get('piper', '–')} %",
                 f"{by_voice.get('espeak', '–')} %"]
        rows.append("| " + " | ".join(cells) + " |")
    idle = result["idle_cpu"]
    clips = [r["clips"] for r in result["recall"].values()]
    return (f"Threshold {threshold}; {negatives['hours']} h of non-wake audio; recall on "
            f"{clips[0] if clips else 0} clips per model.\n\n"
            + "\n".join(rows) + f"\n\nIdle listening: the wake stage takes "
            f"{idle['cpu_share_percent']} % of one core ({idle['cpu_s']} s CPU for "
            f"{idle['audio_s']} s of 32 ms frames).\n")
