"""Fine-tune Whisper's decoder on cached encoder outputs: seeded, bounded, resumable.

Only the decoder learns (`recipe`: all its layers, or LoRA adapters on them); the encoder
(cached), the token embeddings (tied to the output projection: 20 M of tiny's 39 M parameters,
and shared with every word the model knows) and the position embeddings stay as they were. Each
batch mixes domain clips with open-speech clips (`rehearsal`), optionally pulled towards the base
model's predictions (`kl_weight`), so open speech stays as the base model heard it. A
checkpoint (trained weights, optimiser, step, loss history) is written every `CHECKPOINT_EVERY`
steps under a temporary name and renamed, so an interrupted run resumes from the last one.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.adapt.asr import recipe
from sayso.adapt.extra import require
from sayso.errors import BadInput
from sayso.evaluation.progress import ProgressBar

CHECKPOINT_EVERY: Final[int] = 50
"""Steps between checkpoints."""
CHECKPOINT_FILE: Final[str] = "checkpoint.pt"
WARMUP_SHARE: Final[float] = 0.1
"""Share of steps over which the learning rate rises linearly from 0."""
IGNORE: Final[int] = -100
"""Label that the loss skips (padding, the prompt)."""
LEARNING_RATES: Final[dict[str, float]] = {"full": 1e-5, "lora": 1e-4}
"""Default peak learning rate per method (adapters start at zero and need larger steps)."""


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
    method: str = "full"
    """"full" (every decoder layer) or "lora" (low-rank adapters, merged at the end)."""
    lora_rank: int = 16
    rehearsal: float = 0.0
    """Share of each batch taken from the open-speech clips (0 when there are none)."""
    kl_weight: float = 0.0
    """Weight of KL(base ‖ trained) on the open-speech rows."""


def recipe_for(
    method: str, rehearsal: float, kl_weight: float, learning_rate: float | None
) -> TrainConfig:
    """A checked TrainConfig from the command line's choices."""
    if method not in LEARNING_RATES:
        raise BadInput(f"--method {method!r}: choose one of {', '.join(LEARNING_RATES)}")
    if learning_rate is not None and not 0 < learning_rate < 1:
        raise BadInput(f"--learning-rate {learning_rate}: must be between 0 and 1")
    return TrainConfig(
        method=method,
        rehearsal=rehearsal,
        kl_weight=kl_weight,
        learning_rate=learning_rate or LEARNING_RATES[method],
    )


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
    is_open: Sequence[bool] = (),
    positions: Sequence[int] = (),
) -> list[float]:
    """Train `model` in place (LoRA folded in at the end); return every step's loss.

    `is_open[i]` marks clip i as open speech (rehearsal); `positions[i]` is how many of
    `states[i]`'s positions are clip i's encoding (trimmed encodings are shorter than the window;
    default: all). The losses of steps before a resume are included.
    """
    torch = require("torch")
    torch.manual_seed(config.seed)
    flags = list(is_open) or [False] * len(tokens)
    frozen = recipe.reference(model) if config.kl_weight > 0 and any(flags) else None
    wrapped, params = recipe.trainable(model, config.method, config.lora_rank)
    optimiser = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.0)
    start, losses = _resume(torch, model, optimiser, work)
    order = _order(flags, config)
    lengths = list(positions) or [states.shape[1]] * len(tokens)
    model.train()
    decoder = model.model.decoder
    with ProgressBar(config.steps, "training the decoder") as bar:
        bar.advance(start)
        for step in range(start, config.steps):
            ids = order[step * config.batch : (step + 1) * config.batch]
            inputs, labels = _batch(torch, tokens, ids, prompt, eot)
            encoded, mask = _encodings(torch, states, ids, lengths)
            logits = model.proj_out(_decode(torch, decoder, inputs, encoded, mask))
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=IGNORE
            )
            if frozen is not None:
                rows = torch.tensor([flags[i] for i in ids])
                with torch.no_grad():
                    ref_logits = model.proj_out(_decode(torch, frozen, inputs, encoded, mask))
                kl = recipe.kl_to_reference(torch, logits, ref_logits, labels, rows, IGNORE)
                loss = loss + config.kl_weight * kl
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
    recipe.finish(wrapped, model)
    model.eval()
    return losses


def _encodings(
    torch: Any, states: np.ndarray, ids: list[int], lengths: list[int]
) -> tuple[Any, Any]:
    """The batch's encodings up to its longest clip, and the cross-attention mask (or None).

    Trimmed clips are shorter than the window and zeros after their end; the mask (0 where a
    clip's encoding is, the most negative float after it) hides those positions from the
    decoder, so each clip is decoded from exactly its own encoding, as a turn decodes it.
    """
    clip_lengths = torch.tensor([lengths[i] for i in ids])
    longest = int(clip_lengths.max())
    encoded = torch.from_numpy(np.asarray(states[ids, :longest], np.float32))
    if bool((clip_lengths == longest).all()):
        return encoded, None  # full windows (or equal lengths): nothing to hide
    beyond = torch.arange(longest)[None, :] >= clip_lengths[:, None]
    mask = torch.zeros(beyond.shape).masked_fill(beyond, torch.finfo(torch.float32).min)
    return encoded, mask[:, None, None, :]  # (batch, heads, tokens, positions), broadcast


def _decode(torch: Any, decoder: Any, inputs: Any, encoded: Any, mask: Any) -> Any:
    """The decoder's last hidden states; `mask` is added to every cross-attention's scores.

    Whisper's decoder takes no mask over the encoder's positions (`transformers` passes None to
    its layers), so it is handed to each cross-attention module as it is called.
    """
    if mask is None:
        return decoder(input_ids=inputs, encoder_hidden_states=encoded).last_hidden_state

    def masked(_module: Any, args: Any, kwargs: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        return args, {**kwargs, "attention_mask": mask}

    hooks = [
        layer.encoder_attn.register_forward_pre_hook(masked, with_kwargs=True)
        for layer in decoder.layers
    ]
    try:
        return decoder(input_ids=inputs, encoder_hidden_states=encoded).last_hidden_state
    finally:
        for hook in hooks:
            hook.remove()


def _shuffled(ids: list[int], needed: int, rng: random.Random) -> list[int]:
    """`needed` ids: seeded shuffles of `ids`, epoch after epoch."""
    order: list[int] = []
    for _ in range(math.ceil(needed / len(ids)) if ids else 0):
        epoch = list(ids)
        rng.shuffle(epoch)
        order += epoch
    return order[:needed]


def _order(is_open: list[bool], config: TrainConfig) -> list[int]:
    """Clip indices for every step: each batch's open-speech share, then domain clips."""
    rng = random.Random(config.seed)
    domain = [i for i, o in enumerate(is_open) if not o]
    rehearsed = [i for i, o in enumerate(is_open) if o]
    per_batch = round(config.batch * config.rehearsal) if rehearsed else 0
    own = _shuffled(domain, config.steps * (config.batch - per_batch), rng)
    other = _shuffled(rehearsed, config.steps * per_batch, rng)
    order: list[int] = []
    for step in range(config.steps):
        order += own[step * (config.batch - per_batch) : (step + 1) * (config.batch - per_batch)]
        order += other[step * per_batch : (step + 1) * per_batch]
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
