"""`sayso adapt llm` for real: train a few steps, export the GGUF LoRA, gate it, load it, talk.

A few training steps on the embedded gemma-3-270m cannot teach it much; these tests check the path
(interrupt and resume, the adapter llama.cpp loads, a real turn with it, the gate's verdict), not
accuracy, which `sayso adapt llm` reports from a full run.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from sayso.adapt.llm import gate
from sayso.adapt.llm.export import write_adapter
from sayso.adapt.llm.run import ADAPTER_FILE, PARTIAL_SUFFIX, AdaptJob, run
from sayso.adapt.llm.train import CHECKPOINT, TrainConfig
from sayso.app.assistant import Assistant
from sayso.config import LlmConfig, Settings

pytestmark = pytest.mark.slow
pytest.importorskip("peft")
SHAPES = {"self_attn.q_proj": (640, 1024), "self_attn.k_proj": (640, 256),
          "self_attn.v_proj": (640, 256), "self_attn.o_proj": (1024, 640),
          "mlp.gate_proj": (640, 2048), "mlp.up_proj": (640, 2048), "mlp.down_proj": (2048, 640)}
"""(in, out) of each adapted projection of gemma-3-270m."""


class Interrupt(Exception):
    """Stands in for Ctrl-C during training."""


def test_interrupted_run_resumes_and_the_adapter_runs_a_real_turn(tmp_path: Path) -> None:
    out = tmp_path / "brain"
    config = TrainConfig(steps=2, batch_size=2, checkpoint_every=1)
    job = AdaptJob(out=out, train=config, eval_limit=2)

    def stop_after_first(done: int, total: int, loss: float) -> None:
        raise Interrupt

    with pytest.raises(Interrupt):
        run(job, on_step=stop_after_first)
    partial = out.with_name(out.name + PARTIAL_SUFFIX)
    assert not out.exists() and (partial / CHECKPOINT).is_file()  # nothing half-published

    steps: list[int] = []
    resumed = AdaptJob(out=out, train=config, eval_limit=2, resume=True)
    report = run(resumed, on_step=lambda done, total, loss: steps.append(done))
    assert steps == [2]  # step 1 came from the checkpoint
    assert len(report["losses"]) == 2 and all(np.isfinite(report["losses"]))
    assert not partial.exists() and not (out / CHECKPOINT).exists()
    for name in (ADAPTER_FILE, "report.md", "report.json", "loss.svg", "train.jsonl"):
        assert (out / name).is_file(), name
    assert "labelled.tool_choice" in report["adapted"]

    lora = str(out / ADAPTER_FILE)
    settings = Settings(data_dir=str(tmp_path / "state"),
                        llm=LlmConfig(engine="llama-cpp", lora=lora))
    assistant = Assistant(settings).load(speech=False)
    try:
        assert assistant.llm is not None and assistant.llm.config.lora_path == lora  # type: ignore[attr-defined]
        turn = asyncio.run(assistant.run_text("who wrote the odyssey"))
    finally:
        assistant.close()
    assert turn.no_intent is not None and not turn.errors
    assert turn.reply_text.strip()


def test_the_gate_refuses_a_broken_adapter(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    weights = {}
    for layer in range(18):
        for module, (n_in, n_out) in SHAPES.items():
            prefix = f"base_model.model.model.layers.{layer}.{module}"
            weights[f"{prefix}.lora_A.weight"] = rng.normal(0, 1, (4, n_in))
            weights[f"{prefix}.lora_B.weight"] = rng.normal(0, 1, (n_out, 4))
    broken = tmp_path / "broken.gguf"
    write_adapter(broken, weights, alpha=8.0)
    out = tmp_path / "gated"
    report = run(AdaptJob(out=out, adapter_override=broken, eval_limit=4))
    assert report["deployable"] is False
    assert not (out / gate.DEPLOYABLE_FILE).exists()
    checks = {c["metric"]: c for c in report["checks"]}
    failed = {name for name, c in checks.items() if not c["passed"]}
    # A random adapter picks the wrong tools. Which set shows it is chance at eval_limit=4: one
    # lucky pick in four held-out paraphrases is a 0.25 "gain" over a base that gets none (a
    # fresh install's llama.cpp build did that), so the test asks for a tool-choice check that
    # failed, not for one particular set.
    assert failed & {"generated.tool_choice", "labelled.tool_choice"}
    labelled = checks["labelled.tool_choice"]
    assert labelled["candidate"] < labelled["base"] or "generated.tool_choice" in failed
