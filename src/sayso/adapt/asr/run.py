"""One `sayso adapt asr` run: sentences → speech → training → CTranslate2 → gate → report.

Everything is written under `<out>.partial` and renamed to `<out>` only at the end, so `<out>`
is never half-written; an interrupted run resumes from `<out>.partial` (`--resume`): finished
steps (base conversion, encoded clips, training checkpoints) are not repeated.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any, Final

from sayso.adapt import gate
from sayso.adapt.asr import convert, dataset, encode, plan, report, sentences, train, voices
from sayso.adapt.asr.evaluate import GateSets, measure, noise_conditions
from sayso.adapt.asr.noise import split_noise
from sayso.adapt.extra import require
from sayso.asr.whisper.models import resolve_model
from sayso.evaluation.data.manifest import Utterance, read_manifest

DEFAULT_SNRS: Final[tuple[float, ...]] = (6.0, 12.0, 24.0)
MAX_GATE_SENTENCES: Final[int] = 40
"""Held-out sentences the gate speaks (× held-out voices × conditions)."""
SCRATCH: Final[tuple[str, ...]] = ("encoded", "hf-base", "hf-adapted", train.CHECKPOINT_FILE)
"""Intermediates removed once the model is served from `model/`."""


@dataclasses.dataclass(frozen=True)
class AdaptOptions:
    """The command line."""

    steps: int = 300
    seed: int = 0
    sentences: int = 400
    renders: int = 2
    snrs: tuple[float, ...] = DEFAULT_SNRS
    noise: Path | None = None
    open_speech: Path | None = None
    never_train: Path | None = None
    quantization: str = "float16"


def adapt_asr(p: plan.AdaptPlan, options: AdaptOptions) -> dict[str, Any]:
    """Run every step in `p.work`, rename it to `p.out`; returns the report's data."""
    transformers = require("transformers")
    # Their per-shard progress bars and load reports would bury ours.
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    work = p.work
    base_dir = Path(resolve_model(p.settings.asr.model))
    hf_base = work / "hf-base"
    if not (hf_base / "config.json").is_file():
        convert.ct2_to_hf(base_dir, hf_base)
    grammar = plan.load_grammar(p.settings)
    drawn = sentences.BalancedSampler(*grammar, seed=p.seed).sample(p.sentences)
    given = _never_train(options.never_train)
    train_texts, held = dataset.split_sentences(drawn, {t.lower() for t in given})
    # Given texts (a benchmark's) are the held-out sentences; else the checksum's share.
    # A grammar too small to hold sentences out (digits) is judged on held-out voices only.
    held = given or (held or train_texts)[:MAX_GATE_SENTENCES]
    if not train_texts:
        raise_bad("no sentences are left for training after holding out the evaluation ones")
    halves = split_noise(options.noise)
    gate_dir = work / "gate"
    commands = _eval_commands(work, held, gate_dir)
    open_speech = p.open_speech or _rendered_open(gate_dir)
    model = transformers.WhisperForConditionalGeneration.from_pretrained(hf_base)
    tokenizer = transformers.WhisperTokenizerFast.from_pretrained(hf_base)
    encoded_dir = work / "encoded"
    encoded_dir.mkdir(exist_ok=True)
    cached = encode.load_encoded(encoded_dir)
    if cached is None:
        train_voices = voices.available(voices.TRAIN_VOICES)
        clips = dataset.training_clips(
            train_texts, train_voices, halves, renders=p.renders, seed=p.seed, real=p.real_train
        )
        total = len(train_texts) * p.renders + len(p.real_train)
        encode.encode_clips(model, tokenizer, clips, total, encoded_dir)
        cached = encode.load_encoded(encoded_dir)
    assert cached is not None  # just written
    states, tokens, _ = cached
    ids = tokenizer.convert_tokens_to_ids([convert.SOT, convert.NO_TIMESTAMPS, convert.EOT])
    config = train.TrainConfig(steps=p.steps, seed=p.seed)
    losses = train.train_decoder(model, states, tokens, ids[:2], ids[2], config, work)
    hf_adapted = work / "hf-adapted"
    model.save_pretrained(hf_adapted)
    tokenizer.save_pretrained(hf_adapted)
    for side in convert.SIDE_FILES:
        shutil.copyfile(hf_base / f"ct2-{side}", hf_adapted / f"ct2-{side}")
    served = work / "model"
    convert.hf_to_ct2(hf_adapted, served, options.quantization)
    sets = GateSets(commands, noise_conditions(halves.eval, options.snrs), open_speech, p.real_eval)
    base = measure(_with_model(p, str(base_dir)), sets, p.seed, "base")
    adapted = measure(_with_model(p, str(served)), sets, p.seed, "adapted")
    result = gate.compare(base["metrics"], adapted["metrics"], report.rules(bool(p.real_eval)))
    split = {
        "sentences_drawn": len(drawn),
        "train_sentences": len(train_texts),
        "heldout_sentences": len(held),
        "train_voices": [v.name for v in voices.available(voices.TRAIN_VOICES)],
        "heldout_voices": [v.name for v in voices.available(voices.EVAL_VOICES)],
        "noise": halves.described,
        "real_train": len(p.real_train),
        "real_eval": len(p.real_eval),
        "open_speech": len(open_speech),
        "training_clips": len(tokens),
    }
    report.write(work, p.out, result, base, adapted, losses, split, config, options)
    for name in SCRATCH:
        path = work / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    work.rename(p.out)
    return {"deployable": result.passed, "out": str(p.out)}


def raise_bad(message: str) -> None:
    """Refuse the input with one line."""
    from sayso.errors import BadInput

    raise BadInput(message)


def _never_train(path: Path | None) -> list[str]:
    if path is None:
        return []
    from sayso.evaluation.plan import read_texts

    return [str(item["text"]).strip() for item in read_texts(path)]


def _eval_commands(work: Path, held: list[str], gate_dir: Path) -> list[Utterance]:
    manifest = gate_dir / "commands" / "manifest.jsonl"
    if not manifest.is_file():
        eval_voices = voices.available(voices.EVAL_VOICES)
        dataset.render_eval_set(held, eval_voices, manifest.parent)
    return read_manifest(manifest)


def _rendered_open(gate_dir: Path) -> tuple[Utterance, ...]:
    manifest = gate_dir / "open" / "manifest.jsonl"
    if not manifest.is_file():
        eval_voices = voices.available(voices.EVAL_VOICES)
        dataset.render_eval_set(list(plan.OPEN_SENTENCES), eval_voices, manifest.parent)
    return tuple(read_manifest(manifest))


def _with_model(p: plan.AdaptPlan, model: str) -> Any:
    return dataclasses.replace(p.settings, asr=dataclasses.replace(p.settings.asr, model=model))
