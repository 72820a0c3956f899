"""What Whisper's decoder would write with no speech at all: its own language prior of a text.

Whisper's decoder is a language model as well as a recogniser. Where the audio says little (a
digit in 6-12 dB of noise) the prior decides: 33 of 74 FSDD digits misread in noise were read
as "three", which with "five" is what the decoder likes best over silence (about 2 nats ahead
of "zero", "six" and "eight"). A grammar-based engine gives every sentence of its grammar the same
prior, so the caller may take this prior out of the scores it ranks by (`sole.PRIOR_WEIGHT`),
as end-to-end recognisers take out their internal language model before adding an external
one (the grammar here).

The prior of a text is its log-probability given the encoder output of one second of digital
silence (and the served padding), with the same start sequence the utterance was decoded
with (a bias prompt changes the prior), read by the incremental decoder the constrained search
uses, so it is on the same scale as the search's scores. It does not depend on the utterance,
so it is cached per model, start sequence and text: a domain's sentences are scored over silence
once.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from sayso.asr.whisper.constrained import stepper_of, tokens_of
from sayso.constants import SAMPLE_RATE

if TYPE_CHECKING:
    from sayso.asr.whisper.scorer import WhisperTextScorer

SILENCE_S = 1.0
"""Seconds of digital silence the prior is read over (a short command's length)."""
SILENCE_PAD_S = 10.0
"""Padding encoded after it (what tiny.en is served, `decode.TRIM_VALIDATED`)."""
CACHED_TEXTS = 4096
"""Texts whose prior is kept per model and start sequence (a domain repeats its sentences)."""

_SILENCE: weakref.WeakKeyDictionary[Any, np.ndarray] = weakref.WeakKeyDictionary()
_CACHE: weakref.WeakKeyDictionary[Any, dict[tuple[int, ...], OrderedDict[str, float]]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def prior(scorer: WhisperTextScorer, texts: Sequence[str]) -> list[float]:
    """Log-probability of each text over silence, for `scorer`'s model and start sequence."""
    with _LOCK:
        cache = _CACHE.setdefault(scorer.model, {}).setdefault(tuple(scorer.start), OrderedDict())
        known = {t: cache[t] for t in texts if t in cache}
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        scored = dict(zip(missing, _silent_scores(scorer, missing), strict=True))
        known.update(scored)
        with _LOCK:
            cache.update(scored)
            while len(cache) > CACHED_TEXTS:
                cache.popitem(last=False)
    return [known[t] for t in texts]


def _silent_scores(scorer: WhisperTextScorer, texts: Sequence[str]) -> list[float]:
    """Each text's log-probability over silence (end token excluded), one decoder walk.

    CTranslate2's `align` carries the whole start sequence (a bias prompt of 50 tokens) in every
    row and cost ~45 ms a text; the incremental decoder (`Stepper`, as the constrained search
    uses) reads the start sequence once and the texts as a trie, one step per token depth.
    """
    model = scorer.model
    space = tokens_of(model, scorer.tokenizer.eot)
    sequences = [space.encode(" " + t.strip()) for t in texts]
    decoder, first = stepper_of(model).start(_silence(model), scorer.start)
    rows = np.asarray(first, dtype=np.float32).reshape(1, -1)
    row_of: dict[tuple[int, ...], int] = {(): 0}
    scores = [0.0] * len(sequences)
    depth = 0
    while True:
        for i, tokens in enumerate(sequences):
            if depth < len(tokens):
                scores[i] += float(rows[row_of[tuple(tokens[:depth])]][tokens[depth]])
        nodes = list(dict.fromkeys(tuple(t[: depth + 1]) for t in sequences if len(t) > depth + 1))
        if not nodes:
            return scores
        parents = [row_of[node[:-1]] for node in nodes]
        decoder, grown = stepper_of(model).step(decoder, parents, [node[-1] for node in nodes])
        rows = np.asarray(grown, dtype=np.float32)
        row_of = {node: i for i, node in enumerate(nodes)}
        depth += 1


def _silence(model: Any) -> np.ndarray:
    """The encoder output (1, frames, width) of `SILENCE_S` of silence (encoded once per model)."""
    from sayso.asr.whisper.decode import encode_as_served

    with _LOCK:
        encoded = _SILENCE.get(model)
    if encoded is None:
        silence = np.zeros(int(SILENCE_S * SAMPLE_RATE), np.float32)
        encoded = np.asarray(encode_as_served(model, silence, SILENCE_PAD_S), np.float32)[None]
        with _LOCK:
            _SILENCE[model] = encoded
    return encoded
