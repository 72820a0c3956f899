"""N-best rescoring with a language model (shallow fusion after the beam search).

score(h) = asr_logprob(h) + weight · lm_logprob(h) + length_bonus · words(h)

The LM is the embedded gemma-3-270m base model through llama-cpp-python; `LlamaLmScorer` computes
a text's log-probability from one evaluation of its tokens. The rescoring itself is a pure function
over any scorer, so it is tested on fixed N-best lists. Measured on real speech it did not lower
WER (ARCHITECTURE.md, "Grammar-aware recognition"), so nothing enables it by default.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import Any

from sayso.errors import NotLoaded
from sayso.events.speech import Hypothesis

LmScore = Callable[[str], float]
"""Natural-log probability of a text under a language model."""

DEFAULT_WEIGHT = 0.3
"""LM weight (nats of ASR score per nat of LM score); tune on held-out speech."""
DEFAULT_LENGTH_BONUS = 0.5
"""Nats per word added back: an LM alone prefers short hypotheses."""
LM_CONTEXT_TOKENS = 256
"""Context the scorer allocates; an utterance's N-best entries are far shorter."""


@dataclasses.dataclass(frozen=True)
class FusionWeights:
    """How much the LM counts against the acoustic score."""

    weight: float = DEFAULT_WEIGHT
    """LM weight."""
    length_bonus: float = DEFAULT_LENGTH_BONUS
    """Per-word bonus."""


def fused_score(hyp: Hypothesis, lm_logprob: float, weights: FusionWeights) -> float:
    """Combined score of one hypothesis (higher is better)."""
    words = len(hyp.text.split())
    return hyp.score + weights.weight * lm_logprob + weights.length_bonus * words


def rescore(
    hypotheses: Sequence[Hypothesis], lm: LmScore, weights: FusionWeights | None = None
) -> tuple[Hypothesis, ...]:
    """The N-best list re-ranked by fused score; each `score` becomes the fused score."""
    weights = weights or FusionWeights()
    scored = [
        dataclasses.replace(h, score=fused_score(h, lm(h.text) if h.text.strip() else 0.0, weights))
        for h in hypotheses
    ]
    return tuple(sorted(scored, key=lambda h: h.score, reverse=True))


class LlamaLmScorer:
    """Log-probability of a text under a GGUF model (default: the embedded gemma-3-270m)."""

    def __init__(self, model_path: str | None = None, *, threads: int = 2) -> None:
        self.model_path = model_path
        self.threads = threads
        self._llm: Any = None

    def load(self) -> None:
        """Load the model (idempotent)."""
        if self._llm is not None:
            return
        # Deferred: llama-cpp and the 250 MB model are only needed when fusion is enabled.
        from llama_cpp import Llama

        # The LLM worker's loader: its extra CPU buffers segfault on batched evaluation.
        from sayso.llm.llamacpp import embedded_model_path, no_extra_buffers

        path = self.model_path or embedded_model_path()
        with no_extra_buffers():
            self._llm = Llama(
                model_path=path,
                n_ctx=LM_CONTEXT_TOKENS,
                n_threads=self.threads,
                logits_all=True,
                verbose=False,
            )

    def __call__(self, text: str) -> float:
        """Summed log-probability of `text`'s tokens after the BOS token."""
        if self._llm is None:
            raise NotLoaded("LlamaLmScorer used before load()")
        import numpy as np

        tokens = self._llm.tokenize(text.strip().encode("utf-8"), add_bos=True)
        tokens = tokens[:LM_CONTEXT_TOKENS]
        self._llm.reset()
        self._llm.eval(tokens)
        logits = np.asarray(self._llm.scores[: len(tokens) - 1], dtype=np.float64)
        peak = logits.max(axis=1, keepdims=True)
        log_norm = peak[:, 0] + np.log(np.exp(logits - peak).sum(axis=1))
        picked = logits[np.arange(len(tokens) - 1), tokens[1:]]
        return float(np.sum(picked - log_norm)) if len(tokens) > 1 else 0.0


def relative_confidence(scores: Sequence[float]) -> list[float]:
    """Softmax of scores: how much of the N-best mass each entry holds."""
    if not scores:
        return []
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]
