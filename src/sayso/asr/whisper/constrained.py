"""Beam search of the Whisper decoder restricted to a `TokenConstraint` (a grammar's automaton).

The decoder runs incrementally (`Stepper`: Whisper's decoder with a key/value cache, see
`stepper.py`), so each step costs one token per hypothesis, not a pass over the whole prefix.
Each live hypothesis extends only by the tokens its constraint state allows; inside a free slot
(a wildcard) it extends by its `FREE_TOP_K` best text tokens. The end token is taken only in an
accepting state, finishing the hypothesis. Hypotheses are ranked by their mean token log-probability
(see `PRUNE_NATS`); each reports its summed log-probability, which the caller compares with the
free transcript's (scored alongside, `reference`).

The search knows no grammar and no understanding: the caller compiles the constraint.
"""

from __future__ import annotations

import dataclasses
import heapq
import threading
import weakref
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from sayso.events.speech import TokenConstraint

FREE_TOP_K = 4
"""Best free tokens tried per hypothesis inside a wildcard slot."""
DEFAULT_BEAM = 4
"""Hypotheses kept per step."""
MIN_STEPS = 24
"""Token budget of any utterance, however short (as the free decode's `MIN_NEW_TOKENS`)."""
STEPS_PER_SECOND = 15
"""Token budget per second of audio (as the free decode's cap)."""
PRUNE_NATS = 10.0
"""A live hypothesis trailing the best finished one by more than this (summed) is dropped: the
search ends when none is left. Finished ones are ranked by their mean token log-probability,
so a sentence that stops early ("a family size pizza", the toppings dropped) does not win by
being short, but its sum still bounds how long the search goes on."""
LENGTH_RATIO = 1.5
"""A sentence may be this many times as long as the free transcript (in tokens), plus
`LENGTH_SLACK`: the free decode heard the utterance's length, and a constrained sentence far
longer is a decoder loop, not a command."""
LENGTH_SLACK = 6
FREE_TOKEN_PENALTY = 1.0
"""Nats charged per free (wildcard) token when ranking, never in the reported score: a wildcard
can follow any mishearing word for word, so without it a slot that swallows the utterance
would crowd the grammar's own sentences out of the beam."""


class Stepper(Protocol):
    """An incremental decoder: one hypothesis to start, then batches of one-token extensions."""

    def start(self, encoded: np.ndarray, prefix: Sequence[int]) -> tuple[Any, np.ndarray]:
        """Decoder state of the prefix and the log-softmax over the vocabulary after it."""
        ...

    def step(
        self, state: Any, parents: Sequence[int], tokens: Sequence[int]
    ) -> tuple[Any, np.ndarray]:
        """New hypothesis i = hypothesis parents[i] + tokens[i]; log-softmax rows, one each."""
        ...


@dataclasses.dataclass(frozen=True)
class _Hyp:
    tokens: tuple[int, ...]
    state: int
    """Constraint state."""
    score: float
    """Summed log-probability."""
    penalty: float = 0.0
    """Free (wildcard) tokens' penalty, for ranking only."""


@dataclasses.dataclass(frozen=True)
class SearchResult:
    """What one constrained search found."""

    found: list[tuple[tuple[int, ...], float]]
    """(text tokens, summed log-probability with the end token), best first."""
    reference: float | None
    """Summed log-probability (end token included) of the forced `reference` tokens, if any."""


_Grown = tuple[float, float, int, int, int, float]
"""(rank, score, parent row, token, constraint state, penalty) of one extension."""


def constrained_search(
    stepper: Stepper,
    encoded: np.ndarray,
    prefix: Sequence[int],
    constraint: TokenConstraint,
    eot: int,
    *,
    beam: int = DEFAULT_BEAM,
    max_steps: int = MIN_STEPS,
    reference: Sequence[int] = (),
    keep: int = 0,
) -> SearchResult:
    """The best sentences `constraint` allows, and the score of `reference`.

    `reference` (the free decode's tokens) rides along as one more row of each batch, so both
    scores come from the same decoder. `keep`: finished sentences returned (default `beam`); a
    caller that sums a sentence's spellings ("five", "Five.", "5") wants more.
    """
    decoder, rows = stepper.start(encoded, prefix)
    live = [_Hyp((), constraint.initial(), 0.0)]
    logprobs = np.asarray(rows, dtype=np.float32).reshape(1, -1)
    forced = [*reference, eot] if reference else []
    forced_row, forced_score = (0 if forced else None), 0.0
    finished: list[tuple[float, float, tuple[int, ...]]] = []  # mean rank, score, tokens
    best_done = -np.inf  # best finished ranking sum
    if forced:
        max_steps = min(max_steps, int(len(forced) * LENGTH_RATIO) + LENGTH_SLACK)
    for step in range(max(max_steps, len(forced))):
        if forced_row is not None:
            forced_score += float(logprobs[forced_row][forced[step]])
        grown: list[_Grown] = []
        for index, hyp in enumerate(live):
            row = logprobs[index]
            if constraint.accepts(hyp.state):
                score = hyp.score + float(row[eot])
                ending = constraint.absorbed(hyp.state).get(eot, 0) * FREE_TOKEN_PENALTY
                rank = score - hyp.penalty - ending
                finished.append((rank / (len(hyp.tokens) + 1), score, hyp.tokens))
                best_done = max(best_done, rank)
            grown += _extensions(constraint, hyp, index, row, eot)
        alive = [g for g in grown if g[0] > best_done - PRUNE_NATS]
        # Sentences without free tokens keep their own beam: a wildcard following a noisy
        # transcript word for word would otherwise crowd them out.
        chosen = heapq.nlargest(beam, (g for g in alive if g[5] == 0.0))
        chosen += heapq.nlargest(max(1, beam // 2), (g for g in alive if g[5] > 0.0))
        parents = [c[2] for c in chosen]
        tokens = [c[3] for c in chosen]
        live = [_Hyp((*live[p].tokens, t), s, score, pen) for _r, score, p, t, s, pen in chosen]
        if forced_row is not None and step + 1 < len(forced):
            parents.append(forced_row)
            tokens.append(forced[step])
            forced_row = len(parents) - 1
        else:
            forced_row = None
        if not tokens:
            break
        decoder, logprobs = stepper.step(decoder, parents, tokens)
        logprobs = np.asarray(logprobs, dtype=np.float32)
    finished.sort(reverse=True)
    found = [(tokens, score) for _rank, score, tokens in finished[: keep or beam]]
    return SearchResult(found, forced_score if forced else None)


def _extensions(
    constraint: TokenConstraint, hyp: _Hyp, index: int, row: np.ndarray, eot: int
) -> list[_Grown]:
    allowed = constraint.allowed(hyp.state)
    # A grammar word only a wildcard's reading explains pays for the free tokens it took.
    absorbed = constraint.absorbed(hyp.state)
    out = []
    for t, s in allowed.items():
        penalty = hyp.penalty + absorbed.get(t, 0) * FREE_TOKEN_PENALTY
        score = hyp.score + float(row[t])
        out.append((score - penalty, score, index, t, s, penalty))
    free = constraint.free(hyp.state)
    if free is not None:
        text = row[:eot]
        wanted = min(len(text) - 1, FREE_TOP_K + len(allowed))
        best = np.argpartition(-text, wanted)[:wanted]
        picked = [int(t) for t in best[np.argsort(-text[best])] if int(t) not in allowed]
        penalty = hyp.penalty + constraint.free_cost(hyp.state) * FREE_TOKEN_PENALTY
        out += [
            (
                hyp.score - penalty + float(row[t]),
                hyp.score + float(row[t]),
                index,
                t,
                free,
                penalty,
            )
            for t in picked[:FREE_TOP_K]
        ]
    return out


def step_budget(duration_s: float) -> int:
    """Tokens the search may decode for audio of this length."""
    return max(MIN_STEPS, int(duration_s * STEPS_PER_SECOND + 0.999))


class WhisperTokens:
    """A Whisper model's tokenizer as a `TokenSpace` (one per model, so compiled grammars cache)."""

    def __init__(self, hf_tokenizer: Any, eot: int) -> None:
        self._hf = hf_tokenizer
        self.eot = eot

    def encode(self, text: str) -> list[int]:
        """Token ids of `text`, no special tokens."""
        return list(self._hf.encode(text, add_special_tokens=False).ids)

    def decode(self, tokens: list[int]) -> str:
        """Text of text tokens."""
        return str(self._hf.decode([t for t in tokens if t < self.eot]))

    def token_bytes(self) -> list[bytes]:
        """The bytes each token id stands for (byte-level BPE; for languages without spaces)."""
        vocab = self._hf.get_vocab(with_added_tokens=True)
        out = [b""] * (max(vocab.values()) + 1)
        to_byte = _BYTE_OF_CHAR
        for piece, token in vocab.items():
            if all(c in to_byte for c in piece):
                out[token] = bytes(to_byte[c] for c in piece)
        return out


def _byte_of_char() -> dict[str, int]:
    """GPT-2's byte-level alphabet: the printable character standing for each byte."""
    printable = [*range(33, 127), *range(161, 173), *range(174, 256)]
    chars = list(printable)
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(printable, chars, strict=True)}


_BYTE_OF_CHAR = _byte_of_char()


_TOKENS: weakref.WeakKeyDictionary[Any, WhisperTokens] = weakref.WeakKeyDictionary()
_STEPPERS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_SHARED = threading.Lock()


def tokens_of(model: Any, eot: int) -> WhisperTokens:
    """The shared token space of one faster-whisper model."""
    with _SHARED:
        found = _TOKENS.get(model)
        if found is None:
            found = _TOKENS[model] = WhisperTokens(model.hf_tokenizer, eot)
        return found


def stepper_of(model: Any) -> Stepper:
    """The shared incremental decoder of one faster-whisper model (its weights load once)."""
    from sayso.asr.whisper.stepper import WhisperStepper

    with _SHARED:
        found = _STEPPERS.get(model)
        if found is None:
            found = _STEPPERS[model] = WhisperStepper.for_model(model)
        return found
