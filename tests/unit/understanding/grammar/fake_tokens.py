"""A tiny BPE-like tokenizer for pure-logic automaton and search tests.

It splits text as GPT-2's pre-tokenizer does (a word keeps its leading space, punctuation is its
own piece) and cuts words longer than four characters into pieces, so words take several tokens.
Ids are handed out on first sight; special ids start at `EOT`.
"""

from __future__ import annotations

import re
from typing import Any

EOT = 50_000
_PIECES = re.compile(r"'s| ?\w+| ?[^\s\w]+")
PIECE_CHARS = 4


class FakeTokenizer:
    """`encode` / `decode` over a vocabulary that grows as texts are seen."""

    eot = EOT

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.pieces: list[str] = []

    def encode(self, text: str) -> list[int]:
        out = []
        for piece in _PIECES.findall(text):
            for start in range(0, len(piece), PIECE_CHARS):
                out.append(self.piece_id(piece[start : start + PIECE_CHARS]))
        return out

    def piece_id(self, piece: str) -> int:
        if piece not in self.ids:
            self.ids[piece] = len(self.pieces)
            self.pieces.append(piece)
        return self.ids[piece]

    def decode(self, tokens: list[int]) -> str:
        return "".join(
            self.pieces[t] if t < len(self.pieces) else f" <{t}>" for t in tokens if t < EOT
        )


def accepts(automaton: Any, tokenizer: FakeTokenizer, text: str) -> bool:
    """Whether `automaton` (a token constraint) takes `text` as a whole sentence."""
    state = automaton.initial()
    for token in tokenizer.encode(text):
        nxt = automaton.allowed(state).get(token)
        if nxt is None and token < tokenizer.eot:
            nxt = automaton.free(state)
        if nxt is None:
            return False
        state = nxt
    return bool(automaton.accepts(state))
