"""`sayso adapt llm` end to end: data → LoRA training → GGUF adapter → gate → output folder.

Everything is written into `<out>.partial/` (which also holds the resumable checkpoint) and renamed
to `<out>` only when complete, so an interrupted run never leaves a half-written output folder.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from sayso.actions import demo_home_path
from sayso.actions.home import HomeSpec, load_home
from sayso.adapt.llm import dataset, evaluate, gate
from sayso.adapt.llm.encode import Tokenizer, encode
from sayso.adapt.llm.export import write_adapter
from sayso.adapt.llm.intents import intent_requests
from sayso.adapt.llm.plot import loss_svg
from sayso.adapt.llm.train import CHECKPOINT, OnStep, TrainConfig, load_model, lora_state, train
from sayso.bench.llm import labelled_requests
from sayso.errors import ConfigError
from sayso.llm.backends.llamacpp import embedded_model_path
from sayso.llm.tools.actions import ActionTools
from sayso.llm.tools.definitions import build as builtin_tools
from sayso.llm.tools.typed import ToolRegistry

ADAPTER_FILE = "adapter.gguf"
"""The GGUF LoRA adapter in the output folder."""
PARTIAL_SUFFIX = ".partial"
"""Suffix of the work folder a run writes into before it is renamed to the output."""
LABELLED_DATA = "sayso.data.llm"
"""Package of labelled request sets; every one is kept out of training."""


@dataclasses.dataclass(frozen=True)
class AdaptJob:
    """One `sayso adapt llm` run."""

    out: Path
    home: Path | None = None
    intents: Path | None = None
    """The user's hassil intents file: its sentences are taught as no-tool requests."""
    exclude: tuple[Path, ...] = ()
    """More labelled request files (YAML `requests:`) whose requests must stay out of training."""
    train: TrainConfig = dataclasses.field(default_factory=TrainConfig)
    resume: bool = False
    model_path: str | None = None
    """Base GGUF; None is the embedded gemma-3-270m."""
    eval_limit: int | None = None
    """Requests per gate set (None: all); tests use a few."""
    adapter_override: Path | None = None
    """Gate this adapter instead of training one (tests of the gate itself)."""


def run(job: AdaptJob, *, on_step: OnStep | None = None,
        say: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Run the job; returns report.json's content. Bad input raises one-line errors first."""
    home = check_inputs(job)
    work = job.out.with_name(job.out.name + PARTIAL_SUFFIX)
    if not job.resume and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    tools = ToolRegistry(builtin_tools(ActionTools(_no_handler)))
    labelled = labelled_requests()
    domain = intent_requests(job.intents, home, seed=job.train.seed) if job.intents else []
    banned = _all_labelled_texts() + [
        t for f in job.exclude for t in dataset.eval_requests(labelled_requests(f))]
    data = dataset.build(home, banned, seed=job.train.seed, domain=domain)
    _write_jsonl(work / "train.jsonl", [e.labelled() for e in data.train])
    _write_jsonl(work / "heldout.jsonl", [e.labelled() for e in data.heldout])
    model_path = job.model_path or embedded_model_path()
    started = time.perf_counter()
    losses: list[float] = []
    adapter = job.adapter_override or work / ADAPTER_FILE
    if job.adapter_override is None:
        say(f"training on {len(data.train)} requests ({len(data.dropped_overlap)} dropped as "
            f"overlap with evaluation sets), {job.train.steps} steps")
        losses = _train(model_path, data.train, tools, job, work, on_step)
    train_s = time.perf_counter() - started
    sets = {"generated": [e.labelled() for e in data.heldout], "labelled": labelled}
    sets = {k: v[: job.eval_limit] if job.eval_limit else v for k, v in sets.items()}
    say("gating: base model vs adapted on " + ", ".join(f"{k} ({len(v)})" for k, v in sets.items()))
    base = evaluate.measure(job.model_path, None, tools, sets)
    candidate = evaluate.measure(job.model_path, str(adapter), tools, sets)
    result = gate.compare(base, candidate)
    (work / "loss.svg").write_text(loss_svg(losses), encoding="utf-8")
    info = _info(job, data, losses, train_s, base, candidate)
    gate.write_report(work, "sayso adapt llm", result, sections=_sections(job, data), data=info)
    (work / CHECKPOINT).unlink(missing_ok=True)
    _publish(work, job.out)
    report: dict[str, Any] = json.loads((job.out / "report.json").read_text(encoding="utf-8"))
    return report


def check_inputs(job: AdaptJob) -> HomeSpec:
    """Fail with one line before any long work starts."""
    if job.out.exists() and not job.out.is_dir():
        raise ConfigError(f"--out {job.out} exists and is not a folder")
    if not job.out.absolute().parent.is_dir():
        raise ConfigError(f"--out {job.out}: parent folder does not exist")
    if job.train.steps < 1:
        raise ConfigError("--steps must be at least 1")
    if job.home is not None and not job.home.is_file():
        raise ConfigError(f"home file not found: {job.home}")
    home = load_home(job.home or demo_home_path())
    for path in job.exclude:
        labelled_requests(path)  # missing or unreadable: one line, now
    if job.intents is not None:
        if not job.intents.is_file():
            raise ConfigError(f"intents file not found: {job.intents}")
        intent_requests(job.intents, home)  # unreadable or unexpandable: one line, now
    return home


def _train(model_path: str, examples: Sequence[dataset.Example], tools: ToolRegistry,
           job: AdaptJob, work: Path, on_step: OnStep | None) -> list[float]:
    tokenizer = Tokenizer(model_path)
    try:
        encoded = encode(examples, tools.specs(), tokenizer)
    finally:
        tokenizer.close()
    model = load_model(model_path, job.train)
    losses = train(model, encoded, job.train, work, resume=job.resume, on_step=on_step)
    write_adapter(work / ADAPTER_FILE, lora_state(model), job.train.alpha)
    del model
    gc.collect()  # the float32 model is ~4 GB; free it before llama.cpp loads twice for the gate
    return losses


def _no_handler() -> Any:
    raise ConfigError("tool specs only: no action handler while adapting")


def _all_labelled_texts() -> list[str]:
    """Requests of every packaged labelled set (the benchmark and any held-out set)."""
    texts: list[str] = []
    for item in resources.files(LABELLED_DATA).iterdir():
        if item.name.endswith((".yaml", ".yml")):
            texts += dataset.eval_requests(labelled_requests(Path(str(item))))
    return texts


def _info(job: AdaptJob, data: dataset.Dataset, losses: list[float], train_s: float,
          base: Mapping[str, float], candidate: Mapping[str, float]) -> dict[str, Any]:
    return {
        "adapter": str(job.out / ADAPTER_FILE), "config": {"llm": {"lora": str(
            (job.out / ADAPTER_FILE).absolute())}},
        "train": dataclasses.asdict(job.train), "train_examples": len(data.train),
        "heldout_examples": len(data.heldout), "dropped_overlap": list(data.dropped_overlap),
        "train_seconds": round(train_s, 1), "losses": [round(v, 4) for v in losses],
        "base": dict(base), "adapted": dict(candidate),
    }


def _sections(job: AdaptJob, data: dataset.Dataset) -> list[tuple[str, str]]:
    lora = (job.out / ADAPTER_FILE).absolute()
    return [
        ("Data", f"{len(data.train)} training requests, {len(data.heldout)} held out by "
                 f"template; {len(data.dropped_overlap)} generated requests dropped because an "
                 "evaluation set contains them."),
        ("Use it", f"Only when the verdict is deployable, in the config file:\n\n"
                   f"```yaml\nllm:\n  lora: {lora}\n```\n\n![loss](loss.svg)"),
    ]


def _write_jsonl(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


def _publish(work: Path, out: Path) -> None:
    """Replace `out` with the finished `work` folder (the old output stays until the rename)."""
    old = out.with_name(out.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    work.rename(out)
    if old.exists():
        shutil.rmtree(old)
