"""What Whisper's decoder would write with no speech at all: its own language prior of a text.

Whisper's decoder is a language model as well as a recogniser. Where the audio says little (a
digit under 6 dB of noise) the prior decides: FSDD's "six" and "eight" in noise were read as
"three" 33 times of 46 failures, and "three" is what the decoder writes over silence (about
2.8 nats ahead of "zero"). A grammar-based engine gives every sentence of its grammar the same
prior, so the caller may take this prior out of the scores it ranks by (`sole.PRIOR_WEIGHT`),
as end-to-end recognisers take out their internal language model before adding an external
one (the grammar here).

The prior of a text is its log-probability given the encoder output of one second of digital
silence (and the served padding), with the same start sequence the utterance was decoded
with (a bias prompt changes the prior). It does not depend on the utterance, so it is cached
per model, start sequence and text: a domain's sentences are scored over silence once.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

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
        scored = dict(zip(missing, _silent_scorer(scorer)(missing), strict=True))
        known.update(scored)
        with _LOCK:
            cache.update(scored)
            while len(cache) > CACHED_TEXTS:
                cache.popitem(last=False)
    return [known[t] for t in texts]


def _silent_scorer(scorer: WhisperTextScorer) -> WhisperTextScorer:
    """`scorer` with its encoder output replaced by that of silence (encoded once per model)."""
    from sayso.asr.whisper.decode import encode_as_served

    model = scorer.model
    with _LOCK:
        encoded = _SILENCE.get(model)
    if encoded is None:
        silence = np.zeros(int(SILENCE_S * SAMPLE_RATE), np.float32)
        encoded = encode_as_served(model, silence, SILENCE_PAD_S)[None]
        with _LOCK:
            _SILENCE[model] = encoded
    frames = int(SILENCE_S * model.frames_per_second)
    return dataclasses.replace(scorer, encoded=encoded, content_frames=frames)
