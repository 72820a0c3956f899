"""The brain's gate rules, the GGUF adapter tensor names and the loss plot (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sayso.adapt.llm import gate
from sayso.adapt.llm.export import gguf_name, write_adapter
from sayso.adapt.llm.plot import loss_svg
from sayso.errors import ConfigError

BASE = {"generated.tool_choice": 0.5, "generated.tool_and_arguments": 0.4,
        "labelled.tool_choice": 0.44, "labelled.tool_and_arguments": 0.31,
        "generated.no_tool_actions": 2.0, "labelled.no_tool_actions": 1.0,
        "labelled.validity": 1.0}


def test_a_better_adapter_passes_and_is_marked_deployable(tmp_path: Path) -> None:
    better = {**BASE, "generated.tool_choice": 0.9, "labelled.tool_choice": 0.8,
              "generated.no_tool_actions": 0.0}
    checks = gate.compare(BASE, better)
    gate.write_report(tmp_path, "t", checks)
    assert checks.passed
    assert (tmp_path / gate.DEPLOYABLE_FILE).is_file()
    assert json.loads((tmp_path / "report.json").read_text())["deployable"] is True


@pytest.mark.parametrize(("metric", "value"), [
    ("generated.tool_choice", 0.52),  # no real gain
    ("labelled.tool_choice", 0.40),  # worse on the labelled set
    ("generated.no_tool_actions", 3.0),  # one more invented action
    ("labelled.validity", float("nan")),
])
def test_a_worse_adapter_is_refused(tmp_path: Path, metric: str, value: float) -> None:
    candidate = {**BASE, "generated.tool_choice": 0.9, metric: value}
    (tmp_path / gate.DEPLOYABLE_FILE).write_text("stale")
    checks = gate.compare(BASE, candidate)
    gate.write_report(tmp_path, "t", checks)
    assert not checks.passed
    assert [c.rule.metric for c in checks.checks if not c.passed] == [metric]
    assert not (tmp_path / gate.DEPLOYABLE_FILE).exists()
    assert "NOT deployable" in (tmp_path / "report.md").read_text()


def test_peft_names_map_to_llama_cpp_tensors() -> None:
    name = "base_model.model.model.layers.7.self_attn.o_proj.lora_B.weight"
    assert gguf_name(name) == "blk.7.attn_output.weight.lora_b"
    assert gguf_name(name.replace("self_attn.o_proj", "mlp.down_proj").replace("_B", "_A")) == (
        "blk.7.ffn_down.weight.lora_a")
    with pytest.raises(ConfigError):
        gguf_name("base_model.model.lm_head.lora_A.weight")


def test_adapter_file_carries_what_llama_cpp_checks(tmp_path: Path) -> None:
    import gguf

    a = np.ones((4, 640), np.float32)
    b = np.zeros((1024, 4), np.float32)
    path = tmp_path / "a.gguf"
    write_adapter(path, {"model.layers.0.self_attn.q_proj.lora_A.weight": a,
                         "model.layers.0.self_attn.q_proj.lora_B.weight": b}, 8.0)
    reader = gguf.GGUFReader(str(path))
    fields = {k: reader.fields[k].contents() for k in
              ("general.type", "general.architecture", "adapter.type", "adapter.lora.alpha")}
    assert fields == {"general.type": "adapter", "general.architecture": "gemma3",
                      "adapter.type": "lora", "adapter.lora.alpha": 8.0}
    shapes = {t.name: tuple(int(n) for n in t.shape) for t in reader.tensors}
    # ggml order (ne0 first): a = [in, rank], b = [rank, out]
    assert shapes == {"blk.0.attn_q.weight.lora_a": (640, 4),
                      "blk.0.attn_q.weight.lora_b": (4, 1024)}
    assert not list(tmp_path.glob("*.tmp"))


def test_loss_plot_is_an_svg() -> None:
    assert loss_svg([2.0, 1.0, 0.5]).startswith("<svg") and "polyline" in loss_svg([1.0, 0.5])
    assert "no steps" in loss_svg([])


def test_the_configured_adapter_is_described_with_its_verdict(tmp_path: Path) -> None:
    lora = str(tmp_path / "adapter.gguf")
    assert gate.describe_lora(lora) == f"llm lora: {lora}"
    gate.write_report(tmp_path, "t", gate.compare(BASE, BASE))
    assert "did NOT pass its gate" in gate.describe_lora(lora)
