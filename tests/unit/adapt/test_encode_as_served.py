"""Training clips are encoded exactly as a turn encodes them, trimmed or on the full window.

The served tiny.en (CTranslate2) encodes committed Cathy clips for training; a turn's own encoder
output (`Transcript.acoustic`) on the same clip must be the same numbers, the same length.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sayso.adapt.asr import encode
from sayso.adapt.asr.dataset import Clip
from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.config import AsrConfig
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.manifest import read_manifest

SPEECH = Path(__file__).parents[2] / "fixtures" / "speech" / "manifest.jsonl"
WINDOW_POSITIONS, WIDTH = 1500, 384  # tiny.en's encoder: 30 s window, width 384


@pytest.fixture(scope="module")
def served() -> FasterWhisperAsr:
    asr = FasterWhisperAsr(AsrConfig())
    asr.load()
    return asr


def _clips(count: int) -> list[Clip]:
    return [Clip(u.text, read_clip(u.audio)) for u in list(read_manifest(SPEECH))[:count]]


def _turn_encoding(served: FasterWhisperAsr, clip: Clip) -> np.ndarray:
    acoustic = served.transcribe(clip.audio).acoustic
    return np.asarray(acoustic.encoded)[0]  # type: ignore[union-attr]


def test_training_encodings_are_the_turns_own(served: FasterWhisperAsr) -> None:
    pad = served.encoder_pad_s
    assert pad is not None  # tiny.en is served trimmed
    clips = _clips(3)
    states = np.zeros((len(clips), WINDOW_POSITIONS, WIDTH), np.float16)
    texts, positions = encode.encode_served(served.model, clips, len(clips), states, pad)
    assert texts == [c.text for c in clips]
    for row, clip in enumerate(clips):
        turn = _turn_encoding(served, clip)
        assert positions[row] == turn.shape[0] < WINDOW_POSITIONS  # trimmed
        assert np.array_equal(states[row, : positions[row]], turn.astype(np.float16))
        assert not states[row, positions[row] :].any()


def test_full_window_encodings_are_the_turns_own(
    served: FasterWhisperAsr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default (no `--trim`): whole windows, as a turn of a full-window model encodes them.

    faster-whisper pads a short clip's features with zeros; log-mel of audio padded with silence
    (how these were made before round 8) gives other encoder outputs at every position.
    """
    # Served as an adapted model without `--trim` is (its folder records no pad).
    monkeypatch.setattr(served, "encoder_pad_s", None)
    clips = _clips(2)
    states = np.zeros((len(clips), WINDOW_POSITIONS, WIDTH), np.float16)
    texts, positions = encode.encode_served(served.model, clips, len(clips), states, None)
    assert texts == [c.text for c in clips]
    assert positions == [WINDOW_POSITIONS] * len(clips)
    for row, clip in enumerate(clips):
        turn = _turn_encoding(served, clip)
        assert turn.shape == (WINDOW_POSITIONS, WIDTH)
        assert np.array_equal(states[row], turn.astype(np.float16))


def test_encodings_made_another_way_are_not_reused(tmp_path: Path) -> None:
    """A resumed run whose base is now served otherwise encodes its clips again."""
    np.save(tmp_path / "encoder.npy", np.zeros((1, 4, 2), np.float16))
    done = {"texts": ["hi"], "tokens": [[1]], "open": [False], "positions": [3],
            "encoder_pad_s": 10.0, "encoded_by": encode.ENCODED_BY}  # fmt: skip
    (tmp_path / encode.DONE_FILE).write_text(json.dumps(done))
    assert encode.load_encoded(tmp_path, 10.0) is None  # before the lead silence (round 14)
    done["lead_s"] = encode.LEAD_SILENCE_S
    (tmp_path / encode.DONE_FILE).write_text(json.dumps(done))
    assert encode.load_encoded(tmp_path, None) is None
    again = encode.load_encoded(tmp_path, 10.0)
    assert again is not None and again.positions == [3] and again.encoder_pad_s == 10.0
    # Full windows encoded as served are reused.
    done |= {"positions": [4], "encoder_pad_s": None}
    (tmp_path / encode.DONE_FILE).write_text(json.dumps(done))
    full = encode.load_encoded(tmp_path, None)
    assert full is not None and full.positions == [4]
    # Full windows from padded audio (before round 8; no lengths, no `encoded_by`): again.
    del done["positions"], done["encoder_pad_s"], done["encoded_by"]
    (tmp_path / encode.DONE_FILE).write_text(json.dumps(done))
    assert encode.load_encoded(tmp_path, None) is None
