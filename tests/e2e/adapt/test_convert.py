"""CTranslate2 → transformers → CTranslate2 keeps Whisper exactly: weights and transcripts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sayso.adapt.asr.convert import ct2_to_hf, hf_to_ct2
from sayso.asr.whisper.ct2_weights import read_variables
from sayso.asr.whisper.models import resolve_model
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.manifest import read_manifest

SIZE_SLACK_BYTES = 4096
SPEECH = Path(__file__).parents[2] / "fixtures/speech/manifest.jsonl"


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = Path(resolve_model("tiny.en"))
    work = tmp_path_factory.mktemp("round-trip")
    hf = ct2_to_hf(base, work / "hf")
    return base, hf_to_ct2(hf, work / "ct2")


def test_every_weight_survives_bit_for_bit(round_trip: tuple[Path, Path]) -> None:
    base, back = round_trip
    before = read_variables(base / "model.bin", lambda _name: True)
    after = read_variables(back / "model.bin", lambda _name: True)
    # The reader widens to float32; the file size shows the stored dtype stayed float16 (another
    # dtype would change it by megabytes; names and aliases account for a few bytes).
    sizes = [(d / "model.bin").stat().st_size for d in (base, back)]
    assert abs(sizes[0] - sizes[1]) < SIZE_SLACK_BYTES
    weights = [k for k, v in before.items() if v.size > 1]
    assert len(weights) > 100
    for name in weights:
        assert np.array_equal(after[name], before[name]), name


def test_committed_clips_transcribe_the_same(round_trip: tuple[Path, Path]) -> None:
    from faster_whisper import WhisperModel

    base, back = round_trip
    models = [WhisperModel(str(d), device="cpu", compute_type="int8") for d in (base, back)]
    for utt in read_manifest(SPEECH):
        audio = read_clip(utt.audio)
        texts = [" ".join(s.text for s in m.transcribe(audio, beam_size=1)[0]) for m in models]
        assert texts[0] == texts[1] and texts[0].strip()
