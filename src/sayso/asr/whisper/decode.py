"""Decoding on top of faster-whisper: an N-best list from one decoder pass for short utterances.

faster-whisper's `transcribe()` keeps only the best beam. For audio up to one Whisper window
(30 s) this module drives the CTranslate2 model underneath directly: one encoder pass, one beam
search that returns `nbest` scored hypotheses, and a cross-attention alignment for word timings.
Longer audio goes through `transcribe()` (sliding windows, best path only).

Latency: Whisper's encoder is trained on 30 s windows, and encoding a full window costs most of the
time of a 2 s command. For tiny.en, feeding the speech plus 10 s of padding keeps accuracy (60 CMU
ARCTIC clips: WER about 5.5 % trimmed vs 6.7 % full window) at about a third of the cost; trimming
harder makes the decoder loop. The same 10 s truncated sentences with "base", so trimming is used
only for models it was measured on (`TRIM_VALIDATED`) and models `sayso adapt asr` trained on
trimmed encodings (`engine.served_encoder_pad`); others get the full window. A looping or
very unsure trimmed result is decoded again on the full window, as faster-whisper falls back on
temperature.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np

from sayso.asr.base import AsrResult
from sayso.asr.whisper.scorer import WhisperTextScorer
from sayso.constants import SAMPLE_RATE
from sayso.events.speech import Hypothesis, WordTiming

if TYPE_CHECKING:
    from faster_whisper import WhisperModel
    from faster_whisper.tokenizer import Tokenizer

WINDOW_S = 30.0
"""Whisper's window in seconds; longer audio takes the sliding-window path."""
TRIM_VALIDATED: dict[str, float] = {"tiny.en": 10.0}
"""Model name -> seconds of padding encoded after the speech (see module docstring)."""
LEAD_SILENCE_S = 0.3
"""Digital silence put before short audio, in seconds. Whisper reads speech that starts at the
first sample worse: a recording trimmed to the word (FSDD's spoken digits) or a file turn that
begins as the user speaks has none of the lead its training audio had, while a live segment keeps
`vad.speech_pad_ms` (300 ms) of what came before the onset. Closed-set choice of the digit on
FSDD in 6 and 12 dB of noise (tiny.en): tuning speakers 262 → 276 of 300 with 0.25 s;
held-out speakers in BENCHMARKS.md ("Silence before the first word"). 0.3 s is the VAD's own
pre-roll, not a tuned value. A caller whose audio already has that pre-roll says so
(`AsrRequest.lead_in_s`) and gets only what it lacks: a live segment gets none — with 0.3 s more,
Whisper's end and pause probabilities moved and the end-of-turn model, calibrated without it, cut
off 6 of 92 held-out rendered turns instead of 2 (BENCHMARKS.md, "Silence before the first
word")."""
MAX_TOKENS_PER_SECOND = 15
"""Cap on decoded tokens per second of audio (speech is ~3-5); stops runaway loops early."""
MIN_ALIGN_FRAMES = 1
"""Feature frames (10 ms) the word alignment needs: shorter audio (under 160 samples) has no
frame to align to, and CTranslate2's alignment fails on it, so such a result has no timings."""
MIN_NEW_TOKENS = 24
"""Token budget for any utterance, however short."""
FALLBACK_COMPRESSION_RATIO = 2.4
"""Text more repetitive than this (gzip ratio, faster-whisper's default) is decoded again."""
FALLBACK_AVG_LOGPROB = -1.0
"""Mean token log-probability below which the trimmed decode is retried on the full window."""
MIN_LOOP_WORDS = 2
"""Words in the shortest phrase whose repetition counts as a loop (`repeats`)."""
LOOP_TIMES = 3
"""Times a phrase must be begun for its repetition to count as a loop (twice may be meant)."""
_WORD = re.compile(r"[\w']+")
"""A word, for comparing decoded texts."""
MIN_DROPPED_WORDS = 2
"""Words a longer hypothesis must say before the best one's for the best to count as having
dropped its start (`_starts_what_best_drops`; one word may be a repeat or a filler)."""
NO_SPEECH_THRESHOLD = 0.6
"""Above this no-speech probability a poor decode is silence, not a reason to retry."""
LENGTH_PENALTY = 0.0
"""0 ranks beams by total log-probability, so the N-best order matches `Hypothesis.score`."""
PREPEND_PUNCTUATION = "\"'“¿([{-"
APPEND_PUNCTUATION = "\"'.。,，!！?？:：”)]}、"  # Whisper's own set


@dataclasses.dataclass(frozen=True)
class DecodeOptions:
    """Resolved options for one call."""

    language: str | None
    """Language code; None detects it (multilingual models only)."""
    beam_size: int
    """Beam width."""
    nbest: int
    """Hypotheses to return (short path)."""
    temperature: float
    """0 for beam search; above 0 samples `nbest` candidates."""
    prompt: str | None
    """Previous-text prompt."""
    hotwords: str | None
    """Bias phrases joined into one hotword prompt."""
    word_timestamps: bool
    """Align words to audio."""
    encoder_pad_s: float | None = None
    """Padding encoded after the speech, in seconds; None encodes the full 30 s window."""
    lead_s: float = LEAD_SILENCE_S
    """Silence put before the audio, in seconds (`LEAD_SILENCE_S`)."""
    candidates: tuple[str, ...] = ()
    """Languages detection may choose from (Whisper codes); empty: any."""


def decode_short(model: WhisperModel, audio: np.ndarray, opts: DecodeOptions) -> AsrResult:
    """Decode up to one window with N-best hypotheses from a single beam search.

    Audio judged silent (high no-speech probability and an unsure decode) gives empty text and no
    hypotheses.
    """
    from faster_whisper.tokenizer import Tokenizer

    duration = len(audio) / SAMPLE_RATE
    features = model.feature_extractor(with_lead(audio, opts.lead_s))
    content_frames, frames = encoder_frames(model, features, opts.encoder_pad_s)
    full = _window_frames(model)
    encoded = _encode(model, features, frames)
    language = opts.language or _detect_language(model, encoded, opts.candidates)
    tokenizer = Tokenizer(
        model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language
    )
    prompt = _prompt(model, tokenizer, opts)
    result = _generate(model, encoded, prompt, tokenizer, opts, duration)
    if frames < full and _needs_full_window(result, tokenizer):
        encoded = _encode(model, features, full)
        result = _generate(model, encoded, prompt, tokenizer, opts, duration)
    ranked = _rank(result, tokenizer)
    if ranked and _is_silence(result.no_speech_prob, ranked[0][0]):
        ranked = []  # faster-whisper drops such a segment too: "." or "you" heard in silence
    best_tokens = ranked[0][1] if ranked else []
    words: tuple[WordTiming, ...] = ()
    if opts.word_timestamps and best_tokens and content_frames >= MIN_ALIGN_FRAMES:
        words = _align(model, tokenizer, best_tokens, encoded, content_frames, opts.lead_s,
                       duration)
    text = ranked[0][0].text if ranked else ""
    start, end = (words[0].start_s, words[-1].end_s) if words else (0.0, duration)
    return AsrResult(
        text=text,
        language=language,
        hypotheses=tuple(h for h, _ in ranked),
        words=words,
        duration_s=duration,
        no_speech_prob=float(result.no_speech_prob),
        segments=((start, end, text),) if text else (),
        acoustic=WhisperTextScorer(model, encoded, tokenizer, tuple(prompt), content_frames),
    )


def decode_long(model: WhisperModel, audio: np.ndarray, opts: DecodeOptions) -> AsrResult:
    """Decode any length with faster-whisper's sliding windows (best path only)."""
    temperature: float | tuple[float, ...] = opts.temperature or (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    segments_iter, info = model.transcribe(
        audio,
        language=opts.language,
        beam_size=opts.beam_size,
        temperature=temperature,
        initial_prompt=opts.prompt,
        hotwords=opts.hotwords,
        word_timestamps=opts.word_timestamps,
        vad_filter=False,
    )
    segments = list(segments_iter)
    text = " ".join(s.text.strip() for s in segments if s.text.strip())
    token_counts = [len(s.tokens) + 1 for s in segments]  # +1: the end token, as faster-whisper
    total = sum(s.avg_logprob * n for s, n in zip(segments, token_counts, strict=True))
    words = tuple(
        WordTiming(w.word, float(w.start), float(w.end), float(w.probability))
        for s in segments
        for w in s.words or ()
    )
    return AsrResult(
        text=text,
        language=info.language,
        hypotheses=(Hypothesis(text, total, total / max(1, sum(token_counts))),),
        words=words,
        duration_s=len(audio) / SAMPLE_RATE,
        no_speech_prob=min((s.no_speech_prob for s in segments), default=1.0),
        segments=tuple((float(s.start), float(s.end), s.text.strip()) for s in segments),
    )


def _window_frames(model: WhisperModel) -> int:
    return int(model.feature_extractor.nb_max_frames)


def encoder_frames(
    model: WhisperModel, features: np.ndarray, pad_s: float | None
) -> tuple[int, int]:
    """(feature frames of the audio, frames encoded).

    Encoded: the speech + `pad_s` seconds, at most a window; `pad_s` None: the whole window.
    """
    content_frames = min(features.shape[-1] - 1, model.feature_extractor.nb_max_frames)
    full = _window_frames(model)
    if pad_s is None:
        return content_frames, full
    return content_frames, min(full, content_frames + int(pad_s * model.frames_per_second))


def with_lead(audio: np.ndarray, lead_s: float) -> np.ndarray:
    """`audio` (float32) after `lead_s` seconds of digital silence (`LEAD_SILENCE_S`)."""
    lead = np.zeros(round(lead_s * SAMPLE_RATE), dtype=np.float32)
    return np.concatenate([lead, np.asarray(audio, np.float32)])


def encode_as_served(
    model: WhisperModel, audio: np.ndarray, pad_s: float | None, lead_s: float = LEAD_SILENCE_S
) -> np.ndarray:
    """The encoder output `decode_short` first decodes `audio` from (positions × width).

    `sayso adapt asr` trains a decoder on these, so it learns the encodings it will be served.
    """
    features = model.feature_extractor(with_lead(audio, lead_s))
    _content, frames = encoder_frames(model, features, pad_s)
    return np.asarray(_encode(model, features, frames))[0]


def _encode(model: WhisperModel, features: np.ndarray, frames: int) -> Any:
    from faster_whisper.audio import pad_or_trim

    frames = min(frames, _window_frames(model))
    return model.encode(pad_or_trim(features[:, :frames], frames))


def _detect_language(model: WhisperModel, encoded: Any, candidates: tuple[str, ...] = ()) -> str:
    """The most likely language, among `candidates` when given.

    Detection over all 99 languages misreads short synthetic or noisy commands (a French command
    came out as Thai); the languages the assistant is configured for are the only useful answers.
    """
    if not model.model.is_multilingual:
        return "en"
    ranked = [(str(token)[2:-2], prob) for token, prob in model.model.detect_language(encoded)[0]]
    allowed = [code for code, _prob in ranked if not candidates or code in candidates]
    return allowed[0] if allowed else ranked[0][0]  # "<|de|>" -> "de"


def _prompt(model: WhisperModel, tokenizer: Tokenizer, opts: DecodeOptions) -> list[int]:
    previous = tokenizer.encode(" " + opts.prompt.strip()) if opts.prompt else []
    return list(
        model.get_prompt(tokenizer, previous, without_timestamps=True, hotwords=opts.hotwords)
    )


def _generate(
    model: WhisperModel,
    encoded: Any,
    prompt: list[int],
    tokenizer: Tokenizer,
    opts: DecodeOptions,
    duration: float,
) -> Any:
    from faster_whisper.transcribe import get_suppressed_tokens

    budget = max(MIN_NEW_TOKENS, math.ceil(duration * MAX_TOKENS_PER_SECOND))
    if opts.temperature > 0:
        search: dict[str, Any] = {
            "beam_size": 1,
            "sampling_topk": 0,
            "sampling_temperature": opts.temperature,
        }
    else:
        search = {"beam_size": max(opts.beam_size, opts.nbest)}
    return model.model.generate(
        encoded,
        [prompt],
        num_hypotheses=opts.nbest,
        length_penalty=LENGTH_PENALTY,
        max_length=min(model.max_length, len(prompt) + budget),
        return_scores=True,
        return_no_speech_prob=True,
        suppress_blank=True,
        suppress_tokens=get_suppressed_tokens(tokenizer, [-1]),
        **search,
    )[0]


def _needs_full_window(result: Any, tokenizer: Tokenizer) -> bool:
    from faster_whisper.transcribe import get_compression_ratio

    tokens = result.sequences_ids[0]
    text = tokenizer.decode(tokens).strip()
    avg = result.scores[0] / (len(tokens) + 1)
    if result.no_speech_prob > NO_SPEECH_THRESHOLD:
        return False
    looping = get_compression_ratio(text) > FALLBACK_COMPRESSION_RATIO or repeats(text)
    return bool(looping or avg < FALLBACK_AVG_LOGPROB)


def repeats(text: str) -> bool:
    """Whether `text` is one phrase of at least `MIN_LOOP_WORDS` words said again and again.

    "turn the living room lamp red turn the living room lamp red turn the living room lamp red"
    is a loop too short for the compression ratio to catch (1.9 against Whisper's 2.4).
    """
    said = _WORD.findall(text.lower())
    # The last time may be cut short (the decoder stopped at its token budget).
    for size in range(MIN_LOOP_WORDS, (len(said) - 1) // (LOOP_TIMES - 1) + 1):
        unit = said[:size]
        if all(said[i] == unit[i % size] for i in range(len(said))):
            return True
    return False


def _is_silence(no_speech_prob: float, best: Hypothesis) -> bool:
    return no_speech_prob > NO_SPEECH_THRESHOLD and best.avg_logprob < FALLBACK_AVG_LOGPROB


def _rank(result: Any, tokenizer: Tokenizer) -> list[tuple[Hypothesis, list[int]]]:
    """Distinct texts, best total log-probability first, each with its tokens."""
    best: dict[str, tuple[Hypothesis, list[int]]] = {}
    for tokens, score in zip(result.sequences_ids, result.scores, strict=True):
        text = tokenizer.decode(tokens).strip()
        # With length_penalty 0, CTranslate2's score is the summed token log-probability.
        total = float(score)
        hyp = Hypothesis(text=text, score=total, avg_logprob=total / (len(tokens) + 1))
        if text not in best or hyp.score > best[text][0].score:
            best[text] = (hyp, list(tokens))
    ranked = sorted(best.values(), key=lambda pair: pair[0].score, reverse=True)
    whole = next((pair for pair in ranked[1:] if _starts_what_best_drops(pair[0], ranked[0][0])),
                 None)
    if whole is not None:
        ranked.remove(whole)
        ranked.insert(0, whole)
    return ranked


def _starts_what_best_drops(other: Hypothesis, best: Hypothesis) -> bool:
    """`other` says all of `best` after words of its own, each word better supported.

    A summed log-probability favours the shorter text: with 0.3 s of lead, espeak-ng's "Set a
    timer for ten minutes. What is the weather like tomorrow?" came back as its second sentence
    alone (-5.3 summed, -0.59 a token) over the whole (-5.6, -0.33 a token). A start dropped
    is the failure the issue names ("shot, ice cocoa": the order began two words earlier).
    """
    said, heard = _WORD.findall(other.text.lower()), _WORD.findall(best.text.lower())
    start = said[: len(said) - len(heard)]
    return (len(start) >= MIN_DROPPED_WORDS and bool(heard) and said[len(start):] == heard
            and start != heard[: len(start)]  # "two, two,": the best's own words again, a loop
            and other.avg_logprob > best.avg_logprob)


def _align(
    model: WhisperModel,
    tokenizer: Tokenizer,
    tokens: list[int],
    encoded: Any,
    content_frames: int,
    lead_s: float,
    duration: float,
) -> tuple[WordTiming, ...]:
    """Word timings in the caller's audio (the `lead_s` of silence before it taken off)."""
    from faster_whisper.transcribe import merge_punctuations

    text_tokens = [t for t in tokens if t < tokenizer.eot]
    alignment = model.find_alignment(tokenizer, [text_tokens], encoded, content_frames)[0]
    merge_punctuations(alignment, PREPEND_PUNCTUATION, APPEND_PUNCTUATION)
    words = []
    for item in alignment:
        if not item["word"]:
            continue  # punctuation merged into its neighbour
        start = min(max(0.0, float(item["start"]) - lead_s), duration)
        end = min(max(start, float(item["end"]) - lead_s), duration)
        probability = float(item["probability"])
        words.append(WordTiming(item["word"], round(start, 3), round(end, 3), probability))
    return tuple(words)
