"""Encoder outputs of the training clips, computed once and kept on disk.

The encoder is frozen, so its output for a clip never changes: caching it makes every training
step a decoder pass only (Whisper tiny's encoder is most of the compute on 30 s windows).

Every clip is encoded by the base as a turn serves it (CTranslate2 at the served compute type,
after the turn's lead silence, `decode.encode_as_served`), so the decoder learns exactly the
encodings a turn gives it. On the
full window that matters: faster-whisper pads the *features* of short audio with zeros, while the
log-mel of audio padded with silence (how Whisper itself, and this module before round 8, pads)
is the clip's floor (-0.6 to -0.9 after scaling), and the encoder output differs throughout,
speech positions included. A base served trimmed (tiny.en: the speech + 10 s,
`decode.TRIM_VALIDATED`) gives a clip encoding shorter than the window: its length is kept
(`Encoded.positions`) and the rest of its row is zeros.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.adapt.asr.dataset import Clip
from sayso.asr.whisper.decode import LEAD_SILENCE_S
from sayso.evaluation.progress import ProgressBar

DONE_FILE: Final[str] = "encoded.json"
ENCODED_BY: Final[str] = "served"
"""Recorded in `DONE_FILE`: full windows encoded earlier (by `transformers`, from padded audio)
lack it and are encoded again on resume."""


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

    `model` (`transformers`) gives the shapes; `served` (the base as a faster-whisper model)
    encodes each clip as a turn does: trimmed to the speech + `encoder_pad_s`, or the whole
    window when None. `is_open` marks the open-speech clips (rehearsal), stored alongside.
    """
    config = model.config
    shape = (total, config.max_source_positions, config.d_model)
    states = np.lib.format.open_memmap(out / "encoder.npy", "w+", np.float16, shape)
    texts, positions = encode_served(served, clips, total, states, encoder_pad_s)
    states.flush()
    tokens = [tokenizer.encode(" " + t.strip(), add_special_tokens=False) for t in texts]
    flags = is_open or [False] * len(texts)
    done = {"texts": texts, "tokens": tokens, "open": flags, "positions": positions,
            "encoder_pad_s": encoder_pad_s, "lead_s": LEAD_SILENCE_S,
            "encoded_by": ENCODED_BY}  # fmt: skip
    (out / DONE_FILE).write_text(json.dumps(done), encoding="utf-8")
    return out


def encode_served(
    served: Any, clips: Iterable[Clip], total: int, states: np.ndarray, pad_s: float | None
) -> tuple[list[str], list[int]]:
    """One clip at a time through the served model's own encoder: (texts, encoded lengths).

    Clips go singly, as a turn encodes them: trimmed lengths differ, and a batched CTranslate2
    encode is not guaranteed the same numbers as a turn's batch of one.
    """
    from sayso.asr.whisper.decode import encode_as_served as encode_one

    texts: list[str] = []
    positions: list[int] = []
    how = "the 30 s window" if pad_s is None else f"speech + {pad_s:g} s"
    with ProgressBar(total, f"encoding training speech as served ({how})") as bar:
        for row, clip in enumerate(clips):
            hidden = encode_one(served, np.asarray(clip.audio, np.float32), pad_s)
            states[row, : hidden.shape[0]] = hidden.astype(np.float16)
            texts.append(clip.text)
            positions.append(int(hidden.shape[0]))
            bar.advance()
    return texts, positions


def load_encoded(out: Path, encoder_pad_s: float | None) -> Encoded | None:
    """A finished `encode_clips` in `out` made with `encoder_pad_s`, else None (encode again)."""
    done = out / DONE_FILE
    if not done.is_file():
        return None
    data = json.loads(done.read_text(encoding="utf-8"))
    if data.get("encoder_pad_s") != encoder_pad_s or data.get("lead_s", 0.0) != LEAD_SILENCE_S:
        return None  # a resumed run whose base is now served otherwise
    if encoder_pad_s is None and data.get("encoded_by") != ENCODED_BY:
        return None  # full windows from padded audio (before round 8): not what a turn encodes
    states = np.load(out / "encoder.npy", mmap_mode="r")
    count = len(data["texts"])
    return Encoded(
        states, data["tokens"], data["texts"], data.get("open") or [False] * count,
        data.get("positions") or [states.shape[1]] * count, encoder_pad_s,
    )  # fmt: skip
