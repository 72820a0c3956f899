"""The way out fitted for the model `sayso adapt asr` serves: the calibration belongs to the model.

The constrained decoder's way out (`understanding/grammar/wayout.py`) weighs a grammar sentence
against the free decode in the model's own log-probabilities. An adapted model has learnt the
grammar's sentences, so its scores are not its base's: the base's fit cannot be trusted for it,
and the conservative default rule (kept for models never calibrated) refuses right readings. So
before the gate, every run measures the model it serves on a calibration split and fits the way
out as `sayso eval calibrate` does, into the model's own folder (`wayout.MODEL_CALIBRATION`),
where every turn that loads the model finds it:

* commands: training sentences (fresh renders of texts the model was trained on), spoken by two
  training voices in the training half of the noise;
* open speech: sayso's open-speech calibration sentences (`data/calibration/open_speech.txt`),
  never the gate's open speech, by the same voices in the same noise.

None of it is the gate's: the gate's voices, noise half, sentences and open speech stay held
out, so the gate measures the fitted rule on speech it was not fitted on.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Final

from sayso.adapt.asr import dataset, voices
from sayso.adapt.asr.evaluate import noise_conditions
from sayso.adapt.asr.noise import NoiseHalves
from sayso.config import Settings
from sayso.errors import BadInput
from sayso.evaluation.augment.conditions import CLEAN, Condition
from sayso.evaluation.data.manifest import Utterance

FOLDER: Final[str] = "calibration"
"""The calibration split's audio, under the run's work folder (scratch)."""
OPEN_SPEECH: Final[tuple[str, str]] = ("calibration", "open_speech.txt")
"""sayso's open-speech calibration sentences, under the package data folder."""
TARGET_FORCED: Final[float] = 0.0
"""Open speech of the calibration split the fit may force: none (as tiny.en's shipped fit was
made). At 0.5 % (`sayso eval calibrate`'s default) a split of ~250 open readings lets one through,
and held-out open speech scores up to ~2 nats above a split's likeliest (round 10, HA home: with
40 open sentences and the 0.5 % target, 2 of 240 held-out open rows were forced)."""


def fit_served(
    settings: Settings,
    train_texts: Sequence[str],
    halves: NoiseHalves,
    snrs: Sequence[float],
    work: Path,
    *,
    count: int,
    seed: int,
) -> str:
    """Fit the way out of the model in the folder `settings.asr.model`; one line on the fit."""
    from sayso.evaluation.calibrate import calibrate_rows
    from sayso.understanding.grammar.wayout import MODEL_CALIBRATION, save_wayout

    commands, open_speech = _speech(work / FOLDER, train_texts, count, seed)
    # Noisy speech where the run has noise (as the shipped fits were made), else clean.
    conditions = [c for c in noise_conditions(halves.train, snrs) if c != CLEAN] or [CLEAN]
    rows = way_out_rows(settings, commands, open_speech, conditions, seed=seed, label="way out")
    try:
        identity, rule, summary = calibrate_rows(rows, TARGET_FORCED)
    except BadInput as exc:
        return f"not fitted ({exc}): the default way out"
    save_wayout(identity, rule, Path(settings.asr.model) / MODEL_CALIBRATION, model_file=True)
    return summary


def way_out_rows(
    settings: Settings,
    commands: Sequence[Utterance],
    open_speech: Sequence[Utterance],
    conditions: Sequence[Condition],
    *,
    seed: int,
    label: str,
) -> list[dict[str, Any]]:
    """Evaluation rows of the calibration commands and open speech, read as `settings` serve."""
    from sayso.evaluation.engines import SluScorerFactory
    from sayso.evaluation.runner import run_rows

    slu = SluScorerFactory(settings, gold_from_grammar=True)
    rows: list[dict[str, Any]] = []
    with _quiet_default_warning():
        for name, clips in (("commands", commands), ("open speech", open_speech)):
            rows += run_rows(clips, conditions, slu, seed=seed, description=f"{label}: {name}")
    return rows


@contextmanager
def _quiet_default_warning() -> Iterator[None]:
    """Silence the "no calibration, using the default" warning while a fit is being made.

    The model has no fit yet (this makes it): the warning that it runs the default is noise.
    """
    from sayso.understanding.grammar import wayout as rule_module

    logger = logging.getLogger(rule_module.__name__)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _speech(
    folder: Path, train_texts: Sequence[str], count: int, seed: int
) -> tuple[tuple[Utterance, ...], tuple[Utterance, ...]]:
    texts = random.Random(seed).sample(list(train_texts), min(count, len(train_texts)))
    open_texts = open_sentences()  # all of them: the open speech is what sets the offset
    speakers = calibration_voices()
    return dataset.rendered(folder / "commands", texts, speakers), dataset.rendered(
        folder / "open", open_texts, speakers
    )


def open_sentences() -> list[str]:
    """The open-speech calibration sentences sayso ships (never a command, never the gate's)."""
    text = resources.files("sayso.data").joinpath(*OPEN_SPEECH).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def calibration_voices() -> tuple[voices.VoiceSpec, ...]:
    """The first Piper and the first espeak-ng training voice (what is installed of them)."""
    found = voices.available(voices.TRAIN_VOICES)
    return tuple(
        next(v for v in found if v.engine == e)
        for e in ("piper", "espeak")
        if any(v.engine == e for v in found)
    )
