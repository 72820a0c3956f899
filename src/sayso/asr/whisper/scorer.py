"""Whisper as a scorer of given texts for one utterance's audio (forced decoding).

CTranslate2's Whisper exposes no "score this sequence" call, but `align()` returns the decoder's
probability of every forced text token (it is what faster-whisper's word probabilities come from).
The sum of their logs, with the same start sequence as decoding, is the text's log-probability
given the audio, end token excluded. Texts are scored in one batch. The decoder keeps the encoder
output of its beam search in the result (`AsrResult.acoustic`), so scoring a few texts after
recognition costs one short batched decoder pass, not a second encoder pass. What the texts are
(grammar sentences, answers to a question) is the caller's business: the engine knows no grammar.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from sayso.asr.whisper.constrained import constrained_search, step_budget, stepper_of, tokens_of
from sayso.asr.whisper.ending import scored_positions, sentence_end
from sayso.asr.whisper.prior import prior
from sayso.constants import MS_PER_SECOND
from sayso.events.speech import (
    ConstrainedDecode,
    ConstrainedText,
    SentenceEnd,
    TokenConstraint,
    TokenSpace,
)

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

MIN_PROB = 1e-12
"""Floor on a token probability before its log (a zero would make the text impossible)."""
FEATURE_FRAMES_PER_SECOND = 100
"""Whisper's log-mel frames per second (10 ms hop)."""
ENCODER_PAD_S = 10.0
"""Padding encoded after the speech by `score_texts` (as the decoder does for tiny.en)."""

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
        encoded = np.asarray(self.encoded)
        encoded = encoded[:, : scored_positions(encoded.shape[1], self.content_frames)]
        batch = ctranslate2.StorageView.from_array(
            np.ascontiguousarray(np.repeat(encoded, len(tokens), axis=0))
        )
        # align() puts its own <|notimestamps|> after the start sequence: drop the one decoding
        # used, or every text would be scored after two.
        start = list(self.start)
        if start and start[-1] == self.tokenizer.no_timestamps:
            start.pop()
        results = self.model.model.align(batch, start, tokens, self.content_frames)
        return [float(sum(math.log(max(MIN_PROB, p)) for p in r.text_token_probs)) for r in results]

    def prior(self, texts: Sequence[str]) -> list[float]:
        """Log-probability of each text over silence (`prior.py`; a `PriorScorer`)."""
        return prior(self, texts)

    def sentence_end(self, text: str) -> SentenceEnd | None:
        """What follows `text` in this audio: a sentence end or a pause (`ending.py`)."""
        return sentence_end(
            self.model, self.encoded, self.tokenizer, self.start, self.content_frames, text
        )

    def token_space(self) -> TokenSpace:
        """The model's tokenizer, for compiling a grammar (`ConstrainedDecoder`)."""
        return tokens_of(self.model, self.tokenizer.eot)

    def model_identity(self) -> str:
        """The model's identity as the engine recorded it at load (`models.model_identity`).

        A multilingual model's scores differ per language (its tokens, how sure it is of
        espeak-ng's German), so its identity names the decode's language too ("…/de"): each
        language gets its own way-out calibration.
        """
        identity = str(getattr(self.model, "sayso_identity", "unknown"))
        language = getattr(self.tokenizer, "language_code", None)
        multilingual = bool(getattr(getattr(self.model, "model", None), "is_multilingual", False))
        return f"{identity}/{language}" if multilingual and language else identity

    def decode_constrained(
        self, constraint: TokenConstraint, *, beam: int, reference: str = "", keep: int = 0
    ) -> ConstrainedDecode:
        """Decode this audio again, restricted to `constraint` (`constrained.py`)."""
        started = time.perf_counter()
        space = tokens_of(self.model, self.tokenizer.eot)
        forced = space.encode(" " + reference.strip()) if reference.strip() else []
        result = constrained_search(
            stepper_of(self.model),
            np.asarray(self.encoded, dtype=np.float32),
            self.start,
            constraint,
            self.tokenizer.eot,
            beam=beam,
            max_steps=step_budget(self.content_frames / FEATURE_FRAMES_PER_SECOND),
            reference=forced,
            keep=keep,
        )
        found = tuple(
            ConstrainedText(space.decode(list(tokens)).strip(), score, len(tokens) + 1)
            for tokens, score in result.found
        )
        elapsed = (time.perf_counter() - started) * MS_PER_SECOND
        return ConstrainedDecode(found, result.reference, len(forced) + 1, elapsed)


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
