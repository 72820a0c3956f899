"""Encoder outputs of the training clips, computed once and kept on disk.

The encoder is frozen, so its output for a clip never changes: caching it makes every training
step a decoder pass only (Whisper tiny's encoder is most of the compute on 30 s windows).

A base served with its encoder trimmed (tiny.en: the speech + 10 s, `decode.TRIM_VALIDATED`) has
its clips encoded by the served model itself (CTranslate2, `decode.encode_as_served`), so the
decoder learns exactly the encodings a turn gives it: a clip's encoding is then shorter than the
window, its length is kept (`Encoded.positions`) and the rest of its row is zeros.
"""

from __future__ import annotations

import dataclasses
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


@dataclasses.dataclass(frozen=True)
class Encoded:
    """A finished `encode_clips`."""

    states: np.ndarray
    """Encoder outputs, clips × window positions × width (float16, memory-mapped)."""
    tokens: list[list[int]]
    """Each clip's text as token ids."""
    texts: list[str]
    is_open: list[bool]
    """Open-speech (rehearsal) clips."""
    positions: list[int]
    """Each clip's encoded positions (the window's, unless trimmed)."""
    encoder_pad_s: float | None
    """Seconds encoded after the speech; None: the whole window."""


def encode_clips(
    model: Any,
    tokenizer: Any,
    clips: Iterable[Clip],
    total: int,
    out: Path,
    is_open: list[bool] | None = None,
    served: Any = None,
    encoder_pad_s: float | None = None,
) -> Path:
    """Write `out/encoder.npy` (clips × positions × width) and `out/encoded.json` (token ids).

    `is_open` marks the open-speech clips (rehearsal), stored alongside. With `encoder_pad_s`,
    `served` (the base as a faster-whisper model) encodes each clip trimmed, as a turn does.
    """
    config = model.config
    shape = (total, config.max_source_positions, config.d_model)
    states = np.lib.format.open_memmap(out / "encoder.npy", "w+", np.float16, shape)
    if encoder_pad_s is None:
        texts, positions = _encode_windows(model, clips, total, states)
    else:
        texts, positions = _encode_trimmed(served, clips, total, states, encoder_pad_s)
    states.flush()
    tokens = [tokenizer.encode(" " + t.strip(), add_special_tokens=False) for t in texts]
    flags = is_open or [False] * len(texts)
    done = {"texts": texts, "tokens": tokens, "open": flags, "positions": positions,
            "encoder_pad_s": encoder_pad_s}  # fmt: skip
    (out / DONE_FILE).write_text(json.dumps(done), encoding="utf-8")
    return out


def _encode_trimmed(
    served: Any, clips: Iterable[Clip], total: int, states: np.ndarray, pad_s: float
) -> tuple[list[str], list[int]]:
    """One clip at a time (their lengths differ), through the served model's own encoder."""
    from sayso.asr.whisper.decode import encode_as_served

    texts: list[str] = []
    positions: list[int] = []
    with ProgressBar(total, "encoding training speech (trimmed, as served)") as bar:
        for row, clip in enumerate(clips):
            hidden = encode_as_served(served, np.asarray(clip.audio, np.float32), pad_s)
            states[row, : hidden.shape[0]] = hidden.astype(np.float16)
            texts.append(clip.text)
            positions.append(int(hidden.shape[0]))
            bar.advance()
    return texts, positions


def _encode_windows(
    model: Any, clips: Iterable[Clip], total: int, states: np.ndarray
) -> tuple[list[str], list[int]]:
    """Whole 30 s windows, in batches, through the `transformers` encoder."""
    torch = require("torch")
    config = model.config
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
    return texts, [config.max_source_positions] * len(texts)


def load_encoded(out: Path, encoder_pad_s: float | None) -> Encoded | None:
    """A finished `encode_clips` in `out` made with `encoder_pad_s`, else None (encode again)."""
    done = out / DONE_FILE
    if not done.is_file():
        return None
    data = json.loads(done.read_text(encoding="utf-8"))
    if data.get("encoder_pad_s") != encoder_pad_s:
        return None  # a resumed run whose base is now served otherwise
    states = np.load(out / "encoder.npy", mmap_mode="r")
    count = len(data["texts"])
    return Encoded(
        states, data["tokens"], data["texts"], data.get("open") or [False] * count,
        data.get("positions") or [states.shape[1]] * count, encoder_pad_s,
    )  # fmt: skip
