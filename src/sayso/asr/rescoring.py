"""Acoustic rescoring: how likely Whisper finds given texts for the audio (forced decoding).

CTranslate2's Whisper exposes no "score this sequence" call, but `align()` returns the decoder's
probability of every forced text token (it is what faster-whisper's word probabilities come from).
The sum of their logs, with the same start sequence as decoding, is the text's log-probability
given the audio, end token excluded. Texts are scored in one batch on one encoder pass.

`GrammarRescoringAsr` uses it to check grammar sentences proposed from the N-best list against the
audio: a proposal is put first only if Whisper scores it within `margin` of its own best guess.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from sayso.asr.base import AsrCapabilities, AsrRequest, AsrResult
from sayso.events.speech import Hypothesis

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

MIN_PROB = 1e-12
"""Floor on a token probability before its log (a zero would make the text impossible)."""
DEFAULT_MARGIN = 2.0
"""Nats a grammar sentence may score below Whisper's best free hypothesis and still win."""
FREE_HYPOTHESES = 2
"""Free N-best entries scored alongside the proposals, as the reference."""

Shortlist = Callable[[AsrResult], Sequence[str]]
"""Grammar sentences worth checking for a result (empty: leave the result alone)."""


def score_texts(
    model: WhisperModel, audio: np.ndarray, texts: Sequence[str], *, pad_s: float | None = 10.0
) -> list[float]:
    """Log-probability of each text given 16 kHz `audio` (text tokens only, end token excluded)."""
    import ctranslate2
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer

    if not texts:
        return []
    features = model.feature_extractor(audio)
    content = min(features.shape[-1] - 1, model.feature_extractor.nb_max_frames)
    full = int(model.feature_extractor.nb_max_frames)
    frames = full if pad_s is None else min(full, content + int(pad_s * model.frames_per_second))
    encoded = np.asarray(model.encode(pad_or_trim(features[:, :frames], frames)))
    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, "transcribe", "en")
    tokens = [tokenizer.encode(" " + t.strip()) or [tokenizer.eot] for t in texts]
    batch = ctranslate2.StorageView.from_array(np.repeat(encoded, len(tokens), axis=0))
    start = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
    results = model.model.align(batch, start, tokens, content)
    return [float(sum(math.log(max(MIN_PROB, p)) for p in r.text_token_probs)) for r in results]


class GrammarRescoringAsr:
    """Wraps a faster-whisper engine: grammar proposals verified on the audio go first."""

    def __init__(self, inner: Any, shortlist: Shortlist, *, margin: float = DEFAULT_MARGIN) -> None:
        self.inner = inner
        self.shortlist = shortlist
        self.margin = margin
        self.capabilities: AsrCapabilities = inner.capabilities

    def load(self) -> None:
        """Load the wrapped engine."""
        self.inner.load()

    def transcribe(self, audio: np.ndarray, request: AsrRequest | None = None) -> AsrResult:
        """Recognise, then promote a grammar sentence the audio supports."""
        result: AsrResult = self.inner.transcribe(audio, request)
        proposals = [p for p in dict.fromkeys(self.shortlist(result)) if p.strip()]
        if not proposals:
            return result
        free = [h.text for h in result.hypotheses[:FREE_HYPOTHESES]]
        scores = score_texts(self.inner.model, audio, [*proposals, *free])
        best_free = max(scores[len(proposals) :], default=-math.inf)
        score, text = max(zip(scores[: len(proposals)], proposals, strict=True))
        if score < best_free - self.margin:
            return result
        promoted = Hypothesis(text, score, score / max(1, len(text.split())))
        rest = tuple(h for h in result.hypotheses if h.text != text)
        return dataclasses.replace(result, text=text, hypotheses=(promoted, *rest))
