"""Training clips of a trimmed base are encoded exactly as a turn encodes them.

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


def test_training_encodings_are_the_turns_own(served: FasterWhisperAsr) -> None:
    pad = served.encoder_pad_s
    assert pad is not None  # tiny.en is served trimmed
    utterances = list(read_manifest(SPEECH))[:3]
    clips = [Clip(u.text, read_clip(u.audio)) for u in utterances]
    states = np.zeros((len(clips), WINDOW_POSITIONS, WIDTH), np.float16)
    texts, positions = encode._encode_trimmed(served.model, clips, len(clips), states, pad)
    assert texts == [c.text for c in clips]
    for row, clip in enumerate(clips):
        acoustic = served.transcribe(clip.audio).acoustic
        turn = np.asarray(acoustic.encoded)[0]  # type: ignore[union-attr]
        assert positions[row] == turn.shape[0] < WINDOW_POSITIONS  # trimmed
        assert np.array_equal(states[row, : positions[row]], turn.astype(np.float16))
        assert not states[row, positions[row] :].any()


def test_encodings_made_another_way_are_not_reused(tmp_path: Path) -> None:
    """A resumed run whose base is now served otherwise encodes its clips again."""
    np.save(tmp_path / "encoder.npy", np.zeros((1, 4, 2), np.float16))
    done = {"texts": ["hi"], "tokens": [[1]], "open": [False], "positions": [3],
            "encoder_pad_s": 10.0}  # fmt: skip
    (tmp_path / encode.DONE_FILE).write_text(json.dumps(done))
    assert encode.load_encoded(tmp_path, None) is None
    again = encode.load_encoded(tmp_path, 10.0)
    assert again is not None and again.positions == [3] and again.encoder_pad_s == 10.0
    # Encoded before lengths were recorded: full windows.
    del done["positions"], done["encoder_pad_s"]
    (tmp_path / encode.DONE_FILE).write_text(json.dumps(done))
    old = encode.load_encoded(tmp_path, None)
    assert old is not None and old.positions == [4]
