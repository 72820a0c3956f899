"""One `sayso adapt asr` run: sentences → speech → training → CTranslate2 → gate → report.

Everything is written under `<out>.partial` and renamed to `<out>` only at the end, so `<out>`
is never half-written; an interrupted run resumes from `<out>.partial` (`--resume`): finished
steps (base conversion, held-out speech, encoded clips, training checkpoints) are not repeated.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from sayso.adapt import gate
from sayso.adapt.asr import (
    convert,
    dataset,
    encode,
    plan,
    report,
    sentences,
    train,
    voices,
    wayout,
)
from sayso.adapt.asr.evaluate import GateSets, measure, noise_conditions, paired
from sayso.adapt.asr.noise import NoiseHalves, split_noise
from sayso.adapt.extra import require
from sayso.asr.whisper.decode import LEAD_SILENCE_S
from sayso.asr.whisper.engine import served_encoder_pad
from sayso.asr.whisper.models import (
    load_whisper_model,
    model_identity,
    resolve_model,
    write_trained_on,
)
from sayso.errors import BadInput
from sayso.evaluation.data.manifest import Utterance

DEFAULT_SNRS: Final[tuple[float, ...]] = (6.0, 12.0, 24.0)
BASE_FILE: Final[str] = "base_measure.json"
"""The base model's gate measurement (under `gate/`), reused by a resumed run."""
SCRATCH: Final[tuple[str, ...]] = (
    "encoded", "hf-base", "hf-adapted", train.CHECKPOINT_FILE, f"gate/{BASE_FILE}", wayout.FOLDER
)
"""Intermediates removed once the model is served from `model/`."""


@dataclasses.dataclass(frozen=True)
class AdaptOptions:
    """The command line's choices beyond the plan."""

    snrs: tuple[float, ...] = DEFAULT_SNRS
    noise: Path | None = None
    never_train: Path | None = None
    quantization: str = "float16"
    gate_sentences: int = 40
    """Held-out sentences the gate speaks (× held-out voices × conditions)."""
    recipe: train.TrainConfig = dataclasses.field(default_factory=train.TrainConfig)
    """How to train (its steps and seed are replaced by the plan's)."""
    ray_address: str | None = None
    """Render the training speech as Ray tasks on this cluster (joined by the caller)."""
    trim: bool = False
    """Train on (and serve) the base's trimmed encoder input where the base is served trimmed
    (tiny.en: speech + 10 s): the adapted model then costs its base's ASR time, not ~3×. Off by
    default: on pizza the gate refused the trimmed model (Cathy's WER 6.12 → 7.27 %), while the
    full-window one reads open speech better than its base (BENCHMARKS.md, round 6)."""


class Phases:
    """Wall time per phase, for the report, and one status line per phase on stderr."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the body as phase `name`."""
        if sys.stderr.isatty():  # like the progress bars: logs and pipes get only the report
            print(f"adapt asr: {name}…", file=sys.stderr, flush=True)
        start = time.monotonic()
        yield
        self.seconds[name] = round(time.monotonic() - start, 1)


def adapt_asr(p: plan.AdaptPlan, options: AdaptOptions) -> dict[str, Any]:
    """Run every step in `p.work`, rename it to `p.out`; returns the verdict."""
    transformers = require("transformers")
    # Their per-shard progress bars and load reports would bury ours.
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    phases = Phases()
    base_dir = Path(resolve_model(p.settings.asr.model))
    with phases.phase("sampling sentences"):
        train_texts, held, drawn = _sentences(p, options)
    halves = split_noise(options.noise)
    with phases.phase("rendering held-out speech"):
        commands = _rendered(p.work / "gate" / "commands", held)
        open_speech = p.open_speech or _rendered(p.work / "gate" / "open", plan.OPEN_SENTENCES)
    with phases.phase("converting the base model"):
        hf_base = p.work / "hf-base"
        if not (hf_base / "config.json").is_file():
            convert.ct2_to_hf(base_dir, hf_base)
        model = transformers.WhisperForConditionalGeneration.from_pretrained(hf_base)
        tokenizer = transformers.WhisperTokenizerFast.from_pretrained(hf_base)
    # The adapted decoder is served with the encoder input it was trained on (`--trim`: its base's).
    pad_s = served_encoder_pad(p.settings.asr.model) if options.trim else None
    with phases.phase("rendering and encoding training speech"):
        enc = _encoded(p, model, tokenizer, train_texts, halves, options, pad_s)
    config = dataclasses.replace(options.recipe, steps=p.steps, seed=p.seed)
    with phases.phase("training"):
        ids = tokenizer.convert_tokens_to_ids([convert.SOT, convert.NO_TIMESTAMPS, convert.EOT])
        losses = train.train_decoder(
            model, enc.states, enc.tokens, ids[:2], ids[2], config, p.work, enc.is_open,
            enc.positions,
        )  # fmt: skip
    with phases.phase("converting to CTranslate2"):
        served = _served(p.work, model, tokenizer, hf_base, options.quantization)
        # Read by the engine (`served_encoder_pad`): the gate and every turn encode as trained.
        write_trained_on(served, p.settings.asr.model, pad_s, LEAD_SILENCE_S)
    sets = GateSets(commands, noise_conditions(halves.eval, options.snrs), open_speech, p.real_eval)
    with phases.phase("fitting the way out"):
        fitted = wayout.fit_served(
            _with_model(p, str(served)), train_texts, halves, options.snrs, p.work,
            count=options.gate_sentences, seed=p.seed,
        )  # fmt: skip
    with phases.phase("gate: base model"):
        base = _base_measure(p, str(base_dir), sets, options)
    with phases.phase("gate: adapted model"):
        adapted = measure(_with_model(p, str(served)), sets, p.seed, "adapted")
    adapted["metrics"] |= paired(base, adapted, noisy=bool(options.snrs))
    result = gate.compare(
        base["metrics"], adapted["metrics"], report.rules(bool(p.real_eval), bool(options.snrs))
    )
    split = _split(drawn, train_texts, held, halves, p, open_speech, len(enc.tokens))
    split["rehearsal_clips"] = sum(enc.is_open)
    split["encoder_pad_s"] = pad_s
    split["way_out"] = fitted
    split["timings_s"] = phases.seconds
    report.write(p.work, p.out, result, base, adapted, losses, split, config, options)
    for name in SCRATCH:
        path = p.work / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    p.work.rename(p.out)
    return {"deployable": result.passed, "out": str(p.out)}


def _base_measure(
    p: plan.AdaptPlan, base_dir: str, sets: GateSets, options: AdaptOptions
) -> dict[str, Any]:
    """The base model's gate measurement, kept in the work folder.

    A resumed run (or a new recipe tried on the same data, by copying the folder) does not
    measure the base again.
    """
    saved = p.work / "gate" / BASE_FILE
    # The base's identity is in the key: a folder measured before round 9 ran the base with the
    # default way out (its identity was the folder's name), and must be measured again.
    identity = model_identity(base_dir, p.settings.asr.compute_type)
    key = [list(options.snrs), len(sets.commands), len(sets.open_speech), len(sets.real), p.seed,
           identity]
    if saved.is_file():
        cached = json.loads(saved.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return dict(cached["result"])
    result = measure(_with_model(p, base_dir), sets, p.seed, "base")
    saved.write_text(json.dumps({"key": key, "result": result}, default=str), encoding="utf-8")
    return result


def _sentences(p: plan.AdaptPlan, options: AdaptOptions) -> tuple[list[str], list[str], list[str]]:
    grammar = plan.load_grammar(p.settings)
    drawn = sentences.BalancedSampler(*grammar, seed=p.seed).sample(p.sentences)
    given = _never_train(options.never_train)
    train_texts, held = dataset.split_sentences(drawn, set(given))
    if not train_texts:
        raise BadInput("no sentences are left for training after holding out the evaluation ones")
    # Given texts (a benchmark's) are the held-out sentences; else the checksum's share. A grammar
    # too small to hold sentences out (digits) is judged on held-out voices only.
    return train_texts, (given or held or train_texts)[: options.gate_sentences], drawn


def _encoded(
    p: plan.AdaptPlan,
    model: Any,
    tokenizer: Any,
    texts: list[str],
    halves: NoiseHalves,
    options: AdaptOptions,
    pad_s: float | None,
) -> encode.Encoded:
    encoded_dir = p.work / "encoded"
    encoded_dir.mkdir(exist_ok=True)
    cached = encode.load_encoded(encoded_dir, pad_s)
    if cached is None:
        train_voices = voices.available(voices.TRAIN_VOICES)
        job = dataset.RenderJob(tuple(texts), train_voices, halves, p.renders, p.seed)
        domain = job.count + len(p.real_train)
        extra = dataset.open_count(domain, options.recipe.rehearsal)
        open_job = dataset.open_job(extra, train_voices, halves, p.seed)
        render = dataset.render_here
        if options.ray_address is not None:
            from sayso.adapt.asr.cluster import render_on_ray as render
        # Both jobs start now (on a cluster, their tasks are queued together).
        clips, rehearsed = render(job), render(open_job, "rendering open speech")
        flags = [False] * domain + [True] * extra
        everything = itertools.chain(clips, dataset.real_clips(p.real_train), rehearsed)
        asr = p.settings.asr
        # Clips are encoded by the base as a turn serves it (CTranslate2, its compute type): the
        # adapted model keeps the base's encoder, so these are the encodings its turns will see.
        served = load_whisper_model(asr.model, asr.compute_type, asr.cpu_threads)
        encode.encode_clips(
            model, tokenizer, everything, domain + extra, encoded_dir, flags, served, pad_s
        )
        cached = encode.load_encoded(encoded_dir, pad_s)
    assert cached is not None  # just written
    return cached


def _served(work: Path, model: Any, tokenizer: Any, hf_base: Path, quantization: str) -> Path:
    hf_adapted = work / "hf-adapted"
    model.save_pretrained(hf_adapted)
    tokenizer.save_pretrained(hf_adapted)
    for side in convert.SIDE_FILES:
        shutil.copyfile(hf_base / f"ct2-{side}", hf_adapted / f"ct2-{side}")
    return convert.hf_to_ct2(hf_adapted, work / "model", quantization)


def _split(
    drawn: list[str],
    train_texts: list[str],
    held: list[str],
    halves: NoiseHalves,
    p: plan.AdaptPlan,
    open_speech: Any,
    clips: int,
) -> dict[str, Any]:
    return {
        "sentences_drawn": len(drawn),
        "train_sentences": len(train_texts),
        "heldout_sentences": len(held),
        "train_voices": [v.name for v in voices.available(voices.TRAIN_VOICES)],
        "heldout_voices": [v.name for v in voices.available(voices.EVAL_VOICES)],
        "noise": halves.described,
        "real_train": len(p.real_train),
        "real_eval": len(p.real_eval),
        "open_speech": len(open_speech),
        "training_clips": clips,
    }


def _never_train(path: Path | None) -> list[str]:
    if path is None:
        return []
    from sayso.evaluation.plan import read_texts

    return [str(item["text"]).strip() for item in read_texts(path)]


def _rendered(folder: Path, texts: Any) -> tuple[Utterance, ...]:
    return dataset.rendered(folder, list(texts), voices.available(voices.EVAL_VOICES))


def _with_model(p: plan.AdaptPlan, model: str) -> Any:
    return dataclasses.replace(p.settings, asr=dataclasses.replace(p.settings.asr, model=model))
