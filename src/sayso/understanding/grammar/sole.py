"""Where the grammar is all that can be said: the best grammar sentence is the answer.

A single-domain assistant (a custom intent file with `intents.builtin: false`) or the answer to
a question expects nothing but its grammar, so the constrained search replaces the free decode
instead of trailing it: the sentence the audio supports best is taken, unless the sole way out
says the audio is not speech (the no-speech probability) or clearly not the domain (a very large
gap to the free decode, calibrated per model as `<identity>#sole`).

Two things differ from the search behind an exact parse (`constrain.py`):
* **Spellings add up.** Whisper spreads one word over several spellings ("five", "Five.", "5");
  the sentence's probability is their sum (log-sum-exp), so a digit whose mass is split does not
  lose to a sound-alike written one way.
* **The free transcript competes.** When it parses as a command it is one more candidate, ranked
  with the constrained sentences by the same score, instead of winning by being first: a free
  decode that writes a wrong but valid order ("two" for "zero") loses to a better-supported one.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence

from sayso.events import Transcript
from sayso.events.speech import ConstrainedDecode, ConstrainedText
from sayso.understanding.grammar.rescore import comparable
from sayso.understanding.grammar.wayout import ConstrainedReading, WayOut
from sayso.understanding.numbers import NUMBER_WORDS

RANK_PER_MISSING = 2.0
"""Nats charged per token a sentence has fewer than the free transcript, when ranking. Whisper
finds ending early cheap: "... with pepperoni," (the two toppings after it dropped) outscored,
per token and even summed, the whole order the free decode had heard."""
CHARGE_ONLY_PARSED = True
"""Charge what a sentence leaves out only against a free transcript that parses: against a
misheard one ("orange, red, blue, and freaky, and its village" at 6 dB) the charge padded the
order with toppings never said."""
DEMOTE_REPEATS = True
"""A sentence that says a word again right after itself ("with pepper, pepper", "onions, and
onions") ranks below every sentence that does not: Whisper's decoder loops, and a grammar whose
lists may repeat a value lets the loop through as a valid order."""
COUNT_BONUS = 3.0
"""Nats added, when ranking, to a sentence that says a count as a number ("eight", "12").
Whisper's language prior favours the article where both fit: espeak-ng's "I'd like eight
medium pizzas" read as "a medium pizza" (also by the free decode), the audio alone scored with
"8" (the same sentences over silence differ by ~9 nats, the article ahead). A grammar-based
engine gives both the same prior. Tuning split (examples/pizza/tuning.txt): 1 nat fixed 4 rows,
3 nats 6, none broken; the way out still judges the sentence's own score."""
PRIOR_WEIGHT = 0.0
"""Share of the decoder's own prior of a sentence (its log-probability over silence, `PriorScorer`)
taken out of the score the sentences are ranked by. **Off** (the lead's choice at the merge,
round 9): at 0.5 the held-out FSDD speakers moved +2 rows of 300 noisy clips (noise; with the
first, align-read prior +5/−5), held-out pizza lost a row net by dropping toppings ("with ham
and olives" → "with ham": the list's fair expectation to go on is part of the prior), and a
pizza turn paid +121 ms p50. At 0 nothing is computed. The finding behind it: where the audio
says little the prior decides, and Whisper's prior is no grammar's: FSDD's "six" and "eight" in
6-12 dB of noise were read as "three" (a likeliest digit over silence) in 33 of 74 failures. A
grammar-based engine gives every sentence the same prior. Chosen on FSDD speakers george,
jackson and lucas at 6 and 12 dB (BENCHMARKS.md, "Real speakers in noise, one domain (issue 12,
round 9)"); the way out still judges the sentence's own log-probability."""
GATED_MAX_NO_SPEECH: float | None = None
"""None: off (the lead's choice at the merge, round 9: at 0.95 it fixed only tuning-speaker rows
and let two held-out digits through misread as "three" — a wrong order instead of a
question). Else the no-speech probability up to which the sole way out still reads a sentence,
when the speech gate measured the utterance and let it through (`Transcript.voiced_ms` set: the
VAD heard at least a live turn's onset of voice). The fitted ceiling (0.9) stops silence, which
Whisper gives 0.9-0.99, but the gate already stops silence; real FSDD digits in noise that the
VAD hears reach 0.90-0.925 (6-12 dB), 0.944 clean, and no noise clip that passes the gate goes
above 0.66. Chosen on FSDD speakers george, jackson and lucas (BENCHMARKS.md, "Real speakers in
noise, one domain (issue 12, round 9)"); a fitted ceiling above it is kept."""
PUNCTUATION = ",.?!;:"
"""Marks that are no words when a sentence's length is compared with the free transcript's."""
REPEAT_SPAN = 2
"""Words apart (at most) for a word said again to count as a repeat."""
LOOP_COMPRESSION_RATIO = 2.4
"""A free transcript that compresses better than this (gzip, Whisper's own threshold for a
failed decode) is a decoder loop, not words heard: "six, six, six, ..." for a spoken question.
Such a transcript is no yardstick for the way out; the sentence must stand on its own
likelihood (with the loop's distinct words as the utterance's length, `effective_tokens`)."""


def read_sole(
    decoded: ConstrainedDecode,
    transcript: Transcript,
    rule: WayOut,
    free_parses: bool,
    priors: Mapping[str, float] | None = None,
) -> ConstrainedReading:
    """The best sentence of `decoded`, and whether the sole way out takes it.

    `priors`: the decoder's log-probability of each text over silence (`PRIOR_WEIGHT`); a text
    missing from it is ranked by its own score.
    """
    found = list(decoded.found)
    spelt = {f.text for f in found}
    if free_parses and decoded.reference is not None and transcript.text not in spelt:
        found.append(ConstrainedText(transcript.text, decoded.reference, decoded.reference_tokens))
    # No free likelihood to compare with (the free decode called the audio silence, or looped):
    # the sentence stands on its own.
    heard = transcript.text if not looping(transcript.text) else ""
    free = decoded.reference if decoded.reference is not None and heard else 0.0
    # A loop still says how long the utterance was (its distinct words): the rule with a free
    # transcript applies, against no likelihood; only silence is read alone (`alone_offset`).
    free_tokens = effective_tokens(transcript.text, decoded.reference_tokens)
    # Only a free transcript that parses is a sentence of the grammar, so only its length
    # measures what a grammar sentence leaves out; a misheard one's words may be noise.
    charge = RANK_PER_MISSING if free_parses or not CHARGE_ONLY_PARSED else 0.0
    sentences = summed(found, free_tokens - punctuation(heard), charge, priors)
    if not sentences:
        return ConstrainedReading(None, (), None, False, decoded.elapsed_ms, sole=True)
    best = sentences[0]
    score = rule.score(best.logprob, free, free_tokens, best.tokens)
    # A free transcript that parses is a command of the domain: the better-supported of it and
    # the constrained sentences is taken without a way out.
    accepted = free_parses or (
        score >= 0.0 and transcript.no_speech_prob <= no_speech_ceiling(rule, transcript)
    )
    return ConstrainedReading(
        best,
        tuple(sentences),
        score,
        accepted,
        decoded.elapsed_ms,
        best.logprob - free,
        free_tokens,
        sole=True,
    )


def no_speech_ceiling(rule: WayOut, transcript: Transcript) -> float:
    """The no-speech probability above which the sole way out refuses (`GATED_MAX_NO_SPEECH`)."""
    if transcript.voiced_ms is None or GATED_MAX_NO_SPEECH is None:
        return rule.max_no_speech  # no gate measured it: silence may reach this far
    return max(rule.max_no_speech, GATED_MAX_NO_SPEECH)


def summed(
    found: Sequence[ConstrainedText],
    free_tokens: int = 0,
    per_missing: float = 0.0,
    priors: Mapping[str, float] | None = None,
) -> list[ConstrainedText]:
    """One entry per sentence: its best spelling, with every spelling's probability summed.

    Ranked by mean log-probability per token of the best spelling's length, as the search ranks
    finished sentences (a sentence that stops early does not win by being short), after
    charging `per_missing` nats per token it has fewer than the free transcript's `free_tokens`
    (the way out's charge, `WayOut.per_missing`). Punctuation is no word left out: "five" is as
    long as a free "five," (`free_tokens` counts none of its punctuation either). A sentence
    that says a count ranks `COUNT_BONUS` nats higher than one that does not. With `priors`,
    `PRIOR_WEIGHT` of each spelling's prior is taken out before the spellings are summed for
    the ranking; the sentence keeps its own summed log-probability (the way out reads it).
    """
    groups: dict[str, list[ConstrainedText]] = {}
    for text in found:
        groups.setdefault(comparable(text.text), []).append(text)
    out = []
    ranked: dict[str, float] = {}
    for spellings in groups.values():
        top = max(spellings, key=lambda t: t.logprob)
        total = _logsumexp([t.logprob for t in spellings])
        out.append(ConstrainedText(top.text, total, top.tokens))
        ranked[top.text] = _logsumexp([t.logprob - _prior(t.text, priors) for t in spellings])
    counts = {text.text for text in out if says_count(text.text)}
    # Only against a sentence without one: where every sentence says a number (spoken digits)
    # the bonus would only tilt the means per token.
    bonus_for = counts if len(counts) < len(out) else set()

    def rank(text: ConstrainedText) -> tuple[bool, float]:
        shortfall = max(0, free_tokens - (text.tokens - punctuation(text.text)))
        bonus = COUNT_BONUS if text.text in bonus_for else 0.0
        mean = (ranked[text.text] - per_missing * shortfall + bonus) / max(1, text.tokens)
        return (not (DEMOTE_REPEATS and repeats(text.text)), mean)

    return sorted(out, key=rank, reverse=True)


def _prior(text: str, priors: Mapping[str, float] | None) -> float:
    """The share of `text`'s prior taken out when ranking (0 without one)."""
    if priors is None or text not in priors:
        return 0.0
    return PRIOR_WEIGHT * priors[text]


def _logsumexp(values: Sequence[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def effective_tokens(text: str, tokens: int) -> int:
    """The free transcript's length for the way out, a decoder loop counted once.

    The way out charges a sentence for the tokens of the free transcript it leaves out (open
    speech forced into "five," leaves most of them); a loop ("two, three, two, three, ...")
    is not heard words, so its length is scaled by its share of distinct words.
    """
    words = comparable(text).lower().rstrip(".").split()
    if not words:
        return 0
    return max(1, round(tokens * len(set(words)) / len(words)))


def repeats(text: str) -> bool:
    """Whether `text` says a word again within `REPEAT_SPAN` words ("pepper, and pepper")."""
    words = comparable(text).lower().rstrip(".?!").replace(",", " ").split()
    return any(
        words[i] == words[j]
        for i in range(len(words))
        for j in range(i + 1, min(len(words), i + REPEAT_SPAN + 1))
    )


def says_count(text: str) -> bool:
    """Whether `text` says a number, as a word or in digits ("eight", "one", "12").

    "One" counts too: against "a" it means the same, and where every sentence is a number
    (spoken digits) the bonus is the same for all.
    """
    words = comparable(text).lower().rstrip(".").split()
    return any(w.isdigit() or w in NUMBER_WORDS for w in words)


def punctuation(text: str) -> int:
    """Punctuation marks in `text` (Whisper writes each as a token of its own)."""
    return sum(text.count(mark) for mark in PUNCTUATION)


def looping(text: str) -> bool:
    """Whether a free transcript is a decoder loop (`LOOP_COMPRESSION_RATIO`)."""
    raw = text.encode("utf-8")
    return bool(raw) and len(raw) / len(zlib.compress(raw)) > LOOP_COMPRESSION_RATIO
