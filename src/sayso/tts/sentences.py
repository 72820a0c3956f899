"""Split text into sentences, incrementally, so streamed LLM output is spoken sentence by sentence.

A sentence ends at a newline, or at ".", "!", "?" or "…" (optionally followed by closing quotes or
brackets) when whitespace follows. Requiring the whitespace is what keeps "3.5" and "e.g." intact
while text still streams in: a "." at the very end of the buffer waits for the next piece. Periods
after known abbreviations ("Dr.", "e.g."), single initials ("J. Smith") and list numbers ("1. ...")
do not end a sentence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Final

TERMINATORS: Final[str] = ".!?…"
"""Characters that can end a sentence."""
CLOSERS: Final[str] = "\"')]}”’»"
"""Characters that stay with the sentence they close."""
OPENERS: Final[str] = "\"'([{“‘«"
"""Characters stripped before looking a word up as an abbreviation."""
ABBREVIATIONS: Final[frozenset[str]] = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "mt", "ft", "vs", "approx", "dept",
        "gov", "lt", "sgt", "rev", "e.g", "i.e", "cf", "jan", "feb", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
"""Lower-case words (without their final ".") after which a period does not end a sentence.

English words that also end sentences ("no", "sun", "fig") are left out on purpose."""
SENTENCE_FINAL_ABBREVIATIONS: Final[frozenset[str]] = frozenset(
    {"a.m", "p.m", "etc", "inc", "ltd", "corp", "u.s", "u.k"}
)
"""Abbreviations that often end a sentence ("set for 7 a.m."): they do when a capital follows."""
MAX_PIECE_CHARS: Final[int] = 160
"""Longest piece of text a TTS engine gets at once, in characters (about 15 s of speech).

Piper's model attends over a piece's whole phoneme sequence, so time and memory grow faster than
the length: one 4,096-character piece without punctuation took 46 s and 3.8 GB."""
KEPT_CONTROLS: Final[str] = "\n\t"
"""Control characters that carry meaning for sentence splitting; every other one is dropped."""


class SentenceChunker:
    """Collects streamed text and hands out each sentence as soon as it is complete."""

    def __init__(self) -> None:
        self._buffer = ""
        self._scan_from = 0

    def push(self, piece: str) -> list[str]:
        """Add `piece`; return the sentences it completed (stripped, possibly none)."""
        self._buffer += piece
        sentences = []
        while (cut := self._next_boundary()) is not None:
            sentence, self._buffer = self._buffer[:cut].strip(), self._buffer[cut:]
            self._scan_from = 0
            if sentence:
                sentences.append(sentence)
        return sentences

    def flush(self) -> list[str]:
        """End of text: return what is left as a last sentence (if any) and reset."""
        rest = self._buffer.strip()
        self._buffer, self._scan_from = "", 0
        return [rest] if rest else []

    def _next_boundary(self) -> int | None:
        """Index just after the first complete sentence, or None while none is complete."""
        text, i = self._buffer, self._scan_from
        while i < len(text):
            if text[i] == "\n":
                return i + 1
            if text[i] not in TERMINATORS:
                i += 1
                continue
            end = i
            while end < len(text) and text[end] in TERMINATORS:
                end += 1
            while end < len(text) and text[end] in CLOSERS:
                end += 1
            if end == len(text):
                self._scan_from = i  # undecided until the next character arrives
                return None
            if text[end].isspace():
                verdict = self._ends_sentence(i, end)
                if verdict is None:
                    self._scan_from = i
                    return None
                if verdict:
                    return end
            i = end
        self._scan_from = i
        return None

    def _ends_sentence(self, start: int, end: int) -> bool | None:
        """Whether the terminator run `[start, end)` ends a sentence; None: wait for more text."""
        if self._buffer[start:end].rstrip(CLOSERS) != ".":
            return True
        before = self._buffer[:start]
        word = before.rsplit(None, 1)[-1].lstrip(OPENERS) if before.strip() else ""
        lowered = word.lower()
        if lowered in SENTENCE_FINAL_ABBREVIATIONS:
            following = self._buffer[end:].lstrip()
            return following[0].isupper() if following else None
        if lowered in ABBREVIATIONS:
            return False
        if len(word) == 1 and word.isupper():
            return False  # an initial, as in "J. R. R. Tolkien"
        # "1. Preheat the oven": a number alone at the start is a list marker.
        return not (word.isdigit() and before.strip() == word)


def split_sentences(text: str) -> list[str]:
    """Split complete `text` into sentences with the same rules as `SentenceChunker`."""
    chunker = SentenceChunker()
    return chunker.push(text) + chunker.flush()


def clean_text(text: str) -> str:
    """`text` without control characters (NUL, escapes...) or lone surrogates, which engines reject.

    Each dropped control character becomes a space so the words around it stay apart.
    """
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" and ch not in KEPT_CONTROLS:
            out.append(" ")
        elif category != "Cs":  # a lone surrogate cannot even be encoded as UTF-8
            out.append(ch)
    return "".join(out)


def speech_pieces(text: str, max_chars: int = MAX_PIECE_CHARS) -> list[str]:
    """Sentences of cleaned `text`, any longer than `max_chars` cut at clause or word boundaries."""
    return [p for s in split_sentences(clean_text(text)) for p in _bounded(s, max_chars)]


def _bounded(sentence: str, max_chars: int) -> Iterator[str]:
    while len(sentence) > max_chars:
        cut = _cut_point(sentence, max_chars)
        head, sentence = sentence[:cut].strip(), sentence[cut:].strip()
        if head:
            yield head
    if sentence:
        yield sentence


def _cut_point(text: str, max_chars: int) -> int:
    """Where to cut `text`: after the last clause mark, else the last space, else hard at the limit.

    A break is only taken in the second half of the window so no piece comes out tiny.
    """
    window = text[:max_chars]
    for marks in (",;:", " "):
        best = max(window.rfind(mark) for mark in marks)
        if best >= max_chars // 2:
            return best + 1
    return max_chars
