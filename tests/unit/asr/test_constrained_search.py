"""The constrained beam search on a scripted decoder (pure logic; real audio elsewhere)."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from sayso.asr.whisper.constrained import constrained_search
from sayso.understanding.grammar.automaton import TokenAutomaton
from sayso.understanding.grammar.graph import WILDCARD, Arc, WordGraph
from tests.unit.understanding.grammar.fake_tokens import EOT, FakeTokenizer

VOCAB = EOT + 8
JITTER_NATS = 0.5
"""The spread of the rare tokens' log-probabilities (a real model's are never tied)."""


class ScriptedDecoder:
    """Prefers `spoken` token by token (log 0.5), then `prefer` tokens; everything else is rare.

    `prefer` maps a history to a token the "acoustic model" likes even more (a mishearing).
    """

    def __init__(
        self,
        spoken: Sequence[int],
        prefer: dict[tuple[int, ...], int] | None = None,
        tokenizer: FakeTokenizer | None = None,
    ):
        self.spoken = tuple(spoken)
        self.prefer = prefer or {}
        self.fed = 0
        self.tokenizer = tokenizer
        self._jitter = np.zeros(VOCAB)
        self._jittered = 0

    def _rare(self) -> np.ndarray:
        """-20 nats, less a spread keyed on each token's text (with `tokenizer`): with exact ties
        the beam would be chosen by token ids, which depend on what the shared fake tokenizer
        happened to see first, so one test's outcome would depend on the others run before it."""
        pieces = self.tokenizer.pieces if self.tokenizer is not None else []
        for i in range(self._jittered, len(pieces)):
            self._jitter[i] = JITTER_NATS * zlib.crc32(pieces[i].encode()) / 2**32
        self._jittered = len(pieces)
        return -20.0 - self._jitter

    def start(
        self, encoded: np.ndarray, prefix: Sequence[int]
    ) -> tuple[list[tuple[int, ...]], np.ndarray]:
        return [()], self._row(())

    def step(
        self, state: list[tuple[int, ...]], parents: Sequence[int], tokens: Sequence[int]
    ) -> tuple[list[tuple[int, ...]], np.ndarray]:
        self.fed += len(tokens)
        histories = [(*state[p], t) for p, t in zip(parents, tokens, strict=True)]
        return histories, np.stack([self._row(h) for h in histories])

    def _row(self, history: tuple[int, ...]) -> np.ndarray:
        logits = self._rare()
        k = len(history)
        if history == self.spoken[:k]:
            logits[self.spoken[k] if k < len(self.spoken) else EOT] = 5.0
        if history in self.prefer:
            logits[self.prefer[history]] = 7.0
        logits[EOT] = max(logits[EOT], -2.0)  # the model always finds ending plausible
        return logits - np.log(np.exp(logits - logits.max()).sum()) - logits.max()


def _line(*words: str) -> WordGraph:
    arcs = {i: [Arc(i + 1, w)] for i, w in enumerate(words)}
    arcs[len(words)] = []
    return WordGraph(arcs, 0, frozenset({len(words)}), frozenset())


def _search(graph: WordGraph, decoder: ScriptedDecoder, tok: FakeTokenizer) -> list[str]:
    found = constrained_search(
        decoder, np.zeros((1, 4, 2)), [1, 2], TokenAutomaton(graph, tok), EOT
    )
    return [tok.decode(list(tokens)) for tokens, _score in found.found]


def test_a_sound_alike_outside_the_grammar_is_never_written() -> None:
    tok = FakeTokenizer()
    spoken = tok.encode(" One iced americano.")
    americana = tok.piece_id("ana")
    graph = WordGraph(
        {
            0: [Arc(1, "one")],
            1: [Arc(2, "iced"), Arc(2, "hot")],
            2: [Arc(3, "americano"), Arc(3, "mocha")],
            3: [],
        },
        0,
        frozenset({3}),
        frozenset(),
    )
    prefix = tuple(tok.encode(" One iced americ"))
    decoder = ScriptedDecoder(spoken, {prefix: americana})
    texts = _search(graph, decoder, tok)
    assert texts[0] == " One iced americano."
    assert all("americana" not in t.lower() for t in texts)


def test_the_end_token_comes_only_where_the_grammar_may_end() -> None:
    tok = FakeTokenizer()
    graph = _line("turn", "on", "the", "light")
    spoken = tok.encode(" Turn on the")  # the speaker stopped early: the model wants to end
    texts = _search(graph, ScriptedDecoder(spoken), tok)
    assert texts and all(t.rstrip(".").lower().endswith("light") for t in texts)


def test_a_wildcard_slot_is_filled_with_free_tokens_and_the_sentence_continues() -> None:
    tok = FakeTokenizer()
    graph = _line("remind", "me", "to", WILDCARD, "tomorrow")
    spoken = tok.encode(" Remind me to water the plants tomorrow.")
    texts = _search(graph, ScriptedDecoder(spoken), tok)
    assert texts[0] == " Remind me to water the plants tomorrow."


def test_each_step_feeds_only_the_new_tokens_and_scores_sum_per_token() -> None:
    tok = FakeTokenizer()
    graph = _line("stop")
    spoken = tok.encode(" Stop.")
    decoder = ScriptedDecoder(spoken)
    found = constrained_search(
        decoder, np.zeros((1, 4, 2)), [1], TokenAutomaton(graph, tok), EOT, beam=2
    )
    (best_tokens, best_score) = found.found[0]
    assert tok.decode(list(best_tokens)) == " Stop."
    assert decoder.fed <= 2 * (len(spoken) + 1)  # at most `beam` new tokens per step
    rows = [decoder._row(tuple(best_tokens[:i])) for i in range(len(best_tokens) + 1)]
    expected = sum(r[t] for r, t in zip(rows, [*best_tokens, EOT], strict=True))
    assert abs(best_score - expected) < 1e-4


def test_an_empty_grammar_finds_nothing() -> None:
    tok = FakeTokenizer()
    empty = WordGraph({0: []}, 0, frozenset(), frozenset())
    assert _search(empty, ScriptedDecoder(tok.encode(" Hello.")), tok) == []


def test_the_free_transcript_is_scored_alongside_by_the_same_decoder() -> None:
    tok = FakeTokenizer()
    spoken = tok.encode(" Stop the music.")
    heard = tok.encode(" Stop the music now")  # what the free decode wrote (longer than the search)
    decoder = ScriptedDecoder(spoken)
    graph = _line("stop", "the", "music")
    result = constrained_search(
        decoder, np.zeros((1, 4, 2)), [1], TokenAutomaton(graph, tok), EOT, reference=heard
    )
    rows = [decoder._row(tuple(heard[:i])) for i in range(len(heard) + 1)]
    expected = sum(r[t] for r, t in zip(rows, [*heard, EOT], strict=True))
    assert result.reference is not None and abs(result.reference - expected) < 1e-4
    assert tok.decode(list(result.found[0][0])) == " Stop the music."
    assert result.found[0][1] > result.reference  # what was said beats the mishearing


def test_grammar_words_a_wildcard_swallows_again_are_charged_as_free_tokens() -> None:
    # Round 40: "Set first, for 10, after 50, for 10, …" — each word restarted the one after
    # "set {name}", so the walk paid no free token, and its mean score beat the sentence said.
    tok = FakeTokenizer()
    graph = WordGraph(
        {0: [Arc(1, "set")], 1: [Arc(2, WILDCARD), Arc(4, "top")], 2: [Arc(3, "for")],
         3: [Arc(6, "10")], 4: [Arc(6, "fan")], 6: []},
        0,
        frozenset({6}),
        frozenset(),
    )  # fmt: skip
    spoken = tok.encode(" Set top fan.")
    top, comma, for_, ten = (tuple(tok.encode(t)) for t in (" Set top", ",", " for", " 10"))
    # The "acoustic model" hears ", for 10" after "Set top", again and again.
    prefer = {top: comma[0], (*top, *comma): for_[0]}
    walk = (*top, *comma)
    for _ in range(6):
        prefer[(*walk, *for_)] = ten[0]
        prefer[(*walk, *for_, *ten)] = comma[0]
        walk = (*walk, *for_, *ten, *comma)
        prefer[walk] = for_[0]
    texts = _search(graph, ScriptedDecoder(spoken, prefer, tok), tok)
    assert texts[0] == " Set top fan."
