"""Encoder outputs of the training clips, computed once and kept on disk.

The encoder is frozen, so its output for a clip never changes: caching it makes every training
step a decoder pass only (Whisper tiny's encoder is most of the compute on 30 s windows).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.adapt.asr.dataset import Clip
from sayso.adapt.extra import require
from sayso.constants import SAMPLE_RATE
from sayso.evaluation.progress import ProgressBar

WINDOW_SECONDS: Final[int] = 30
"""Whisper always encodes 30 s windows (shorter audio is padded with silence)."""
FRAMES: Final[int] = 3000
"""Mel frames per window (10 ms hop)."""
ENCODE_BATCH: Final[int] = 8
DONE_FILE: Final[str] = "encoded.json"


def log_mel(audio: np.ndarray, mel_bins: int) -> np.ndarray:
    """Whisper's log-mel features of one padded window, as faster-whisper computes them."""
    from faster_whisper.feature_extractor import FeatureExtractor

    window = np.zeros(WINDOW_SECONDS * SAMPLE_RATE, np.float32)
    clipped = audio[: window.size]
    window[: clipped.size] = clipped
    features = FeatureExtractor(feature_size=mel_bins)(window, padding=0)
    return np.asarray(features[:, :FRAMES], np.float32)


def encode_clips(
    model: Any,
    tokenizer: Any,
    clips: Iterable[Clip],
    total: int,
    out: Path,
    is_open: list[bool] | None = None,
) -> Path:
    """Write `out/encoder.npy` (clips × positions × width) and `out/encoded.json` (token ids).

    `is_open` marks the open-speech clips (rehearsal), stored alongside.
    """
    torch = require("torch")
    config = model.config
    shape = (total, config.max_source_positions, config.d_model)
    states = np.lib.format.open_memmap(out / "encoder.npy", "w+", np.float16, shape)
    texts: list[str] = []
    batch: list[np.ndarray] = []

    def flush() -> None:
        with torch.no_grad():
            feats = torch.from_numpy(np.stack(batch))
            hidden = model.model.encoder(feats).last_hidden_state.numpy()
        start = len(texts) - len(batch)
        states[start : len(texts)] = hidden.astype(np.float16)
        batch.clear()

    with ProgressBar(total, "encoding training speech") as bar:
        for clip in clips:
            batch.append(log_mel(clip.audio, config.num_mel_bins))
            texts.append(clip.text)
            if len(batch) == ENCODE_BATCH:
                flush()
            bar.advance()
        if batch:
            flush()
    states.flush()
    tokens = [tokenizer.encode(" " + t.strip(), add_special_tokens=False) for t in texts]
    flags = is_open or [False] * len(texts)
    done = {"texts": texts, "tokens": tokens, "open": flags}
    (out / DONE_FILE).write_text(json.dumps(done), encoding="utf-8")
    return out


def load_encoded(
    out: Path,
) -> tuple[np.ndarray, list[list[int]], list[str], list[bool]] | None:
    """(encoder states, token ids, texts, open-speech flags) of a finished `encode_clips`."""
    done = out / DONE_FILE
    if not done.is_file():
        return None
    data = json.loads(done.read_text(encoding="utf-8"))
    flags = data.get("open") or [False] * len(data["texts"])
    return np.load(out / "encoder.npy", mmap_mode="r"), data["tokens"], data["texts"], flags
