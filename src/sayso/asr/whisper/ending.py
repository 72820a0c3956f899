"""Whisper's own end-of-sentence evidence: how likely the sentence ends after the words heard.

Whisper closes a finished sentence with ".", "?" or "!" and the end-of-text token; after words
spoken mid-sentence ("set the thermostat to twenty, …") it expects a comma or more words. The
binary "the transcript ends with a full stop" throws that doubt away; this reads it back: one
decoder pass over the transcript without its final punctuation, forced, and the probability of
the next token being a sentence end (".", "?", "!" or end-of-text) over the full vocabulary.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

END_MARKS = (".", "?", "!")
"""Tokens that close a sentence (the end-of-text token counts too)."""
SCORE_TAIL_POSITIONS = 100
"""Encoder positions of padding kept after the speech (as `scorer.SCORE_TAIL_POSITIONS`)."""
_TRAILING = re.compile(r"[\s.,;:!?…\"')\]-]+$")


def end_probability(
    model: Any, encoded: Any, tokenizer: Any, start: tuple[int, ...], content_frames: int,
    text: str,
) -> float | None:
    """P(".", "?", "!" or end-of-text right after `text`) given the encoded audio.

    `start` is the decode's start sequence (its prompt); `text` loses its final punctuation
    first. CTranslate2's `generate` forces the text as a prefix and returns the log-softmax
    of every step (nothing suppressed); the step after the prefix is the one read.
    """
    import ctranslate2

    words = _TRAILING.sub("", text.strip())
    if not words:
        return None
    prefix = list(tokenizer.encode(" " + words))
    prompt = [*start, *prefix]
    positions = content_frames // 2 + SCORE_TAIL_POSITIONS
    features = ctranslate2.StorageView.from_array(
        np.ascontiguousarray(np.asarray(encoded)[:, :positions])
    )
    # `max_length` counts the prompt in a way CTranslate2 does not document (measured: this
    # length yields at least one step after the prefix); extra steps cost ~2 ms each.
    result = model.model.generate(
        features, [prompt], max_length=len(prompt) + len(prefix) + 1, beam_size=1,
        return_logits_vocab=True, suppress_blank=False, suppress_tokens=[],
    )[0]
    steps = result.logits[0]
    if len(steps) <= len(prefix):
        return None
    logits = np.asarray(steps[len(prefix)], dtype=np.float64)
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    ends = {tokenizer.eot, *(tokenizer.encode(mark)[0] for mark in END_MARKS)}
    return float(sum(probs[i] for i in ends))
