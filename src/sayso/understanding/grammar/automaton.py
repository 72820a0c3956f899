"""The grammar as a token automaton: which tokens may come next, for constrained decoding.

The word graph (`graph.py`, deterministic, arcs are words, number ranges and wildcards) is expanded
into tokens lazily: a token state is a set of positions ("at graph state g", "inside the tokens of
one spelling of a word, heading to g", "inside a wildcard heading to g"), each with the free
tokens its reading took beyond the cheapest one's (`absorbed`, `free_cost`), and its moves are
computed on first visit and cached (subset construction on demand). Only the states a search
reaches are ever built, so a grammar of thousands of sentences costs the graph build, not a full
token-level expansion.

What a recogniser writes and the grammar does not say is allowed around the words: each word in any
casing of `spelling.spellings` (digits for number words), with a leading space, the first word
with or without it; one punctuation mark after a word (",", ".", "?", "!"), so "Turn on the
lights." is a sentence; and a wildcard arc takes 1..`MAX_WILDCARD_TOKENS` free tokens, leaving
it whenever a token that starts the grammar's next word arrives (both readings are kept).

The tokenizer is anything with `encode(text) -> list[int]` and `eot` (the end token id; ids at or
above it are the recogniser's special tokens, never free text).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from sayso import languages
from sayso.understanding.grammar.graph import WILDCARD, Arc, WordGraph
from sayso.understanding.grammar.spelling import glued, label_texts, spellings

MAX_WILDCARD_TOKENS = 24
"""Free tokens a wildcard slot may take (a message body, a list item)."""
PUNCTUATION = (",", ".", "?", "!")
"""Marks a recogniser may write after a word, which the grammar does not say."""
SPACED_PUNCTUATION = (" ?", " !", " :")
"""The same after a space, as French writes them ("la lumière ?"; not English)."""
OPENING_MARKS = ("¿", " ¿", "¡", " ¡")
"""Marks that open a sentence before its first word (Spanish; not English)."""
JOINING_MARKS = ("-", "'")
"""Marks that join two of the grammar's words without a space (French "est-il", "jusqu'à",
German "Wohnzimmer-Timer"; not English)."""

_AT, _IN, _WILD = 0, 1, 2
_FIRST, _AFTER_WORD, _OPENED = 1, 2, 4  # flags of an "at" position
Position = tuple[int, ...]
"""(_AT, graph state, flags) | (_IN, spelling id, next index, graph target) | (_WILD, target, n)."""
Costed = tuple[Position, int]
"""A position and the free tokens its reading took beyond the state's cheapest reading."""


class Tokenizer(Protocol):
    """The recogniser's tokenizer, as far as the automaton needs it."""

    eot: int
    """End-of-text token id; ids from here up are special tokens."""

    def encode(self, text: str) -> list[int]:
        """Token ids of `text`."""
        ...


class _Moves:
    """The cached moves out of one token state."""

    __slots__ = ("absorbed", "accepting", "free", "free_cost", "tokens")

    def __init__(
        self,
        tokens: dict[int, int],
        free: tuple[int, int] | None,
        accepting: bool,
        absorbed: dict[int, int],
    ) -> None:
        self.tokens = tokens
        self.free: int | None = free[0] if free is not None else None
        self.free_cost = free[1] if free is not None else 0
        self.accepting = accepting
        self.absorbed = absorbed


class TokenAutomaton:
    """A lazily built token automaton of a word graph (a `TokenConstraint` for the decoder)."""

    def __init__(
        self,
        graph: WordGraph,
        tokenizer: Tokenizer,
        language: str = "en",
        live: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Nothing is expanded yet; states are built as `allowed` visits them.

        `language` spells numbers and symbols (`spelling.py`) and, other than English, allows
        French spaced and Spanish opening punctuation. `live`: the values of the graph's live
        lists now (`graph.live_label`; a list without values is a dead arc).
        """
        self.graph = graph
        self.live = dict(live or {})
        self.eot = tokenizer.eot
        self.language = language
        self._tokenizer = tokenizer
        english = language == "en"
        marks = PUNCTUATION if english else PUNCTUATION + SPACED_PUNCTUATION
        self._punctuation = {t[0] for t in map(tokenizer.encode, marks) if len(t) == 1}
        opening = () if english else OPENING_MARKS
        self._reopen_wildcards = english
        self._opening = {t[0] for t in map(tokenizer.encode, opening) if len(t) == 1}
        joining = () if english else JOINING_MARKS
        self._joining = {t[0] for t in map(tokenizer.encode, joining) if len(t) == 1}
        self._spelt: dict[tuple[str, bool], tuple[tuple[int, ...], ...]] = {}
        self._sequences: list[tuple[int, ...]] = []
        self._sequence_ids: dict[tuple[int, ...], int] = {}
        self._ids: dict[frozenset[Costed], int] = {}
        self._sets: list[frozenset[Costed]] = []
        self._moves: dict[int, _Moves] = {}
        self._lock = threading.Lock()
        self._initial = self._state([((_AT, graph.start, _FIRST), 0)])[0]

    @property
    def states_built(self) -> int:
        """Token states expanded so far."""
        return len(self._moves)

    def initial(self) -> int:
        """The state before the first token."""
        return self._initial

    def allowed(self, state: int) -> Mapping[int, int]:
        """Tokens that may follow in `state`, each with the state it leads to."""
        return self._expand(state).tokens

    def free(self, state: int) -> int | None:
        """The state any other text token (id below `eot`) leads to, or None (a wildcard only)."""
        return self._expand(state).free

    def accepts(self, state: int) -> bool:
        """Whether the sentence may end here (the end token is allowed)."""
        return self._expand(state).accepting

    def free_cost(self, state: int) -> int:
        """Free tokens any other text token takes (the move to `free`).

        1, or more where the cheapest reading was the grammar's and only a wildcard's reading
        goes on ("set top xyz": "top" was a free token too).
        """
        return self._expand(state).free_cost

    def absorbed(self, state: int) -> Mapping[int, int]:
        """Allowed tokens that only a wildcard's reading explains, with the free tokens it took.

        The end token (`eot`) is among them where only such a reading may end.
        A token that starts the grammar's next word keeps the wildcard's reading too (English),
        so a sentence can wander on through words the wildcard swallows afterwards ("Set first,
        for 10, after 50, for 10, …"); each such token is a free one.
        """
        return self._expand(state).absorbed

    def _expand(self, state: int) -> _Moves:
        moves = self._moves.get(state)
        if moves is None:
            with self._lock:
                moves = self._moves.get(state) or self._build(state)
                self._moves[state] = moves
        return moves

    def _build(self, state: int) -> _Moves:
        targets: dict[int, list[Costed]] = {}
        free: list[Costed] = []
        ending: list[int] = []
        for pos, cost in self._closure(self._sets[state]):
            if pos[0] == _IN:
                sequence = self._sequences[pos[1]]
                targets.setdefault(sequence[pos[2]], []).append(
                    (self._advance(pos, sequence), cost)
                )
            elif pos[0] == _WILD:
                if pos[2] < MAX_WILDCARD_TOKENS:
                    free.append(((_WILD, pos[1], pos[2] + 1), cost + 1))
            else:
                if pos[1] in self.graph.finals:
                    ending.append(cost)
                self._at_moves(pos, cost, targets)
                # a wildcard's first token: any text token
                free += [((_WILD, a.target, 1), cost + 1) for a in self._wildcards(pos[1])]
        free_move = self._state(free) if free else None
        # English keeps both readings of a token that starts the next word (measured with
        # tiny.en); other languages close the wildcard there, since a wildcard restarting its
        # next word for free ("im Wohnzimmer von T. Die in den Wohnzimmer ...") crowded every
        # sentence that ends out of the beam on Whisper base's German (BENCHMARKS.md).
        keep = free if self._reopen_wildcards else []
        tokens: dict[int, int] = {}
        absorbed: dict[int, int] = {}
        for token, positions in targets.items():
            tokens[token], added = self._state([*positions, *keep])
            if added:
                absorbed[token] = added
        end_cost = min(ending, default=0)
        if end_cost:
            absorbed[self.eot] = end_cost  # only the wildcard's reading may end here
        return _Moves(tokens, free_move, bool(ending), absorbed)

    def _closure(self, positions: Iterable[Costed]) -> list[Costed]:
        """`positions` plus the word boundary a wildcard may end at."""
        out = list(positions)
        out += [((_AT, p[1], _AFTER_WORD), c) for p, c in out if p[0] == _WILD and p[2] > 0]
        return out

    def _at_moves(self, pos: Position, cost: int, targets: dict[int, list[Costed]]) -> None:
        _kind, node, flags = pos
        if flags & _AFTER_WORD:
            for token in self._punctuation:
                targets.setdefault(token, []).append(((_AT, node, 0), cost))
            for token in self._joining:  # the next word follows without its space
                targets.setdefault(token, []).append(((_AT, node, _FIRST | _OPENED), cost))
        if flags & _FIRST and not flags & _OPENED:
            for token in self._opening:  # "¿Qué ...": the word then follows without a space
                targets.setdefault(token, []).append(((_AT, node, _FIRST | _OPENED), cost))
        for arc in self.graph.arcs.get(node, ()):
            if arc.label == WILDCARD:
                continue  # free tokens, not spelt
            for sequence in self._arc_sequences(arc, bool(flags & _FIRST)):
                start = (_IN, self._sequence_id(sequence), 0, arc.target)
                targets.setdefault(sequence[0], []).append((self._advance(start, sequence), cost))

    def _wildcards(self, node: int) -> list[Arc]:
        return [arc for arc in self.graph.arcs.get(node, ()) if arc.label == WILDCARD]

    def _advance(self, pos: Position, sequence: tuple[int, ...]) -> Position:
        """The position after one more token of `sequence`."""
        index = pos[2] + 1
        if index >= len(sequence):
            return (_AT, pos[3], _AFTER_WORD)
        return (_IN, pos[1], index, pos[3])

    def _arc_sequences(self, arc: Arc, first: bool) -> list[tuple[int, ...]]:
        out: list[tuple[int, ...]] = []
        for text in label_texts(arc.label, self.language, self.live):
            out += self._spelt_sequences(text, first)
        return out

    def _spelt_sequences(self, text: str, first: bool) -> tuple[tuple[int, ...], ...]:
        key = (text, first)
        if key not in self._spelt:
            found: list[tuple[int, ...]] = []
            for form in spellings(text, self.language):
                prefixes = ("", " ") if first or glued(form) else (" ",)
                found += [tuple(self._tokenizer.encode(p + form)) for p in prefixes]
            self._spelt[key] = tuple(dict.fromkeys(s for s in found if s and max(s) < self.eot))
        return self._spelt[key]

    def _sequence_id(self, sequence: tuple[int, ...]) -> int:
        found = self._sequence_ids.get(sequence)
        if found is None:
            found = self._sequence_ids[sequence] = len(self._sequences)
            self._sequences.append(sequence)
        return found

    def _state(self, positions: Sequence[Costed]) -> tuple[int, int]:
        """The state of `positions` (each at its cheapest), and the free tokens all of them add.

        Costs are kept relative to the cheapest reading, so a state is the same whatever a
        hypothesis paid to reach it.
        """
        cheapest: dict[Position, int] = {}
        for pos, cost in positions:
            if cost < cheapest.get(pos, cost + 1):
                cheapest[pos] = cost
        added = min(cheapest.values())
        key = frozenset((pos, cost - added) for pos, cost in cheapest.items())
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self._sets)
            self._sets.append(key)
        return found, added


def compile_automaton(
    graph: WordGraph,
    tokenizer: Tokenizer,
    language: str = "en",
    live: Mapping[str, tuple[str, ...]] | None = None,
) -> Any:
    """The token automaton of `graph` for `language` (a `TokenConstraint`).

    Its live lists are spelt with the values in `live`.

    Languages written without spaces are walked over bytes (`automaton_bytes`) when the
    tokenizer gives its tokens' bytes; the others spell word by word.
    """
    # Deferred: automaton_bytes builds on this module.
    from sayso.understanding.grammar.automaton_bytes import ByteAutomaton

    if languages.spaceless(language) and hasattr(tokenizer, "token_bytes"):
        return ByteAutomaton(graph, tokenizer, language, live)
    return TokenAutomaton(graph, tokenizer, language, live)
