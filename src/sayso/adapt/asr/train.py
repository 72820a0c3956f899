"""Fine-tune Whisper's decoder on cached encoder outputs: seeded, bounded, resumable.

Only the decoder's layers learn; the encoder (cached), the token embeddings (tied to the output
projection: 20 M of tiny's 39 M parameters, and shared with every word the model knows) and the
position embeddings stay as they were, which keeps open speech close to the base model. A
checkpoint (trained weights, optimiser, step, loss history) is written every `CHECKPOINT_EVERY`
steps under a temporary name and renamed, so an interrupted run resumes from the last one.
"""

from __future__ import annotations

import dataclasses
import math
import random
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.adapt.extra import require
from sayso.evaluation.progress import ProgressBar

CHECKPOINT_EVERY: Final[int] = 50
"""Steps between checkpoints."""
CHECKPOINT_FILE: Final[str] = "checkpoint.pt"
WARMUP_SHARE: Final[float] = 0.1
"""Share of steps over which the learning rate rises linearly from 0."""
IGNORE: Final[int] = -100
"""Label that the loss skips (padding, the prompt)."""


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """How to train."""

    steps: int = 300
    """Optimiser steps."""
    batch: int = 16
    """Clips per step."""
    learning_rate: float = 1e-5
    """Peak learning rate (AdamW), after warm-up, decaying linearly to 0."""
    seed: int = 0
    """Seeds batch order and PyTorch."""


def trainable(model: Any) -> list[Any]:
    """Freeze all but the decoder's layers and final norm; return what trains."""
    for param in model.parameters():
        param.requires_grad = False
    decoder = model.model.decoder
    params = [*decoder.layers.parameters(), *decoder.layer_norm.parameters()]
    for param in params:
        param.requires_grad = True
    return params


def _batch(torch: Any, tokens: list[list[int]], ids: list[int], prompt: list[int], eot: int) -> Any:
    seqs = [prompt + tokens[i] + [eot] for i in ids]
    width = max(len(s) for s in seqs)
    inputs = torch.full((len(seqs), width - 1), eot, dtype=torch.long)
    labels = torch.full((len(seqs), width - 1), IGNORE, dtype=torch.long)
    for row, seq in enumerate(seqs):
        inputs[row, : len(seq) - 1] = torch.tensor(seq[:-1])
        # Learn the text and the end token, not the fixed prompt.
        labels[row, len(prompt) - 1 : len(seq) - 1] = torch.tensor(seq[len(prompt) :])
    return inputs, labels


def _rate(step: int, config: TrainConfig) -> float:
    warmup = max(1, int(config.steps * WARMUP_SHARE))
    if step < warmup:
        return config.learning_rate * (step + 1) / warmup
    return config.learning_rate * max(0.0, (config.steps - step) / max(1, config.steps - warmup))


def train_decoder(
    model: Any,
    states: np.ndarray,
    tokens: list[list[int]],
    prompt: list[int],
    eot: int,
    config: TrainConfig,
    work: Path,
) -> list[float]:
    """Train in place; return the loss of every step (those before a resume included)."""
    torch = require("torch")
    torch.manual_seed(config.seed)
    params = trainable(model)
    optimiser = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.0)
    start, losses = _resume(torch, model, optimiser, work)
    order = _order(len(tokens), config)
    model.train()
    decoder = model.model.decoder
    with ProgressBar(config.steps, "training the decoder") as bar:
        bar.advance(start)
        for step in range(start, config.steps):
            ids = order[step * config.batch : (step + 1) * config.batch]
            inputs, labels = _batch(torch, tokens, ids, prompt, eot)
            encoded = torch.from_numpy(np.asarray(states[ids], np.float32))
            hidden = decoder(input_ids=inputs, encoder_hidden_states=encoded).last_hidden_state
            logits = model.proj_out(hidden)
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=IGNORE
            )
            for group in optimiser.param_groups:
                group["lr"] = _rate(step, config)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            losses.append(loss.item())
            bar.advance()
            if (step + 1) % CHECKPOINT_EVERY == 0 or step + 1 == config.steps:
                _save(torch, model, optimiser, losses, step + 1, work)
    model.eval()
    return losses


def _order(count: int, config: TrainConfig) -> list[int]:
    """Clip indices for every step: seeded shuffles, epoch after epoch."""
    rng = random.Random(config.seed)
    needed = config.steps * config.batch
    order: list[int] = []
    for _ in range(math.ceil(needed / count)):
        epoch = list(range(count))
        rng.shuffle(epoch)
        order += epoch
    return order


def _save(
    torch: Any, model: Any, optimiser: Any, losses: list[float], step: int, work: Path
) -> None:
    state = {k: v for k, v in model.state_dict().items() if k.startswith("model.decoder.layer")}
    partial = work / (CHECKPOINT_FILE + ".partial")
    torch.save(
        {"step": step, "model": state, "optimiser": optimiser.state_dict(), "losses": losses},
        partial,
    )
    partial.replace(work / CHECKPOINT_FILE)


def _resume(torch: Any, model: Any, optimiser: Any, work: Path) -> tuple[int, list[float]]:
    path = work / CHECKPOINT_FILE
    if not path.is_file():
        return 0, []
    saved = torch.load(path, weights_only=True)
    model.load_state_dict(saved["model"], strict=False)
    optimiser.load_state_dict(saved["optimiser"])
    return int(saved["step"]), list(saved["losses"])
