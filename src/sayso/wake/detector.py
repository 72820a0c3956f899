"""From scores to detections: a threshold, and one detection per utterance of the phrase.

A phrase scores above the threshold for several consecutive 80 ms steps; after a detection the
detector stays quiet for `REFRACTORY_S`, so one "hey jarvis" is one detection. Positions are in
seconds of audio fed to this detector (a live session's input clock).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sayso.constants import SAMPLE_RATE
from sayso.wake.base import WakeStream

REFRACTORY_S: float = 1.5
"""Quiet time after a detection, seconds: longer than any wake phrase's high-scoring stretch."""


@dataclasses.dataclass(frozen=True)
class Detection:
    """The wake phrase was heard."""

    name: str
    """Model that fired."""
    score: float
    """Its score at the step that crossed the threshold."""
    end_s: float
    """Audio position (seconds fed to the detector) of the end of that step."""


class WakeDetector:
    """Feeds one stream and applies the threshold."""

    def __init__(self, stream: WakeStream, name: str, threshold: float, step_samples: int) -> None:
        self.stream = stream
        self.name = name
        self.threshold = threshold
        self.step_samples = step_samples
        self.fed_samples = 0
        """Samples scored or buffered so far."""
        self.best = 0.0
        """Highest score seen since the last `reset` (for diagnostics and benchmarks)."""
        self._quiet_until = -1.0

    def feed(self, samples: np.ndarray) -> Detection | None:
        """Push 16 kHz mono float32 audio; the first detection it completes, if any."""
        start = self.fed_samples - self.fed_samples % self.step_samples
        self.fed_samples += len(samples)
        return self.observe(self.stream.process(samples), start)

    def observe(self, scores: list[float], start: int) -> Detection | None:
        """Apply the threshold to `scores` of the steps after sample `start`.

        A benchmark runs several thresholds over one stream's scores this way.
        """
        found: Detection | None = None
        for i, score in enumerate(scores):
            self.best = max(self.best, score)
            end_s = (start + (i + 1) * self.step_samples) / SAMPLE_RATE
            if found is None and score >= self.threshold and end_s >= self._quiet_until:
                found = Detection(name=self.name, score=score, end_s=end_s)
                self._quiet_until = end_s + REFRACTORY_S
        return found

    def reset(self) -> None:
        """Start over (a new audio stream)."""
        self.stream.reset()
        self.fed_samples = 0
        self.best = 0.0
        self._quiet_until = -1.0
