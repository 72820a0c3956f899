from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from sayso.errors import BadInput, EngineUnavailable
from sayso.evaluation.augment.noise import WhiteNoise
from sayso.evaluation.data.manifest import Utterance, read_manifest, write_manifest
from sayso.evaluation.data.sources import (
    LabelledText,
    from_hf_dataset,
    from_librispeech_dir,
    synthesize_set,
)

from .eval_signals import tone


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    audio = tmp_path / "clips" / "one.wav"
    utts = [
        Utterance("u1", audio, "Turn on the lamp", "HassTurnOn", {"name": "lamp"}, "alice"),
        Utterance("u2", tmp_path / "two.wav", "hello"),
    ]
    path = write_manifest(utts, tmp_path / "sets" / "m.jsonl")
    assert '"audio": "../clips/one.wav"' in path.read_text()
    back = read_manifest(path)
    assert back == [
        Utterance(
            "u1", audio.resolve(), "Turn on the lamp", "HassTurnOn", {"name": "lamp"}, "alice"
        ),
        Utterance("u2", (tmp_path / "two.wav").resolve(), "hello"),
    ]


def test_missing_id_defaults_to_the_audio_path(tmp_path: Path) -> None:
    (tmp_path / "m.jsonl").write_text('\n{"audio": "a.wav", "text": "hi"}\n\n')
    (utt,) = read_manifest(tmp_path / "m.jsonl")
    assert utt.id == "a.wav"
    assert utt.audio == (tmp_path / "a.wav").resolve()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"m.jsonl:2: not valid JSON"),
        ('["a"]', r"m.jsonl:2: expected a JSON object"),
        ('{"text": "x"}', r"m.jsonl:2: 'audio' must be"),
        ('{"audio": "b.wav"}', r"m.jsonl:2: 'text' must be"),
        ('{"audio": "b.wav", "text": "x", "slots": [1]}', r"m.jsonl:2: 'slots' must be"),
        ('{"audio": "b.wav", "text": "x", "intent": 3}', r"m.jsonl:2: 'intent' must be"),
        (
            '{"audio": "a.wav", "text": "again"}',
            r"m.jsonl:2: duplicate id 'a.wav' \(first on line 1\)",
        ),
    ],
)
def test_bad_line_is_one_line_error_with_line_number(
    tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text('{"audio": "a.wav", "text": "ok"}\n' + line + "\n")
    with pytest.raises(BadInput, match=message) as caught:
        read_manifest(path)
    assert "\n" not in str(caught.value)


def test_missing_manifest_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="cannot read manifest"):
        read_manifest(tmp_path / "nope.jsonl")


def test_librispeech_folder(tmp_path: Path) -> None:
    chapter = tmp_path / "dev-clean" / "19" / "198"
    chapter.mkdir(parents=True)
    (chapter / "19-198.trans.txt").write_text("19-198-0000 HELLO WORLD\n19-198-0001 GOOD DAY\n")
    for utt_id in ("19-198-0000", "19-198-0001"):
        sf.write(chapter / f"{utt_id}.flac", tone(300.0, 0.2), 16000)
    utts = from_librispeech_dir(tmp_path)
    assert [(u.id, u.text, u.speaker) for u in utts] == [
        ("19-198-0000", "HELLO WORLD", "19"),
        ("19-198-0001", "GOOD DAY", "19"),
    ]
    assert utts[0].audio.exists()


def test_librispeech_missing_audio_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "1-2.trans.txt").write_text("1-2-0000 HI\n")
    with pytest.raises(BadInput, match=r"1-2.trans.txt:1: no audio file for 1-2-0000"):
        from_librispeech_dir(tmp_path)


@pytest.mark.skipif(importlib.util.find_spec("datasets") is not None, reason="datasets installed")
def test_hf_adapter_without_datasets_says_how_to_install(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable, match="pip install datasets"):
        from_hf_dataset("some/set", "test", tmp_path)


def _voice(text: str) -> tuple[np.ndarray, int]:
    # 22.05 kHz on purpose: synthesize_set must resample to 16 kHz.
    return tone(200.0 + 10 * len(text), seconds=0.3, rate=22050), 22050


def test_synthesize_set_renders_every_text_with_every_voice(tmp_path: Path) -> None:
    texts = [LabelledText("turn on the lamp", "HassTurnOn", {"name": "lamp"}), "hello"]
    manifest = synthesize_set(texts, {"low": _voice, "high": _voice}, tmp_path / "set")
    utts = read_manifest(manifest)
    assert [u.id for u in utts] == ["low-00000", "low-00001", "high-00000", "high-00001"]
    assert utts[0].intent == "HassTurnOn"
    assert utts[0].slots == {"name": "lamp"}
    assert utts[2].speaker == "high"
    samples, rate = sf.read(utts[0].audio)
    assert rate == 16000
    assert abs(samples.size - 4800) <= 2


def test_synthesize_set_with_noise_is_reproducible(tmp_path: Path) -> None:
    def render(out: str) -> np.ndarray:
        path = synthesize_set(["hi"], [_voice], tmp_path / out, WhiteNoise(0.2), 5.0, seed=3)
        return sf.read(read_manifest(path)[0].audio)[0]

    assert np.array_equal(render("a"), render("b"))


def test_synthesize_set_needs_noise_and_snr_together(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="both noise and snr_db"):
        synthesize_set(["hi"], [_voice], tmp_path, snr_db=5.0)
