"""Whisper's own end-of-sentence evidence: how likely the sentence ends after the words heard.

Whisper closes a finished sentence with ".", "?" or "!" and the end-of-text token; after words
spoken mid-sentence ("set the thermostat to twenty, …") it expects a comma or more words. The
binary "the transcript ends with a full stop" throws that doubt away; this reads it back: one
decoder pass over the transcript without its final punctuation, forced, and the probability of
the next token being a sentence end (".", "?", "!" or end-of-text) or a pause inside the
sentence ("," or "..."), over the full vocabulary.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from sayso.events.speech import SentenceEnd

END_MARKS = (".", "?", "!")
"""Tokens that close a sentence (the end-of-text token counts too)."""
PAUSE_MARKS = (",", "...", "…")
"""Tokens Whisper writes where a sentence pauses and goes on."""
SCORE_TAIL_POSITIONS = 100
"""Encoder positions (20 ms each) of padding kept after the speech when a trimmed encoding is
scored: the decoder attends over every position, so cutting the rest makes a batch about 3x
cheaper; on 100 FSDD digits tiny.en's closed-set choice was as good (96 vs 97 %)."""
FULL_WINDOW_POSITIONS = 1500
"""Encoder positions of Whisper's 30 s window (every model size)."""
_TRAILING = re.compile(r"[\s.,;:!?…\"')\]-]+$")


def sentence_end(
    model: Any, encoded: Any, tokenizer: Any, start: tuple[int, ...], content_frames: int,
    text: str,
) -> SentenceEnd | None:
    """P(a sentence end) and P(a pause mark) right after `text`, given the encoded audio.

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
    encoded = np.asarray(encoded)
    positions = scored_positions(encoded.shape[1], content_frames)
    features = ctranslate2.StorageView.from_array(
        np.ascontiguousarray(encoded[:, :positions])
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
    ends = {tokenizer.eot, *(_token(tokenizer, mark) for mark in END_MARKS)}
    pauses = {_token(tokenizer, mark) for mark in PAUSE_MARKS} - {None}
    return SentenceEnd(
        ends=float(sum(probs[i] for i in ends if i is not None)),
        pauses=float(sum(probs[i] for i in pauses if i is not None)),
    )


def _token(tokenizer: Any, mark: str) -> int | None:
    """The single token of `mark`, or None when the tokenizer splits it."""
    ids = tokenizer.encode(mark)
    return int(ids[0]) if len(ids) == 1 else None


def scored_positions(encoded_positions: int, content_frames: int) -> int:
    """Encoder positions a forced decode reads: the speech and a short tail, or all of them.

    A model served the full 30 s window (Whisper base, adapted models trained on full windows)
    decoded over all of it, and its scores depend on the padding it attends to: cut to the
    speech + 2 s, base scored its own best transcript of a Cathy sentence at -35.3 nats instead
    of -3.5, and 60 of 60 Cathy clips moved by more than a nat (up to 32; 10 s of padding still
    moved 39 of them; BENCHMARKS.md, "Scores on the window the model was served"). A trimmed
    encoding (tiny.en, speech + 10 s) is cut to `SCORE_TAIL_POSITIONS`, as measured for it.
    """
    if encoded_positions >= FULL_WINDOW_POSITIONS:
        return encoded_positions
    return min(encoded_positions, content_frames // 2 + SCORE_TAIL_POSITIONS)
