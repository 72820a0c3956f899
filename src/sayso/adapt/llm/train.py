"""LoRA fine-tuning of the embedded GGUF model on CPU: seeded, resumable, loss on answers only.

transformers reads the GGUF and dequantises it to float32 (gemma3 is among its GGUF
architectures); peft wraps the attention and MLP projections with LoRA. Logits are computed only
at the positions that predict answer tokens: the 262k-token output layer is most of the model's
arithmetic, and the prompt carries no loss anyway.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sayso.adapt.extra import require
from sayso.adapt.llm.encode import Encoded

TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
"""Linear layers that get LoRA (all projections of every block)."""
CHECKPOINT = "checkpoint.pt"
"""File name of the resumable training state in the work directory."""
WARMUP_STEPS = 10
"""Steps of linear learning-rate warm-up."""
FINAL_LR_FRACTION = 0.1
"""The cosine schedule ends at this fraction of the peak learning rate."""
IGNORE = -100
"""Label of positions that carry no loss."""
OnStep = Callable[[int, int, float], None]
"""Progress callback: (step done, total steps, loss)."""


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one adaptation run."""

    steps: int = 80
    """Optimiser steps."""
    batch_size: int = 4
    """Sequences per step."""
    lr: float = 5e-4
    """Peak learning rate."""
    rank: int = 16
    """LoRA rank."""
    alpha: float = 32.0
    """LoRA alpha (the update is scaled by alpha / rank)."""
    seed: int = 0
    """Seed of the LoRA initialisation and the data order."""
    checkpoint_every: int = 25
    """Steps between checkpoints."""
    threads: int = 2
    """CPU threads for torch."""


def load_model(model_path: str, config: TrainConfig) -> Any:
    """The GGUF as a float32 transformers model wrapped with fresh LoRA layers."""
    torch = require("torch")
    transformers = require("transformers")
    peft = require("peft")
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    path = Path(model_path)
    with warnings.catch_warnings():  # library deprecation notices, not the user's business
        warnings.simplefilter("ignore")
        model = transformers.AutoModelForCausalLM.from_pretrained(
            str(path.parent), gguf_file=path.name, dtype=torch.float32)
        lora = peft.LoraConfig(r=config.rank, lora_alpha=config.alpha, lora_dropout=0.0,
                               target_modules=list(TARGET_MODULES), bias="none")
        return peft.get_peft_model(model, lora)


def train(model: Any, data: Sequence[Encoded], config: TrainConfig, work: Path, *,
          resume: bool = False, on_step: OnStep | None = None) -> list[float]:
    """Run the optimiser for `config.steps` steps; returns the loss of every step."""
    torch = require("torch")
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=0.0)
    losses: list[float] = []
    start = 0
    if resume and (work / CHECKPOINT).is_file():
        start, losses = _restore(model, optimizer, work / CHECKPOINT)
    model.train()
    for step in range(start, config.steps):
        for group in optimizer.param_groups:
            group["lr"] = config.lr * lr_factor(step, config.steps)
        loss = answer_loss(model, batch_of(data, step, config))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(float(loss.detach()))
        done = step + 1
        if done % config.checkpoint_every == 0 or done == config.steps:
            _save(model, optimizer, done, losses, work / CHECKPOINT)
        if on_step is not None:
            on_step(done, config.steps, losses[-1])
    model.eval()
    return losses


def lr_factor(step: int, total: int) -> float:
    """Warm-up then cosine decay to `FINAL_LR_FRACTION`."""
    if step < WARMUP_STEPS:
        return (step + 1) / WARMUP_STEPS
    progress = (step - WARMUP_STEPS) / max(1, total - WARMUP_STEPS)
    return FINAL_LR_FRACTION + (1 - FINAL_LR_FRACTION) * 0.5 * (1 + math.cos(math.pi * progress))


def batch_of(data: Sequence[Encoded], step: int, config: TrainConfig) -> list[Encoded]:
    """The sequences of `step`: a fixed function of (seed, step), so a resumed run is identical."""
    out = []
    for i in range(step * config.batch_size, (step + 1) * config.batch_size):
        epoch, index = divmod(i, len(data))
        order = list(range(len(data)))
        random.Random(config.seed * 100_003 + epoch).shuffle(order)
        out.append(data[order[index]])
    return out


def answer_loss(model: Any, batch: Sequence[Encoded]) -> Any:
    """Mean cross-entropy over the answer tokens of `batch` (right-padded)."""
    torch = require("torch")
    width = max(len(e.ids) for e in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    for row, e in enumerate(batch):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
        labels[row, e.n_prompt - 1 : len(e.ids) - 1] = torch.tensor(e.ids[e.n_prompt:])
    causal = model.get_base_model()
    hidden = causal.model(input_ids=ids, attention_mask=mask).last_hidden_state
    keep = labels != IGNORE
    logits = causal.lm_head(hidden[keep])
    return torch.nn.functional.cross_entropy(logits.float(), labels[keep])


def lora_state(model: Any) -> dict[str, Any]:
    """The LoRA weights by peft name."""
    peft = require("peft")
    with warnings.catch_warnings():  # "no config file next to the GGUF": expected, harmless
        warnings.simplefilter("ignore")
        state: dict[str, Any] = peft.get_peft_model_state_dict(model)
    return state


def _save(model: Any, optimizer: Any, step: int, losses: list[float], path: Path) -> None:
    """Write the training state atomically (a crash mid-write keeps the previous checkpoint)."""
    torch = require("torch")
    tmp = path.with_suffix(".tmp")
    torch.save({"step": step, "lora": lora_state(model), "optimizer": optimizer.state_dict(),
                "losses": losses}, tmp)
    os.replace(tmp, path)


def _restore(model: Any, optimizer: Any, path: Path) -> tuple[int, list[float]]:
    torch = require("torch")
    peft = require("peft")
    state = torch.load(path, weights_only=True)
    peft.set_peft_model_state_dict(model, state["lora"])
    optimizer.load_state_dict(state["optimizer"])
    return int(state["step"]), list(state["losses"])
