"""Fit the way out of the served model from material sayso ships (`sayso eval calibrate --fit`).

The constrained decoder's way out compares log-likelihoods of one model, so its constants belong
to that model; as the only domain, a model nobody fitted reads only what its free decode heard
(`wayout.default_wayout`). Shipped fits exist for tiny.en and Whisper base; `sayso adapt asr`
fits the models it makes. This is the one command for any other model (a hub model, another
language's domain): it speaks sayso's calibration commands (a coffee-ordering domain written
for calibrating, `data/calibration/coffee/`) and its open-speech calibration sentences with two
of the adaptation's training voices, in the training half of the user's noise if given, reads
them with the served model twice — the coffee domain as the only one (the sole way out,
`#sole`) and among the built-in intents (the way out of every other session) — and fits both
into the user's calibration file (`constrained_calibration.json` in the data directory, read
before the shipped fits). None of it is what sayso reports on, and the evaluation half of the
noise is left for the user's own measurements.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

from sayso.config import Settings
from sayso.errors import BadInput
from sayso.evaluation.augment.conditions import CLEAN, Condition
from sayso.evaluation.data.manifest import Utterance

COFFEE: Final[tuple[str, ...]] = ("calibration", "coffee")
"""The calibration domain, under the package data folder: `coffee.yaml` and `sentences.txt`."""
DEFAULT_SNRS: Final[tuple[float, ...]] = (6.0, 24.0)
"""Noise levels (dB) of the calibration speech when a noise folder is given (as the shipped
fits: the way out must hold in a noisy room, where open speech reads closest to a command)."""


@dataclasses.dataclass(frozen=True)
class Fitted:
    """One fitted way out: the calibration key it is stored under, and a line on the fit."""

    identity: str
    summary: str


def fit_model(
    settings: Settings,
    work: Path,
    out: Path,
    *,
    noise: Path | None = None,
    snrs: Sequence[float] = DEFAULT_SNRS,
    seed: int = 0,
    target: float | None = None,
    margin: float | None = None,
    limit: int | None = None,
) -> list[Fitted]:
    """Fit the served model's sole and shared way outs into `out`; one `Fitted` per rule.

    `work`: scratch folder for the rendered speech (kept, so a second run renders nothing).
    `target`: open speech of the split the fit may force (None: none, as `sayso adapt asr` fits:
    real speech scores closer to a command than rendered open speech — round 24, Whisper base
    fitted at 0.5 % forced 1 of 240 of its split and 13 of Cathy's 240 real rows).
    `margin`: as `calibrate.calibrate_rows`. The rows are kept in `work` (`rows-sole.jsonl`,
    `rows-shared.jsonl`) for `sayso eval calibrate --rows` to refit or replay.
    `limit`: at most this many sentences of each set (a quick, coarse fit; None: all).
    """
    from sayso.adapt.asr.noise import split_noise
    from sayso.adapt.asr.wayout import way_out_rows

    commands, open_speech = _speech(work, limit)
    conditions: list[Condition] = [CLEAN]
    if noise is not None:
        from sayso.adapt.asr.evaluate import noise_conditions

        conditions = [c for c in noise_conditions(split_noise(noise).train, snrs) if c != CLEAN]
    grammar = str(_coffee() / "coffee.yaml")
    intents = dataclasses.replace(settings.intents, custom=(*settings.intents.custom, grammar))
    fitted = []
    for builtin in (False, True):
        scoped = dataclasses.replace(intents, builtin=builtin)
        domain = dataclasses.replace(settings, intents=scoped)
        scope = "among the built-ins" if builtin else "the only domain"
        rows = way_out_rows(domain, commands, open_speech, conditions, seed=seed, label=scope)
        _keep(rows, work / ("rows-shared.jsonl" if builtin else "rows-sole.jsonl"))
        fitted.append(_fit(rows, out, target, margin))
    return fitted


def _speech(
    work: Path, limit: int | None
) -> tuple[tuple[Utterance, ...], tuple[Utterance, ...]]:
    from sayso.adapt.asr import dataset
    from sayso.adapt.asr.wayout import calibration_voices, open_sentences

    text = (_coffee() / "sentences.txt").read_text(encoding="utf-8")
    orders = [line.strip() for line in text.splitlines() if line.strip()][:limit]
    speakers = calibration_voices()
    if not speakers:
        raise BadInput("no voice to speak the calibration sentences (Piper or espeak-ng)")
    # A folder per set size: a resumed run reuses what it rendered, never a smaller set.
    size = "all" if limit is None else str(limit)
    return dataset.rendered(work / f"commands-{size}", orders, speakers), dataset.rendered(
        work / f"open-{size}", open_sentences()[:limit], speakers
    )


def _fit(
    rows: list[dict[str, Any]], out: Path, target: float | None, margin: float | None
) -> Fitted:
    from sayso.adapt.asr.wayout import TARGET_FORCED
    from sayso.evaluation.calibrate import calibrate_rows
    from sayso.understanding.grammar.wayout import save_wayout

    identity, rule, summary = calibrate_rows(
        rows, TARGET_FORCED if target is None else target, margin
    )
    save_wayout(identity, rule, out)
    return Fitted(identity, summary)


def _keep(rows: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _coffee() -> Path:
    return Path(str(resources.files("sayso.data").joinpath(*COFFEE)))
