"""Could this command go on? The grammar's answer for the end-of-turn decision.

A pause after "set the thermostat to twenty" or "turn off the lights" is ambiguous: both are
complete commands, and both have longer sentences in the grammar ("twenty two degrees", "… in
the kitchen"). The words are walked through the word graph exactly (no edit costs: they are the
sentence the understanding step parsed). The answer, for the readings that end in a final state
(a complete sentence): "number" when the last words are a round ten a unit can still follow
("twenty" → "twenty two"); "amount" when the sentence ends in an amount ("… ninety minutes",
"… at seven") that another amount can follow, straight or after one word ("… and thirty
seconds", "… thirty"): people say a compound amount in two breaths, and a timer set from its
first half is wrong; "words" when the grammar has more words after it (a literal word or a
number range: "… in the kitchen", "… degrees"); "no" when the sentence cannot go on. A
free-text slot is not counted (such a command is "open" to the end-of-turn decision already),
nor are hassil's skip words ("please"): every sentence could take them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sayso.understanding.grammar.graph import WordGraph, is_free, number_bounds
from sayso.understanding.grammar.match import MAX_NUMBER_WORDS
from sayso.understanding.numbers import parse_number_words

Continuation = Literal["no", "words", "number", "amount"]
_TENS_LIMIT = 90
"""The highest round ten a unit can follow ("ninety" → "ninety nine")."""
_AMOUNT_TAIL = 1
"""Words an amount may end before the sentence does and still count as its end ("minutes")."""


def could_continue(graph: WordGraph, words: Sequence[str]) -> Continuation | None:
    """How a complete sentence of `words` could go on; None: the words are no sentence."""
    n = len(words)
    if n == 0:
        return None
    skips = frozenset(graph.skip_words)
    # (state, words consumed, the last words are a round ten a unit may follow,
    #  words since the last number: _AMOUNT_TAIL + 1 means "more than the tail" or none)
    far = _AMOUNT_TAIL + 1
    frontier: set[tuple[int, int, bool, int]] = {(graph.start, 0, False, far)}
    seen: set[tuple[int, int, bool, int]] = set()
    ends: list[tuple[int, bool, int]] = []
    while frontier:
        state, pos, extensible, since = item = frontier.pop()
        if item in seen:
            continue
        seen.add(item)
        if pos == n:
            ends.append((state, extensible, since))
            continue
        if words[pos] in skips:
            frontier.add((state, pos + 1, False, far))  # "… minutes, please": said and done
        frontier |= {(target, end, ext, _since(kind, since, end - pos, far))
                     for target, end, ext, kind in _moves(graph, words, state, pos)}
    complete = [(s, e, k) for s, e, k in ends if s in graph.finals]
    if not complete:
        return None
    if any(e for _, e, _ in complete):
        return "number"
    if any(k <= _AMOUNT_TAIL and _takes_amount(graph, s) for s, _, k in complete):
        return "amount"
    literal = any(not is_free(a.label) for s, _, _ in complete for a in graph.arcs.get(s, ()))
    return "words" if literal else "no"


def _since(kind: str, since: int, taken: int, far: int) -> int:
    """Words since the last number after an arc of `kind` took `taken` words (`far`: none)."""
    if kind == "number":
        return 0
    return far if kind == "free" else min(far, since + taken)  # free text is no unit


def _takes_amount(graph: WordGraph, state: int) -> bool:
    """Whether a number can follow `state`, straight or after one literal word ("and")."""
    for arc in graph.arcs.get(state, ()):
        if number_bounds(arc.label) is not None:
            return True
        if is_free(arc.label):
            continue
        if any(number_bounds(a.label) is not None for a in graph.arcs.get(arc.target, ())):
            return True
    return False


def _moves(
    graph: WordGraph, words: Sequence[str], state: int, pos: int
) -> list[tuple[int, int, bool, str]]:
    """(target, words consumed to, a round ten a unit may follow, "word", "number" or "free")."""
    out: list[tuple[int, int, bool, str]] = []
    for arc in graph.arcs.get(state, ()):
        if is_free(arc.label):
            out += [(arc.target, end, False, "free") for end in range(pos + 1, len(words) + 1)]
            continue
        bounds = number_bounds(arc.label)
        if bounds is None:
            if arc.label == words[pos]:
                out.append((arc.target, pos + 1, False, "word"))
            continue
        low, high = bounds
        for end in range(pos + 1, min(len(words), pos + MAX_NUMBER_WORDS) + 1):
            value = parse_number_words(words[pos:end])
            if value is not None and low <= value <= high:
                round_ten = value % 10 == 0 and 20 <= value <= _TENS_LIMIT
                out.append((arc.target, end, round_ten and value + 1 <= high, "number"))
    return out
