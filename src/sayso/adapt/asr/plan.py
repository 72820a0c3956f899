"""The inputs of one `sayso adapt asr` run, checked before any work starts."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Any, Final

from sayso.config import Settings
from sayso.errors import BadInput, ConfigError
from sayso.evaluation.data.manifest import Utterance, read_manifest

BYTES_PER_CLIP: Final[int] = 1_300_000
"""Disk per training clip: the cached encoder output (1500 × 384 float16) plus slack."""
FIXED_BYTES: Final[int] = 700_000_000
"""Disk for the base and adapted checkpoints, the served model and the gate's audio."""

OPEN_SENTENCES: Final[tuple[str, ...]] = (
    "What is the capital of France?",
    "Tell me something interesting about the ocean.",
    "How do I make a good cup of coffee?",
    "My sister is coming to visit next weekend.",
    "Why is the sky blue during the day?",
    "I think it might rain later this afternoon.",
    "Can you explain how a rainbow forms?",
    "The meeting went better than I expected.",
    "What should I read on my holiday?",
    "We walked along the river after lunch.",
    "Who wrote the story about the white whale?",
    "It was a long drive but the view was worth it.",
)
"""Open speech rendered by the held-out voices when no --open-speech recordings are given."""


@dataclasses.dataclass(frozen=True)
class AdaptPlan:
    """Everything the run needs, validated."""

    settings: Settings
    """The assistant's settings with the domain's grammar (what the gate's turns run)."""
    out: Path
    """Final output folder (does not exist until the run succeeds)."""
    work: Path
    """Where the run writes while it works; renamed to `out` at the end."""
    real_train: tuple[Utterance, ...]
    real_eval: tuple[Utterance, ...]
    open_speech: tuple[Utterance, ...]
    steps: int
    seed: int
    sentences: int
    renders: int


def domain_settings(base: Settings, intents: Path | None, home: Path | None) -> Settings:
    """The grammar to adapt to: a custom file alone, or the built-in grammar for a home."""
    if intents is not None and not intents.is_file():
        raise BadInput(f"--intents {intents} is not a readable file")
    if home is not None and not home.is_file():
        raise BadInput(f"--home {home} is not a readable file")
    cfg = base.intents
    custom = (*cfg.custom, str(intents)) if intents is not None else cfg.custom
    # A custom file without a home is a single domain (a kiosk); a home keeps the built-ins.
    only_custom = intents is not None and home is None
    settings = dataclasses.replace(
        base,
        intents=dataclasses.replace(cfg, custom=custom, builtin=not only_custom and cfg.builtin),
    )
    if home is not None:
        settings = dataclasses.replace(
            settings, home=dataclasses.replace(settings.home, home_file=str(_sayso_home(home)))
        )
    return settings


def _sayso_home(home: Path) -> Path:
    """`home`, or a Home Assistant fixture home rewritten as a sayso home file.

    `sayso eval slu --home` reads HA's fixture format, so one file serves both commands.
    """
    import hashlib

    import yaml

    text = home.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BadInput(f"--home {home}: {exc}") from None
    if not (isinstance(data, dict) and "entities" in data and "devices" not in data):
        return home
    from sayso.evaluation.text_replies import sayso_home

    # Named by content: a resumed run finds the same file, and nothing else writes it.
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    converted = Path(tempfile.gettempdir()) / f"sayso-home-{digest}.yaml"
    converted.write_text(yaml.safe_dump(sayso_home(data), allow_unicode=True), encoding="utf-8")
    return converted


def load_grammar(settings: Settings) -> tuple[Any, Any]:
    """(hassil Intents, slot lists) as the assistant loads them, home-filtered."""
    from sayso.app.assistant import Assistant
    from sayso.understanding.hassil.recognizer import HassilRecognizer

    plain = HassilRecognizer(settings.intents)
    plain.load()
    loaded = plain.grammar()
    if loaded is None or not any(i.data for i in loaded[0].intents.values()):
        raise BadInput("the grammar has no sentences to learn from")
    if not settings.intents.builtin:
        return loaded  # a single custom domain: no home lists to fill in
    data_dir = tempfile.mkdtemp(prefix="sayso-adapt-")
    try:
        scratch = dataclasses.replace(settings, data_dir=data_dir)
        recognizer = Assistant(scratch).load(speech=False, llm=False).recognizer
        grammar = recognizer.grammar() if recognizer is not None else None
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if grammar is None:
        raise ConfigError("the intent recogniser exposes no grammar to sample sentences from")
    return grammar


def split_real(manifest: Path | None) -> tuple[tuple[Utterance, ...], tuple[Utterance, ...]]:
    """The user's recordings: even lines train, odd lines are for the gate only."""
    if manifest is None:
        return (), ()
    if not manifest.is_file():
        raise BadInput(f"--manifest {manifest} is not a readable file")
    try:
        utterances = read_manifest(manifest)
    except BadInput as exc:
        raise BadInput(f"--manifest: {exc}") from None
    if any(not u.text for u in utterances):
        raise BadInput(f"--manifest {manifest}: every line needs a 'text'")
    return tuple(utterances[0::2]), tuple(utterances[1::2])


def check_output(out: Path, resume: bool, clips: int) -> Path:
    """The work folder for `out`; refuses an existing output or too little disk."""
    if out.exists():
        raise BadInput(f"--out {out} already exists; choose a new folder")
    parent = out.parent if out.parent != Path("") else Path(".")
    if not parent.is_dir():
        raise BadInput(f"--out: folder {parent} does not exist")
    work = out.with_name(out.name + ".partial")
    if work.exists() and not resume:
        raise BadInput(f"{work} holds an unfinished run: pass --resume, or remove it")
    try:
        work.mkdir(exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--out: cannot write in {parent}: {exc.strerror or exc}") from None
    needed = FIXED_BYTES + clips * BYTES_PER_CLIP
    free = shutil.disk_usage(work).free
    if free < needed:
        if not resume:
            shutil.rmtree(work, ignore_errors=True)
        raise BadInput(
            f"--out: {free / 1e9:.1f} GB free in {parent}; the run needs {needed / 1e9:.1f} GB"
        )
    return work


def read_open(manifest: Path | None) -> tuple[Utterance, ...]:
    """Open-speech recordings for the gate (empty: rendered open sentences are used)."""
    if manifest is None:
        return ()
    if not manifest.is_file():
        raise BadInput(f"--open-speech {manifest} is not a readable file")
    return tuple(read_manifest(manifest))
