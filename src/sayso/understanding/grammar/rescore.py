"""Acoustic rescoring: how likely Whisper finds given texts for the audio (forced decoding).

CTranslate2's Whisper exposes no "score this sequence" call, but `align()` returns the decoder's
probability of every forced text token (it is what faster-whisper's word probabilities come from).
The sum of their logs, with the same start sequence as decoding, is the text's log-probability
given the audio, end token excluded. Texts are scored in one batch. The decoder keeps the encoder
output of its beam search in the result (`WhisperTextScorer`), so checking a few sentences after
recognition costs one short batched decoder pass, not a second encoder pass.

`GrammarRescoringAsr` uses it to check grammar sentences proposed from the N-best list (or the
whole answer set of a small closed grammar) against the audio: a proposal is put first only if
Whisper scores it within `margin` of its own best guess. All texts are compared in one written
form (`comparable`), so casing and punctuation, which the grammar does not know, do not decide.
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
"""Nats a grammar sentence may score below Whisper's best free hypothesis and still win, plus
`DEFAULT_MARGIN_PER_WORD` per word of the sentence: a longer sentence has more words Whisper may
have written its own way. Chosen on rendered HA commands and open sentences in noise
(ARCHITECTURE.md, "Grammar-aware recognition"): 2 of 120 open sentences taken at any margin
tried, the most commands taken at this one."""
DEFAULT_MARGIN_PER_WORD = 0.4
FREE_HYPOTHESES = 2
"""Free N-best entries scored alongside the proposals, as the reference."""
SCORE_TAIL_POSITIONS = 100
"""Encoder positions (20 ms each) of padding kept after the speech when scoring: the decoder
attends over every position, so cutting the rest makes a batch about 3x cheaper; on 100 FSDD
digits the closed-set choice was as good (96 vs 97 %)."""
ENCODER_PAD_S = 10.0
"""Padding encoded after the speech by `score_texts` (as the decoder does for tiny.en)."""

Shortlist = Callable[[AsrResult], Sequence[str]]
"""Grammar sentences worth checking for a result (empty: leave the result alone)."""


@dataclasses.dataclass(frozen=True)
class WhisperTextScorer:
    """Scores texts against one utterance's encoder output (a `TextScorer`)."""

    model: Any
    """The faster-whisper `WhisperModel`."""
    encoded: Any
    """Encoder output, shape (1, frames, width) (a CTranslate2 StorageView or an array)."""
    tokenizer: Any
    start: tuple[int, ...]
    """Start sequence the decoder was given (start of transcript, language, no timestamps)."""
    content_frames: int
    """Feature frames holding the audio (the rest is padding)."""

    def __call__(self, texts: Sequence[str]) -> list[float]:
        """Log-probability of each text (text tokens only, end token excluded)."""
        import ctranslate2

        if not texts:
            return []
        tokens = [self.tokenizer.encode(" " + t.strip()) or [self.tokenizer.eot] for t in texts]
        positions = self.content_frames // 2 + SCORE_TAIL_POSITIONS
        encoded = np.asarray(self.encoded)[:, :positions]
        batch = ctranslate2.StorageView.from_array(
            np.ascontiguousarray(np.repeat(encoded, len(tokens), axis=0))
        )
        results = self.model.model.align(batch, list(self.start), tokens, self.content_frames)
        return [float(sum(math.log(max(MIN_PROB, p)) for p in r.text_token_probs)) for r in results]


def score_texts(
    model: WhisperModel, audio: np.ndarray, texts: Sequence[str], *, pad_s: float = ENCODER_PAD_S
) -> list[float]:
    """Log-probability of each text given 16 kHz `audio` (encodes the audio itself)."""
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer

    features = model.feature_extractor(audio)
    content = min(features.shape[-1] - 1, model.feature_extractor.nb_max_frames)
    pad = int(pad_s * model.frames_per_second)
    frames = min(int(model.feature_extractor.nb_max_frames), content + pad)
    encoded = np.asarray(model.encode(pad_or_trim(features[:, :frames], frames)))
    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, "transcribe", "en")
    start = (*tokenizer.sot_sequence, tokenizer.no_timestamps)
    return WhisperTextScorer(model, encoded, tokenizer, start, content)(texts)


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def comparable(text: str) -> str:
    """One written form for every compared text: words only, sentence case, final full stop.

    A lone digit is written as its word: the grammar says "six", Whisper writes "6", and the
    two must compare as the same sentence rather than as a spelling contest.
    """
    words = "".join(c if c.isalnum() or c in "'%" else " " for c in text.lower()).split()
    words = [_DIGIT_WORDS[int(w)] if len(w) == 1 and w.isdigit() else w for w in words]
    if not words:
        return ""
    return " ".join(words).capitalize() + "."


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What rescoring decided for one result (for evaluation and logs)."""

    proposal: str
    """The best-scoring proposal (in `comparable` form)."""
    score: float
    """Its log-probability given the audio."""
    reference: float
    """The best free hypothesis' log-probability."""
    margin: float
    """Nats the proposal may trail the reference by (already scaled to its length)."""

    @property
    def accepted(self) -> bool:
        """Whether the proposal replaces what was heard."""
        return self.score >= self.reference - self.margin


def rescore(
    result: AsrResult, proposals: Sequence[str], margin: float, per_word: float = 0.0
) -> Verdict | None:
    """Check `proposals` against the audio of `result`; None when there is nothing to compare.

    The best proposal is accepted if it scores at least the best free hypothesis minus
    `margin + per_word × its words`.
    """
    scorer = result.acoustic
    candidates = [p for p in dict.fromkeys(comparable(p) for p in proposals) if p]
    free = [comparable(h.text) for h in result.hypotheses[:FREE_HYPOTHESES]]
    free = [f for f in dict.fromkeys(free) if f]
    if scorer is None or not candidates or not free:
        return None
    scores = scorer([*candidates, *free])
    reference = max(scores[len(candidates) :])
    score, text = max(zip(scores[: len(candidates)], candidates, strict=True))
    return Verdict(text, score, reference, margin + per_word * len(text.split()))


class GrammarRescoringAsr:
    """Wraps an ASR engine: grammar proposals verified on the audio go first in the N-best list."""

    def __init__(
        self,
        inner: Any,
        shortlist: Shortlist,
        *,
        margin: float = DEFAULT_MARGIN,
        per_word: float = DEFAULT_MARGIN_PER_WORD,
    ) -> None:
        self.inner = inner
        self.shortlist = shortlist
        self.margin = margin
        self.per_word = per_word
        self.capabilities: AsrCapabilities = inner.capabilities

    @property
    def model(self) -> Any:
        """The wrapped engine's model."""
        return self.inner.model

    def load(self) -> None:
        """Load the wrapped engine."""
        self.inner.load()

    def transcribe(self, audio: np.ndarray, request: AsrRequest | None = None) -> AsrResult:
        """Recognise, then promote a grammar sentence the audio supports."""
        result: AsrResult = self.inner.transcribe(audio, request)
        if request is not None and request.partial:
            return result
        return self.refine(result)

    def refine(self, result: AsrResult) -> AsrResult:
        """`result` with a verified grammar sentence put first, if there is one."""
        if result.acoustic is None:
            return result
        proposals = self.shortlist(result)
        verdict = rescore(result, proposals, self.margin, self.per_word) if proposals else None
        if verdict is None:
            return result
        if not verdict.accepted:
            return dataclasses.replace(result, grammar_checked=True)
        text = verdict.proposal
        promoted = Hypothesis(text, verdict.score, verdict.score / max(1, len(text.split())))
        return dataclasses.replace(result, text=text, hypotheses=(promoted, *result.hypotheses))
