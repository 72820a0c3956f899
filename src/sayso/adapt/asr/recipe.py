"""What the decoder learns and how it is kept close to the base model on open speech.

Two ways to train the decoder: all of its layers ("full"), or low-rank adapters on its attention
and feed-forward projections ("lora", with `peft`), merged into the weights when training ends so
the served model has exactly the base model's shapes. Either way the token and position
embeddings stay frozen (they are shared with every word the model knows).

Open speech is rehearsed in training (`TrainConfig.rehearsal`): without it, a decoder trained on
ten digit sentences starts hearing digits in everything (the gate measured Cathy's WER 6.3 → 8.6 %,
forced into a digit 1.7 → 11.7 %). On open-speech rows the loss can also include the divergence
from the base model's own next-token distribution (`kl_weight`), which keeps what the model did
not need to change (punctuation, casing, rare words) where it was.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from sayso.adapt.extra import require

LORA_TARGETS: Final[str] = (
    r"model\.decoder\.layers\.\d+\.("
    r"(self_attn|encoder_attn)\.(q_proj|k_proj|v_proj|out_proj)|fc1|fc2)"
)
"""Every linear projection of the decoder's layers (a regular expression over module names)."""
LORA_DROPOUT: Final[float] = 0.0
"""No dropout: a run is a few hundred steps, too short to overfit through the adapters."""


def trainable(model: Any, method: str, rank: int) -> tuple[Any, list[Any]]:
    """Freeze all but what `method` trains; returns (the model to call, its trainable params)."""
    for param in model.parameters():
        param.requires_grad = False
    if method == "lora":
        peft = require("peft")
        config = peft.LoraConfig(
            r=rank, lora_alpha=2 * rank, lora_dropout=LORA_DROPOUT, target_modules=LORA_TARGETS
        )
        # get_peft_model swaps the targeted modules inside `model` itself.
        wrapped = peft.get_peft_model(model, config)
        return wrapped, [p for p in model.parameters() if p.requires_grad]
    decoder = model.model.decoder
    params = [*decoder.layers.parameters(), *decoder.layer_norm.parameters()]
    for param in params:
        param.requires_grad = True
    return model, params


def finish(wrapped: Any, model: Any) -> Any:
    """The plain transformers model with what was learned folded into its weights."""
    if wrapped is model:
        return model
    return wrapped.merge_and_unload()


def reference(model: Any) -> Any:
    """A frozen copy of the decoder as it is before training (the KL term's target)."""
    frozen = copy.deepcopy(model.model.decoder)
    frozen.eval()
    for param in frozen.parameters():
        param.requires_grad = False
    return frozen


def kl_to_reference(
    torch: Any, logits: Any, ref_logits: Any, labels: Any, rows: Any, ignore: int
) -> Any:
    """Mean over the open-speech rows' text positions of KL(base ‖ trained)."""
    mask = (labels != ignore) & rows[:, None]
    if not bool(mask.any()):
        return logits.new_zeros(())
    log_p = torch.log_softmax(logits[mask], dim=-1)
    log_q = torch.log_softmax(ref_logits[mask], dim=-1)
    return (log_q.exp() * (log_q - log_p)).sum(-1).mean()
