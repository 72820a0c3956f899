"""The grammar sentence closest to a transcript: word-level edit distance over the grammar graph.

A uniform-cost search runs over (graph state, words of the transcript consumed). Steps: a word the
grammar expects heard as is (free) or as a similar-sounding word (cost 1 − similarity), two heard
words standing for one expected word ("and lock" → "unlock"), an expected word not heard, a heard
word the grammar has no place for (cheap for hassil's skip words), a number range taking digits
or number words, and a wildcard taking free words. The cheapest path to a final state that consumed
every word is the corrected sentence; the search stops at a cost budget, so open speech costs
little time and returns nothing.
"""

from __future__ import annotations

import dataclasses
import heapq
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache

from hassil.fst import EPS

from sayso import languages
from sayso.understanding.grammar.graph import WordGraph, is_free, number_bounds
from sayso.understanding.grammar.phonetic import similarity
from sayso.understanding.grammar.spelling import ARTICLES, number_words, words_value
from sayso.understanding.numbers import NUMBER_WORDS

DELETE_COST = 1.0
"""An expected word that was not heard."""
INSERT_COST = 1.0
"""A heard word the grammar has no place for."""
SKIP_WORD_COST = 0.2
"""A heard skip word ("please") the grammar ignores anyway."""
MERGE_PENALTY = 0.15
"""Extra cost of reading two heard words as one expected word."""
WILDCARD_WORD_COST = 0.1
"""Per word taken by a wildcard: free text is allowed but a literal reading is preferred."""
MIN_SIMILARITY = 0.4
"""Below this a substitution is not tried (delete + insert covers it); keeps the search small."""
MAX_NUMBER_WORDS = 3
"""Longest number-word run a range arc takes ("one hundred twenty")."""
SOUNDS_LIKE_MAX = 100
"""Numbers a single misheard word may be read as ("to" → "two"), in any language."""
_Step = tuple[tuple[int, int], float, "str | None", str]
_KINDS = {
    "m": "match", "s": "similar word", "d": "missing word", "i": "extra word", "k": "skip word",
    "n": "number", "w": "wildcard word", "e": "epsilon",
}  # fmt: skip
_EDITS = frozenset("sdik")
_ANCHORS = frozenset("msdin")
_TOKEN = re.compile(r"[\w']+|%|°")
_SYMBOL_WORDS = {"%": "percent", "°": "degrees"}


@dataclasses.dataclass(frozen=True)
class GrammarMatch:
    """A sentence of the grammar and what it cost to read the transcript as it."""

    text: str
    """The grammar's sentence (numbers and wildcard words as heard)."""
    cost: float
    """Summed edit cost (0: the transcript is a grammar sentence)."""
    heard_words: int
    """Words in the transcript."""
    edits: int
    """Steps that were not exact matches."""
    anchors: int
    """Steps on the grammar's own words (matched, replaced, missing, numbers) or left over.

    Wildcard words are not counted: "broadcast <anything>" must not look cheap per word.
    """

    @property
    def cost_per_word(self) -> float:
        """Edit cost per anchor word: the quantity the acceptance threshold is set on."""
        return self.cost / max(1, self.anchors)


def tokenize(text: str) -> tuple[str, ...]:
    """Lower-case words of a transcript; "%" and "°" become words, other punctuation goes."""
    tokens = _TOKEN.findall(text.lower().replace("-", " "))
    return tuple(_SYMBOL_WORDS.get(t, t) for t in tokens)


def match_grammar(
    graph: WordGraph, heard: Sequence[str], budget: float, language: str = "en"
) -> GrammarMatch | None:
    """Cheapest grammar sentence for the `heard` words within `budget`, or None."""
    return next(iter_matches(graph, heard, budget, language), None)


def iter_matches(
    graph: WordGraph, heard: Sequence[str], budget: float, language: str = "en"
) -> Iterator[GrammarMatch]:
    """Grammar sentences for the `heard` words within `budget`, cheapest first.

    The caller takes as many as it needs: the next one is found by resuming the search, so a
    reading the recogniser rejects (a device in the wrong domain) costs one more step, not a rerun.
    Numbers are read in `language` (the grammar's): a German range takes "fünf", not "five".
    """
    numbers = _Numbers.of(language)
    n = len(heard)
    if n == 0:
        return
    skips = frozenset(graph.skip_words)
    best: dict[tuple[int, int], float] = {(graph.start, 0): 0.0}
    back: dict[tuple[int, int], tuple[tuple[int, int], str | None, str]] = {}
    queue: list[tuple[float, int, int]] = [(0.0, graph.start, 0)]
    while queue:
        cost, state, pos = heapq.heappop(queue)
        if cost > best.get((state, pos), float("inf")):
            continue
        if pos == n and state in graph.finals:
            yield _result((state, pos), cost, back, n)
        for nxt, step, output, kind in _steps(graph, heard, state, pos, skips, numbers):
            new = cost + step
            if new <= budget and new < best.get(nxt, float("inf")):
                best[nxt] = new
                back[nxt] = ((state, pos), output, kind)
                heapq.heappush(queue, (new, nxt[0], nxt[1]))


@dataclasses.dataclass(frozen=True)
class _Numbers:
    """How the heard words of one language say numbers."""

    language: str
    words: Mapping[str, int]
    """Single number words a misheard word may sound like, and their values."""

    @staticmethod
    def of(language: str) -> _Numbers:
        """The numbers of `language` (a tag such as "de-DE"; cached)."""
        return _numbers_of(languages.base(language) or "en")

    def value(self, words: Sequence[str]) -> int | None:
        """The whole number `words` say (digits, or words of the language), else None."""
        if len(words) == 1 and words[0].isdigit():
            return int(words[0])
        if languages.spaceless(self.language):
            return None  # read a character at a time: not measured, digits only as before
        return words_value(" ".join(words), self.language)

    def written(self, words: str, value: int) -> str:
        """How heard `words` read as `value` are put into the sentence.

        English keeps its number words; other languages get digits, which every language's
        grammar parses in a range: an English "one" in a German sentence ("setze timer für
        one stunde fort") parsed as nothing.
        """
        return words if self.language == "en" else str(value)


@lru_cache(maxsize=16)
def _numbers_of(lang: str) -> _Numbers:
    if lang == "en":
        return _Numbers(lang, NUMBER_WORDS)
    if languages.spaceless(lang):
        return _Numbers(lang, {})
    spelt = ((number_words(v, lang), v) for v in range(SOUNDS_LIKE_MAX + 1))
    return _Numbers(lang, {w: v for w, v in spelt if w and " " not in w and w not in ARTICLES})


def _steps(
    graph: WordGraph,
    heard: Sequence[str],
    state: int,
    pos: int,
    skips: frozenset[str],
    numbers: _Numbers,
) -> list[_Step]:
    """(next key, cost, output words, kind) of every move out of (state, pos); see `_KINDS`."""
    n = len(heard)
    out: list[_Step] = []
    if pos < n:
        word = heard[pos]
        out.append(
            ((state, pos + 1), SKIP_WORD_COST, None, "k")
            if word in skips
            else ((state, pos + 1), INSERT_COST, None, "i")
        )
    for arc in graph.arcs.get(state, ()):
        label = arc.label
        if label == EPS:
            out.append(((arc.target, pos), 0.0, None, "e"))
            continue
        if is_free(label):
            for end in range(pos + 1, n + 1):
                words = " ".join(heard[pos:end])
                out.append(((arc.target, end), WILDCARD_WORD_COST * (end - pos), words, "w"))
            continue
        bounds = number_bounds(label)
        if bounds is not None:
            said = _numbers(heard, pos, bounds, numbers)
            out += [((arc.target, end), 0.0, words, "n") for end, words in said]
            if not said and pos < n:
                out += [
                    ((arc.target, pos + 1), 1.0 - sim, word, "s")
                    for word, sim in _sounds_like_number(heard[pos], bounds, numbers)
                ]
            out.append(((arc.target, pos), DELETE_COST, None, "d"))
            continue
        out.append(((arc.target, pos), DELETE_COST, label, "d"))
        if pos >= n:
            continue
        sim = similarity(heard[pos], label)
        if sim == 1.0:
            out.append(((arc.target, pos + 1), 0.0, label, "m"))
            continue
        if sim >= MIN_SIMILARITY:
            out.append(((arc.target, pos + 1), 1.0 - sim, label, "s"))
        if pos + 1 < n:
            merged = similarity(heard[pos] + heard[pos + 1], label)
            if merged >= MIN_SIMILARITY:
                out.append(((arc.target, pos + 2), 1.0 - merged + MERGE_PENALTY, label, "s"))
    return out


def _numbers(
    heard: Sequence[str], pos: int, bounds: tuple[int, int], numbers: _Numbers
) -> list[tuple[int, str]]:
    """(end, words) for each run of heard words from `pos` that says a number within bounds."""
    low, high = bounds
    found: list[tuple[int, str]] = []
    for end in range(pos + 1, min(len(heard), pos + MAX_NUMBER_WORDS) + 1):
        words = heard[pos:end]
        value = numbers.value(words)
        if value is not None and low <= value <= high:
            found.append((end, numbers.written(" ".join(words), value)))
    return found


def _sounds_like_number(
    heard: str, bounds: tuple[int, int], numbers: _Numbers
) -> list[tuple[str, float]]:
    """Numbers in range that `heard` sounds like ("to" → "two", "for" → "four"), as written."""
    low, high = bounds
    return [
        (numbers.written(word, value), sim)
        for word, value in numbers.words.items()
        if low <= value <= high and (sim := similarity(heard, word)) >= MIN_SIMILARITY
    ]


def _result(
    key: tuple[int, int],
    cost: float,
    back: dict[tuple[int, int], tuple[tuple[int, int], str | None, str]],
    heard_words: int,
) -> GrammarMatch:
    words: list[str] = []
    kinds: list[str] = []
    while key in back:
        key, output, kind = back[key]
        kinds.append(kind)
        if output is not None:
            words.append(output)
    # Deleted expected words are put back: the grammar sentence is what hassil must parse.
    edits = sum(k in _EDITS for k in kinds)
    anchors = sum(k in _ANCHORS for k in kinds)
    return GrammarMatch(" ".join(reversed(words)), cost, heard_words, edits, anchors)
