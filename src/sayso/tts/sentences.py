"""Split text into sentences, incrementally, so streamed LLM output is spoken sentence by sentence.

A sentence ends at a newline, or at ".", "!", "?" or "…" (optionally followed by closing quotes or
brackets) when whitespace follows. Requiring the whitespace is what keeps "3.5" and "e.g." intact
while text still streams in: a "." at the very end of the buffer waits for the next piece. Periods
after known abbreviations ("Dr.", "e.g."), single initials ("J. Smith") and list numbers ("1. ...")
do not end a sentence.
"""

from __future__ import annotations

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
