"""CTranslate2's token suppression for `WhisperStepper` output, and a greedy decode built on it.

`WhisperStepper` returns the model's raw log-probabilities. CTranslate2's `generate`, as sayso's
decoder calls it, masks `suppress_tokens` (faster-whisper's list: non-speech symbols and the task
and start tokens) at every step, and with `suppress_blank` also the blank token and end-of-text at
the first generated step, then renormalises. A search that wants to rank paths as the free decode
does applies the same rules; `greedy_decode` is the reference for that parity (and a test of it).
`forced_log_probs` scores given token sequences in one batch, with the raw log-probabilities.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sayso.asr.whisper.stepper import WhisperStepper


@dataclasses.dataclass(frozen=True)
class SuppressRules:
    """Token ids CTranslate2 never lets the decoder produce."""

    always: tuple[int, ...]
    """Masked at every step."""
    at_begin: tuple[int, ...]
    """Also masked at the first generated token (blank, end of text)."""
    eot: int
    """End-of-text id."""

    @classmethod
    def for_tokenizer(cls, tokenizer: Any) -> SuppressRules:
        """The rules `decode.py` asks CTranslate2 for (suppress_tokens=[-1], suppress_blank)."""
        from faster_whisper.transcribe import get_suppressed_tokens

        always = tuple(int(t) for t in get_suppressed_tokens(tokenizer, [-1]) or ())
        return cls(always, (int(tokenizer.encode(" ")[0]), int(tokenizer.eot)), int(tokenizer.eot))

    def apply(self, log_probs: np.ndarray, *, first: bool) -> np.ndarray:
        """A copy of log_probs (..., vocab) with the rules applied and renormalised."""
        masked = np.array(log_probs, dtype=np.float32)
        masked[..., list(self.always)] = -np.inf
        if first:
            masked[..., list(self.at_begin)] = -np.inf
        peak = masked.max(axis=-1, keepdims=True)
        return masked - peak - np.log(np.exp(masked - peak).sum(axis=-1, keepdims=True))


def greedy_decode(
    stepper: WhisperStepper,
    encoded: Any,
    prompt: Sequence[int],
    rules: SuppressRules,
    max_tokens: int,
) -> tuple[list[int], float]:
    """Best token at each step, as CTranslate2's beam_size=1: the tokens and the summed log-prob.

    The sum includes end-of-text when it was reached, as CTranslate2's score does.
    """
    state, log_probs = stepper.start(encoded, prompt)
    scores = rules.apply(log_probs, first=True)
    tokens: list[int] = []
    total = 0.0
    while len(tokens) < max_tokens:
        best = int(np.argmax(scores))
        total += float(scores[best])
        if best == rules.eot:
            break
        tokens.append(best)
        state, batch = stepper.step(state, [0], [best])
        scores = rules.apply(batch[0], first=False)
    return tokens, total


def forced_log_probs(
    stepper: WhisperStepper,
    encoded: Any,
    prompt: Sequence[int],
    texts: Sequence[Sequence[int]],
) -> list[float]:
    """Summed log-probability of each token sequence after `prompt`, all texts in one batch.

    Raw model log-probabilities (no suppression), so a constrained path and the free decode's
    text can be compared on the same footing; an empty sequence scores 0. Shorter texts are
    padded with their last token, whose scores are ignored.
    """
    rows = [list(map(int, t)) for t in texts if len(t)]
    if not rows:
        return [0.0] * len(texts)
    state, first = stepper.start(encoded, prompt)
    totals = [float(first[r[0]]) for r in rows]
    parents = [0] * len(rows)  # the first step branches every text from the one start state
    for position in range(1, max(len(r) for r in rows)):
        state, log_probs = stepper.step(
            state, parents, [r[min(position, len(r)) - 1] for r in rows]
        )
        parents = list(range(len(rows)))
        for i, r in enumerate(rows):
            if position < len(r):
                totals[i] += float(log_probs[i, r[position]])
    scores = iter(totals)
    return [next(scores) if len(t) else 0.0 for t in texts]
