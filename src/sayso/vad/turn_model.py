"""An audio end-of-turn model: Smart Turn v3 (Pipecat's open model) as a veto on ending.

The other cues (`session/turn_end.py`) read what the recogniser and the grammar make of the
words, and two hand-measured prosodic features. Smart Turn reads the sound itself — intonation,
rhythm, a trailing "um" — with a network trained on conversational speech in 23 languages
(BSD 2-Clause; ~8.7 MB ONNX, a Whisper-tiny-sized encoder over the last 8 s of audio; ~55 ms
of one core per speculation here). Where it is on, its P(complete) is read in the speculation's
pool job with the other cues, and below `TurnEndPolicy.audio_veto` the turn is at most
"likely" (800 ms), however sure the words are. Off by default: on held-out halves it cut no
fewer turns (BENCHMARKS.md, "Real speech pauses"); `sayso eval dialogue --turn-end`
with it on measures it on a user's own turns.

Where the weights come from (`session.turn_model`: "off", "auto" or a path; "auto" takes the
first found, and none leaves the cue unmeasured):

1. `~/.cache/sayso/models/smart-turn-v3.2-cpu.onnx` (`sayso turn-model --fetch` copies it
   there from the `pipecat-ai` wheel on the package index, checked by its SHA-256, without
   installing Pipecat; `make test` runs it);
2. an installed `pipecat` package (Pipecat ships the file in `pipecat/audio/turn/smart_turn/
   data/`): a Pipecat user already has it. Pipecat's code is not imported.

The model's input is what Pipecat's own analyser gives it: the last 8 s of 16 kHz audio, zeros
in front when shorter, scaled to zero mean and unit variance, as Whisper's 80-band log-mel
features (faster-whisper's extractor computes them); its output is P(the turn is complete).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from sayso.constants import SAMPLE_RATE
from sayso.errors import ConfigError, SaysoError

MODEL_FILE = "smart-turn-v3.2-cpu.onnx"
"""The quantised CPU build of Smart Turn v3.2, as the `pipecat-ai` wheel carries it."""
PIPECAT_DATA = ("audio", "turn", "smart_turn", "data")
"""Where inside the `pipecat` package the file lives."""
PIPECAT_WHEEL = "pipecat-ai==1.14.0"
"""The wheel `fetch` takes the file from (its own BSD 2-Clause licence is copied beside it)."""
MODEL_SHA256 = "2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f"
LICENSE_FILE = "smart-turn-LICENSE.txt"
WINDOW_S = 8
"""Seconds of audio the model reads (the end of the utterance)."""
MEL_BANDS = 80
NORM_EPS = 1e-7
"""Added to the variance when the window is scaled to unit variance (as the model was trained)."""


def cache_dir() -> Path:
    """Where `fetch` puts the model: `$XDG_CACHE_HOME/sayso/models` (~/.cache by default)."""
    root = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(root).expanduser() / "sayso" / "models"


def find_model(configured: str | None = None) -> Path | None:
    """The Smart Turn ONNX file to use, or None when there is none (see the module doc)."""
    if configured:
        return Path(configured).expanduser()
    if (cache_dir() / MODEL_FILE).is_file():
        return cache_dir() / MODEL_FILE
    return installed_pipecat_model()


def fetch(dest: Path | None = None) -> Path:
    """Copy the model out of the `pipecat-ai` wheel (downloaded by pip, not installed)."""
    folder = dest or cache_dir()
    target = folder / MODEL_FILE
    if target.is_file() and _sha256(target.read_bytes()) == MODEL_SHA256:
        return target
    with tempfile.TemporaryDirectory(prefix="sayso-turn-") as tmp:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "--quiet", "--dest", tmp, PIPECAT_WHEEL]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wheels = list(Path(tmp).glob("pipecat_ai-*.whl"))
        if done.returncode != 0 or not wheels:
            why = (done.stderr.strip().splitlines() or ["no wheel"])[-1]
            raise SaysoError(f"could not download {PIPECAT_WHEEL} from the package index: {why}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            model = wheel.read("/".join(("pipecat", *PIPECAT_DATA, MODEL_FILE)))
            licence = next((wheel.read(n) for n in wheel.namelist()
                            if n.endswith(".dist-info/licenses/LICENSE")), b"BSD 2-Clause")
    if _sha256(model) != MODEL_SHA256:
        raise SaysoError(f"{PIPECAT_WHEEL} carries another {MODEL_FILE} than the one measured")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LICENSE_FILE).write_bytes(licence)
    partial = target.with_suffix(".partial")
    partial.write_bytes(model)
    partial.replace(target)
    return target


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_turn_model(setting: str) -> TurnModel | None:
    """The model `session.turn_model` asks for ("auto", "off" or a path); None: not used."""
    if setting == "off":
        return None
    path = find_model(None if setting == "auto" else setting)
    if path is None:
        return None
    if not path.is_file():
        raise ConfigError(f"session.turn_model: no such file: {path}")
    model = TurnModel(path)
    try:  # at startup, so a broken file is one clear error and never fails a turn
        model.load()
    except Exception as exc:  # onnxruntime raises its own types for a file that is no model
        raise ConfigError(f"session.turn_model: cannot load {path}: {exc}") from None
    return model


def installed_pipecat_model() -> Path | None:
    """The file inside an installed `pipecat` package (found without importing it)."""
    try:
        spec = importlib.util.find_spec("pipecat")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder).joinpath(*PIPECAT_DATA, MODEL_FILE)
        if path.is_file():
            return path
    return None


def window(audio: np.ndarray) -> np.ndarray:
    """The model's 8 s of input: the end of `audio`, zeros in front, zero mean, unit variance."""
    n = WINDOW_S * SAMPLE_RATE
    samples = np.asarray(audio, dtype=np.float32)[-n:]
    padded = np.zeros(n, np.float32)
    padded[n - len(samples):] = samples
    return (padded - padded.mean()) / np.sqrt(padded.var() + NORM_EPS)


class TurnModel:
    """Smart Turn v3 on onnxruntime: `complete(audio)` = P(the speaker has finished)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"no Smart Turn model at {path}")
        self.path = path
        self._session: Any = None
        self._features: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Open the ONNX session (once; `complete` opens it on first use otherwise)."""
        with self._lock:
            if self._session is None:
                self._load()

    def _load(self) -> None:
        import onnxruntime as ort
        from faster_whisper.feature_extractor import FeatureExtractor

        options = ort.SessionOptions()
        # One thread: it runs inside a pool job next to the recogniser's own threads.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # The extractor first: a session set means everything is ready (checked unlocked).
        self._features = FeatureExtractor(feature_size=MEL_BANDS, chunk_length=WINDOW_S)
        self._session = ort.InferenceSession(
            str(self.path), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def features(self, audio: np.ndarray) -> np.ndarray:
        """Whisper log-mel features of the model's window, (1, 80, 800)."""
        if self._session is None:
            self.load()
        mel = self._features(window(audio), padding=0)
        frames = WINDOW_S * SAMPLE_RATE // self._features.hop_length
        return np.ascontiguousarray(mel[None, :, :frames], dtype=np.float32)

    def complete(self, audio: np.ndarray) -> float:
        """P(the turn is complete) for 16 kHz mono `audio` ending where the speaker paused."""
        inputs = self.features(audio)
        (out,) = self._session.run(None, {"input_features": inputs})[:1]
        return float(np.asarray(out).reshape(-1)[0])
