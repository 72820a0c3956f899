"""The token automaton of a language written without spaces (Chinese), built over bytes.

`automaton.TokenAutomaton` spells each word by encoding it on its own, which is the recogniser's
own tokenization only where a space starts every word. Whisper's byte-level BPE writes Chinese
without spaces: a token may hold part of a character (the three UTF-8 bytes of "厅" are two
tokens), one character, or several, so a word's tokens depend on its neighbours. Here the
grammar is walked byte by byte instead: a token may follow when its bytes spell a continuation
of some grammar sentence, whatever characters it cuts through. The tokens of a state are found
by walking the tokenizer's byte trie alongside the grammar, so only prefixes the grammar allows
are visited.

The word graph of a spaceless language has one character per word (`graph.build_graph(...,
spaceless=True)`). Around the words a recogniser may write what the grammar does not say:
one punctuation mark (Chinese or ASCII) where a sentence may end, a space before a Latin word
or a number, a number as digits or Chinese numerals, and (with the `zh` extra) a character in
its traditional form, which Whisper often prefers; `script.in_script` turns the decoded text back.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

from sayso.understanding.grammar.automaton import MAX_WILDCARD_TOKENS, Tokenizer
from sayso.understanding.grammar.graph import WILDCARD, WordGraph
from sayso.understanding.grammar.spelling import label_texts, spellings
from sayso.understanding.script import traditional_forms

PUNCTUATION = ("，", "。", "？", "！", "、", ",", ".", "?", "!")
"""Marks a recogniser may write after a word."""

_AT, _IN, _WILD = 0, 1, 2
_AFTER_WORD = 2
Position = tuple[int, ...]
"""(_AT, graph state, flags) | (_IN, text id, next byte, graph target) | (_WILD, target, n)."""
_TOKEN = -1  # key of a trie node's token id
_TRIES: weakref.WeakKeyDictionary[Any, dict[int, Any]] = weakref.WeakKeyDictionary()
_TRIE_LOCK = threading.Lock()


def token_trie(tokenizer: Any) -> dict[int, Any]:
    """A trie over the bytes of every text token (built once per tokenizer)."""
    with _TRIE_LOCK:
        found = _TRIES.get(tokenizer)
        if found is None:
            found = {}
            for token, data in enumerate(tokenizer.token_bytes()):
                if not data or token >= tokenizer.eot:
                    continue
                node = found
                for byte in data:
                    node = node.setdefault(byte, {})
                node[_TOKEN] = token
            _TRIES[tokenizer] = found
        return found


class _Moves:
    __slots__ = ("accepting", "free", "tokens")

    def __init__(self, tokens: dict[int, int], free: int | None, accepting: bool) -> None:
        self.tokens = tokens
        self.free = free
        self.accepting = accepting


class ByteAutomaton:
    """A lazily built token automaton over bytes (a `TokenConstraint` for the decoder)."""

    def __init__(
        self,
        graph: WordGraph,
        tokenizer: Tokenizer,
        language: str,
        live: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """`tokenizer` must also give `token_bytes()`: the bytes of every token id.

        `live`: as in `TokenAutomaton`.
        """
        self.graph = graph
        self.live = dict(live or {})
        self.eot = tokenizer.eot
        self.language = language
        self._trie = token_trie(tokenizer)
        self._texts: list[bytes] = []
        self._text_ids: dict[bytes, int] = {}
        self._starts: dict[tuple[int, int], dict[int, list[Position]]] = {}
        self._ids: dict[frozenset[Position], int] = {}
        self._sets: list[frozenset[Position]] = []
        self._moves: dict[int, _Moves] = {}
        self._lock = threading.Lock()
        self._initial = self._state([(_AT, graph.start, 0)])

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
        """The state any other text token leads to, or None (a wildcard only)."""
        return self._expand(state).free

    def accepts(self, state: int) -> bool:
        """Whether the sentence may end here."""
        return self._expand(state).accepting

    def free_cost(self, state: int) -> int:
        """One: a free token is one wildcard token (readings are not kept apart here)."""
        return 1

    def absorbed(self, state: int) -> Mapping[int, int]:
        """Empty: a token that starts the next word closes the wildcard here (see `_build`)."""
        return {}

    def _expand(self, state: int) -> _Moves:
        moves = self._moves.get(state)
        if moves is None:
            with self._lock:
                moves = self._moves.get(state) or self._build(state)
                self._moves[state] = moves
        return moves

    def _build(self, state: int) -> _Moves:
        positions = list(self._sets[state])
        positions += [(_AT, p[1], _AFTER_WORD) for p in positions if p[0] == _WILD and p[2] > 0]
        accepting = any(p[0] == _AT and p[1] in self.graph.finals for p in positions)
        free = [(_WILD, p[1], p[2] + 1) for p in positions
                if p[0] == _WILD and p[2] < MAX_WILDCARD_TOKENS]  # fmt: skip
        for p in positions:
            if p[0] == _AT:
                free += [(_WILD, a.target, 1) for a in self.graph.arcs.get(p[1], ())
                         if a.label == WILDCARD]  # fmt: skip
        found: dict[int, list[Position]] = {}
        self._walk(self._trie, positions, found)
        # A token that starts the next word closes a wildcard (the token automaton keeps both
        # readings): here a character is a word, and "计" heard again and again would keep the
        # wildcard open and restart "计时器" forever, out-ranking every sentence that ends.
        tokens = {t: self._state(ps) for t, ps in found.items()}
        return _Moves(tokens, self._state(free) if free else None, accepting)

    def _walk(
        self, node: dict[int, Any], positions: Sequence[Position], found: dict[int, list[Position]]
    ) -> None:
        """Every token whose bytes continue `positions`, with the positions it leads to."""
        nexts: dict[int, list[Position]] = {}
        for pos in positions:
            for byte, after in self._byte_moves(pos).items():
                if byte in node:
                    nexts.setdefault(byte, []).extend(after)
        for byte, after in nexts.items():
            child = node[byte]
            unique = list(dict.fromkeys(after))
            if _TOKEN in child:
                found[child[_TOKEN]] = unique
            self._walk(child, unique, found)

    def _byte_moves(self, pos: Position) -> dict[int, list[Position]]:
        if pos[0] == _IN:
            return {self._texts[pos[1]][pos[2]]: [self._advance(pos[1], pos[2] + 1, pos[3])]}
        if pos[0] == _WILD:
            return {}
        key = (pos[1], pos[2])
        if key not in self._starts:
            self._starts[key] = self._first_bytes(pos[1], bool(pos[2] & _AFTER_WORD))
        return self._starts[key]

    def _first_bytes(self, node: int, after_word: bool) -> dict[int, list[Position]]:
        out: dict[int, list[Position]] = {}
        texts: list[tuple[bytes, int, int]] = []  # (bytes, graph target, flags at the end)
        if after_word and node in self.graph.finals:
            # Only at a sentence's end: each character is a word here, and a mark allowed after
            # every one lets the decoder write "天。。。" instead of the sentence.
            texts += [(mark.encode(), node, 0) for mark in PUNCTUATION]
        for arc in self.graph.arcs.get(node, ()):
            if arc.label == WILDCARD:
                continue
            for form in self._forms(arc.label):
                texts.append((form.encode(), arc.target, _AFTER_WORD))
        for data, target, flags in texts:
            text_id = self._text_id(data)
            out.setdefault(data[0], []).append(
                self._advance(text_id, 1, target) if flags else self._end(data, 1, target)
            )
        return out

    def _forms(self, label: str) -> list[str]:
        out: list[str] = []
        for text in label_texts(label, self.language, self.live):
            for form in (*spellings(text, self.language), *traditional_forms(text)):
                out.append(form)
                if form[:1].isascii() and form[:1].isalnum():
                    out.append(" " + form)  # "调到 50%": Whisper spaces Latin and digits
        return list(dict.fromkeys(out))

    def _end(self, data: bytes, index: int, target: int) -> Position:
        """Inside a punctuation mark (ends at `target` without the after-word flag)."""
        text_id = self._text_id(data)
        return (_AT, target, 0) if index >= len(data) else (_IN, text_id, index, -1 - target)

    def _advance(self, text_id: int, index: int, target: int) -> Position:
        data = self._texts[text_id]
        if index < len(data):
            return (_IN, text_id, index, target)
        if target < 0:  # a punctuation mark's end: no second mark after it
            return (_AT, -1 - target, 0)
        return (_AT, target, _AFTER_WORD)

    def _text_id(self, data: bytes) -> int:
        found = self._text_ids.get(data)
        if found is None:
            found = self._text_ids[data] = len(self._texts)
            self._texts.append(data)
        return found

    def _state(self, positions: Sequence[Position]) -> int:
        key = frozenset(positions)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self._sets)
            self._sets.append(key)
        return found
