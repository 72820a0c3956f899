"""Wyoming wake-word detection: `detect` → audio-start, audio-chunk… → `detection` / `not-detected`.

A Home Assistant satellite (or HA's wake-word step) streams its microphone here; sayso answers
with a `detection` (model name, milliseconds into the stream) each time a phrase is heard, and
`not-detected` at `audio-stop` when none was. Audio is scored as it arrives and never buffered:
a satellite may stream for hours.
"""

from __future__ import annotations

import numpy as np
import soxr

from sayso.config import WAKE_MODELS, WakeConfig
from sayso.constants import MS_PER_SECOND, SAMPLE_RATE
from sayso.errors import SaysoError
from sayso.server.wyoming_input import AudioFormat
from sayso.wake import Detection, WakeDetector, WakeEngine

PCM16_FULL_SCALE = 32768.0
"""Divisor from 16-bit samples to [-1, 1)."""
MAX_NAMES = 8
"""Most wake words one `detect` may ask for."""


def wanted_models(names: object, default: WakeConfig) -> list[WakeConfig]:
    """The wake-word configs a `detect` event's `names` ask for (None: the configured one)."""
    if names is None:
        return [default]
    if not isinstance(names, list) or not names or len(names) > MAX_NAMES or not all(
        isinstance(n, str) for n in names
    ):
        raise SaysoError(f"'names' must be a list of 1..{MAX_NAMES} model names",
                         code="invalid_event")
    known = [n for n in dict.fromkeys(names) if n in WAKE_MODELS or n == default.model]
    if not known:
        offered = ", ".join(dict.fromkeys([default.model, *WAKE_MODELS]))
        raise SaysoError(f"no such wake word: {', '.join(names)[:80]} (offered: {offered})",
                         code="wake_word_unknown")
    return [WakeConfig(enabled=True, engine=default.engine, model=n, threshold=default.threshold)
            for n in known]


class WakeListen:
    """One `detect` request: detectors over the stream's audio, converted to 16 kHz mono."""

    def __init__(self, engines: list[WakeEngine], threshold: float) -> None:
        self.detectors = [
            WakeDetector(e.stream(), e.model.name, threshold, e.capabilities.step_samples)
            for e in engines
        ]
        self.detected = 0
        """Detections sent during this stream."""
        self.refused = False
        """An error already answered this stream: drop its remaining chunks quietly."""
        self._fmt: AudioFormat | None = None
        self._carry = b""
        self._resampler: soxr.ResampleStream | None = None

    def start(self, fmt: AudioFormat) -> None:
        """A new audio stream (audio-start): forget the previous one."""
        self._fmt, self._carry = fmt, b""
        self._resampler = (soxr.ResampleStream(fmt.rate, SAMPLE_RATE, 1, dtype="float32")
                           if fmt.rate != SAMPLE_RATE else None)
        self.detected, self.refused = 0, False
        for detector in self.detectors:
            detector.reset()

    def feed(self, fmt: AudioFormat, payload: bytes) -> list[Detection]:
        """Score one chunk; detections it completes (their `end_s` is into the stream)."""
        if self._fmt is None:
            self.start(fmt)  # chunks without audio-start: the stream starts here
        elif fmt != self._fmt:
            raise SaysoError(f"audio-chunk format {fmt} differs from the stream's {self._fmt}",
                             code="audio_format_unsupported")
        samples = self._mono(fmt, payload)
        found = [d for d in (det.feed(samples) for det in self.detectors) if d is not None]
        self.detected += len(found)
        return found

    def _mono(self, fmt: AudioFormat, payload: bytes) -> np.ndarray:
        data = self._carry + payload
        whole = len(data) - len(data) % fmt.frame_bytes
        self._carry = data[whole:]
        frames = np.frombuffer(data[:whole], dtype="<i2").reshape(-1, fmt.channels)
        mono = frames.mean(axis=1, dtype=np.float32) / PCM16_FULL_SCALE
        if self._resampler is not None:
            mono = self._resampler.resample_chunk(mono)
        return np.asarray(mono, np.float32)


def timestamp_ms(found: Detection) -> int:
    """A detection's Wyoming timestamp: milliseconds into the stream."""
    return round(found.end_s * MS_PER_SECOND)
