"""The loaded intent grammar as a word graph, for matching misheard transcripts against it.

hassil's templates (alternatives, optionals, permutations, rules, slot lists) are compiled into one
epsilon-NFA whose arcs are spoken words, as Home Assistant's speech-to-phrase compiles them into a
finite-state transducer. hassil's own `fst` module does the compilation and the merging of partial
words ("mushroom[s]" → "mushroom" | "mushrooms"); this module first rewrites each template so that
text slot lists become alternatives of their spoken values, number ranges become one `RANGE` arc
and wildcards one `WILDCARD` arc (hassil's FST leaves lists as opaque `{name}` tokens and drops
wildcard sentences).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from hassil import (
    Alternative,
    Intents,
    ListReference,
    Permutation,
    RangeSlotList,
    RuleReference,
    Sequence,
    SlotList,
    TextChunk,
    TextSlotList,
    WildcardSlotList,
)
from hassil.expression import Expression, Sentence
from hassil.fst import EPS, SPACE, Fst, ListReferenceNode, expression_to_fst
from hassil.intents import IntentData

from sayso.understanding.grammar.casing import CasingCounter
from sayso.understanding.hassil.live import LIVE_NUMBER_MAX, LIVE_NUMBERS, LiveSlotList

RANGE_PREFIX = "__range_"
"""Label of a number-range arc: `__range_<start>_<stop>`."""
WILDCARD = "__wildcard"
"""Label of an arc that takes one or more free words (a wildcard slot)."""
LIVE_PREFIX = "__live_"
"""Label of an arc whose words are a live list's current values (`live_label`)."""
_PUNCTUATION = re.compile(r"[^\w\s%'{}-]")
_SPACELESS_CHAR = re.compile(r"([\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])")
"""CJK characters and punctuation: one word each in a spaceless graph."""
_GLUED_RANGE = re.compile(rf"({RANGE_PREFIX}\d+_\d+|{LIVE_PREFIX}[a-z_]+)-?(.*)")
"""A number (range or live list) glued to the word after it by hassil ("{hours}-hour")."""


@dataclasses.dataclass(frozen=True)
class Arc:
    """One transition: `label` is a word, EPS, a range label or WILDCARD."""

    target: int
    label: str


@dataclasses.dataclass
class WordGraph:
    """Epsilon-NFA over spoken words; every path from `start` to a final state is a sentence."""

    arcs: dict[int, list[Arc]]
    start: int
    finals: frozenset[int]
    words: frozenset[str]
    """Every literal word on an arc (the grammar's vocabulary)."""
    skip_words: tuple[str, ...] = ()
    """Words hassil ignores anywhere ("please")."""
    casing: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Lower-case word → the form the templates and names write it in, where not lower case
    (`casing.CasingCounter`): the form a recogniser scores a grammar sentence in."""

    @property
    def size(self) -> int:
        """Number of states."""
        return len(self.arcs)


HEARD_ONLY = "heard_only"
"""A fixed slot marking sentences read only as heard, never searched for in the audio nor
corrected towards: "<command> at 7 pm" (`en/at_clock.yaml`) led the constrained search away from
"What's the thermostat set to?" to "What's the thermostat at 2?" (its command wildcard takes any
words before an "at")."""

def range_label(start: int, stop: int) -> str:
    """Arc label for numbers start..stop (inclusive)."""
    return f"{RANGE_PREFIX}{start}_{stop}"


def live_label(list_name: str) -> str:
    """Arc label of live list `list_name`: its values change without rebuilding the graph.

    A `LiveSlotList` (the live timers' names) compiles to this one arc; the token automaton
    spells its values at decode time, and text matching reads it as a wildcard.
    """
    return f"{LIVE_PREFIX}{list_name}"


def parse_live(label: str) -> str | None:
    """The list name of a live label, or None for any other label."""
    return label[len(LIVE_PREFIX) :] if label.startswith(LIVE_PREFIX) else None


def is_free(label: str) -> bool:
    """Whether text matching reads the arc as free words (a wildcard or a live list of names)."""
    return label == WILDCARD or (label.startswith(LIVE_PREFIX) and number_bounds(label) is None)


def number_bounds(label: str) -> tuple[int, int] | None:
    """The numbers an arc says: a range's, or any a live list of numbers may hold.

    A running timer's length: text matching reads it as a number, the recogniser checks it.
    """
    if parse_live(label) in LIVE_NUMBERS:
        return (0, LIVE_NUMBER_MAX)
    return parse_range(label)


def parse_range(label: str) -> tuple[int, int] | None:
    """(start, stop) of a range label, or None for any other label."""
    if not label.startswith(RANGE_PREFIX):
        return None
    start, _, stop = label[len(RANGE_PREFIX) :].partition("_")
    return int(start), int(stop)


def build_graph(
    intents: Intents,
    slot_lists: Mapping[str, SlotList],
    *,
    spaceless: bool = False,
    skip: frozenset[str] = frozenset(),
) -> WordGraph:
    """Compile every sentence of `intents` with the run-time `slot_lists` into one word graph.

    `spaceless` (Chinese): every character is a word of its own. hassil joins text written
    without spaces into one word, and a sentence of alternatives and slot values then becomes
    one word per path through it (the compile does not end on zh-CN's templates). The intents
    named in `skip` are left out, and so are the sentences marked `HEARD_ONLY`.
    """
    spaced = Fst()
    final = spaced.next_state()
    for name, intent in intents.intents.items():
        if name in skip:
            continue
        for block in intent.data:
            if HEARD_ONLY in (block.slots or {}):
                continue
            for sentence in block.sentences:
                expression = _inline(sentence.expression, block, intents, slot_lists, set())
                if spaceless:
                    expression = _by_character(expression)
                begin = spaced.next_edge(spaced.start, SPACE, SPACE)
                end = expression_to_fst(
                    expression, begin, spaced, block, intents, ListReferenceNode()
                )
                if end is not None:
                    spaced.add_edge(end, final, SPACE, SPACE)
    spaced.accept(final)
    return determinize(_to_graph(_merge_words(spaced), tuple(intents.skip_words)))


def determinize(graph: WordGraph) -> WordGraph:
    """An equivalent graph without epsilon arcs and with one arc per label out of each state.

    hassil compiles every template separately, so thousands of sentences start at the same state
    with "turn", "set", "what"...; after subset construction they share their prefixes and the
    search expands each distinct prefix once (the HA grammar shrinks about tenfold).
    """
    closures: dict[int, frozenset[int]] = {}
    start = _closure(graph, frozenset({graph.start}), closures)
    ids: dict[frozenset[int], int] = {start: 0}
    arcs: dict[int, list[Arc]] = {}
    finals: set[int] = set()
    todo = [start]
    while todo:
        subset = todo.pop()
        state = ids[subset]
        if subset & graph.finals:
            finals.add(state)
        moves: dict[str, set[int]] = {}
        for member in subset:
            for arc in graph.arcs.get(member, ()):
                if arc.label != EPS:
                    moves.setdefault(arc.label, set()).add(arc.target)
        arcs[state] = []
        for label, targets in sorted(moves.items()):
            target = _closure(graph, frozenset(targets), closures)
            if target not in ids:
                ids[target] = len(ids)
                todo.append(target)
            arcs[state].append(Arc(ids[target], label))
    return WordGraph(arcs, 0, frozenset(finals), graph.words, graph.skip_words, graph.casing)


def _closure(
    graph: WordGraph, states: frozenset[int], memo: dict[int, frozenset[int]]
) -> frozenset[int]:
    """`states` and every state reachable from them through epsilon arcs."""
    out: set[int] = set()
    for state in states:
        if state not in memo:
            seen = {state}
            stack = [state]
            while stack:
                for arc in graph.arcs.get(stack.pop(), ()):
                    if arc.label == EPS and arc.target not in seen:
                        seen.add(arc.target)
                        stack.append(arc.target)
            memo[state] = frozenset(seen)
        out |= memo[state]
    return frozenset(out)


def _merge_words(spaced: Fst) -> Fst:
    # remove_spaces() starts below the start state's arcs (hassil puts intent labels there), so
    # give it one epsilon arc to hang the whole graph from.
    root = Fst()
    root.arcs = spaced.arcs
    root.states = spaced.states
    root.final_states = spaced.final_states
    root.current_state = spaced.current_state
    top = root.next_state()
    root.arcs[top] = root.arcs.pop(root.start)
    root.arcs[root.start] = []
    root.add_edge(root.start, top)
    return root.remove_spaces()


def _to_graph(fst: Fst, skip_words: tuple[str, ...]) -> WordGraph:
    arcs: dict[int, list[Arc]] = {state: [] for state in fst.states}
    words: set[str] = set()
    labels: Counter[tuple[str, bool]] = Counter()  # (label as written, may open a sentence)
    opening = _epsilon_reach(fst, fst.start)
    next_state = max(fst.states, default=0) + 1
    for state, fst_arcs in fst.arcs.items():
        for arc in fst_arcs:
            label = arc.in_label if arc.in_label == EPS else _clean(arc.in_label)
            if label and label != EPS and not label.startswith("__"):
                labels[arc.in_label, state in opening] += 1
            arcs.setdefault(arc.to_state, [])
            glued = _GLUED_RANGE.fullmatch(label or "")
            if glued and glued.group(2):
                # "{hours}-hour": the number, then the rest as its own word ("5 hour")
                arcs.setdefault(state, []).append(Arc(next_state, glued.group(1)))
                arcs[next_state] = [Arc(arc.to_state, glued.group(2))]
                next_state += 1
                words.add(glued.group(2))
                continue
            arcs.setdefault(state, []).append(Arc(arc.to_state, label or EPS))
            if label and label != EPS and not label.startswith("__"):
                words.add(label)
    skips = tuple(_clean(w) for w in skip_words if _clean(w))
    written = CasingCounter()
    for (label, first), count in labels.items():
        written.add(_unpunctuated(label), opening=first, count=count)
    return WordGraph(
        arcs, fst.start, frozenset(fst.final_states), frozenset(words), skips, written.casing()
    )


def _epsilon_reach(fst: Fst, state: int) -> set[int]:
    """States reached from `state` through epsilon arcs: their words may open a sentence."""
    seen, todo = {state}, [state]
    while todo:
        for arc in fst.arcs.get(todo.pop(), ()):
            if arc.in_label == EPS and arc.to_state not in seen:
                seen.add(arc.to_state)
                todo.append(arc.to_state)
    return seen


def _clean(word: str) -> str:
    if word.startswith("__"):
        return word
    return _unpunctuated(word).lower()


def _unpunctuated(word: str) -> str:
    return _PUNCTUATION.sub("", word).replace("-", " ").strip()


def _inline(
    expr: Expression,
    block: IntentData,
    intents: Intents,
    slot_lists: Mapping[str, SlotList],
    rules_seen: set[str],
) -> Expression:
    """`expr` with rules and lists replaced by what can be said for them."""
    if isinstance(expr, TextChunk):
        return expr
    if isinstance(expr, RuleReference):
        rule = block.expansion_rules.get(expr.rule_name) or intents.expansion_rules.get(
            expr.rule_name
        )
        if rule is None or expr.rule_name in rules_seen:
            return _dead()
        body = _inline(rule.expression, block, intents, slot_lists, rules_seen | {expr.rule_name})
        return Sequence([body])
    if isinstance(expr, ListReference):
        return _list_expression(expr, block, intents, slot_lists)
    if isinstance(expr, (Alternative, Permutation, Sequence)):
        items = [_inline(i, block, intents, slot_lists, rules_seen) for i in expr.items]
        return dataclasses.replace(expr, items=items)
    return expr


def _list_expression(
    ref: ListReference, block: IntentData, intents: Intents, slot_lists: Mapping[str, SlotList]
) -> Expression:
    slot_list = (
        slot_lists.get(ref.list_name)
        or block.slot_lists.get(ref.list_name)
        or intents.slot_lists.get(ref.list_name)
    )
    if isinstance(slot_list, LiveSlotList):
        return TextChunk(live_label(ref.list_name))
    if isinstance(slot_list, RangeSlotList):
        return TextChunk(range_label(slot_list.start, slot_list.stop))
    if isinstance(slot_list, WildcardSlotList):
        return TextChunk(WILDCARD)
    if isinstance(slot_list, TextSlotList) and slot_list.values:
        values = [_value_expression(v.text_in) for v in slot_list.values]
        return Alternative(items=[Sequence([v]) for v in values])
    return _dead()


def _value_expression(text_in: Any) -> Expression:
    if isinstance(text_in, Sentence):
        return text_in.expression
    if isinstance(text_in, TextChunk):
        # cased as written: `_to_graph` lowers every label and counts how it was written
        return TextChunk(_unpunctuated(text_in.original_text) or text_in.original_text)
    return text_in


def _by_character(expr: Expression) -> Expression:
    """`expr` with every character of a spaceless script a word of its own."""
    if isinstance(expr, TextChunk):
        if expr.original_text.startswith("__"):
            return expr
        text = _SPACELESS_CHAR.sub(r" \1 ", expr.original_text)
        return TextChunk(f" {' '.join(text.split())} " if text.strip() else expr.original_text)
    if isinstance(expr, (Alternative, Permutation, Sequence)):
        return dataclasses.replace(expr, items=[_by_character(i) for i in expr.items])
    return expr


def _dead() -> Expression:
    # An unknown list or rule: hassil's compiler treats an unresolved reference as a dead branch.
    return ListReference(list_name="__missing")


def iter_sentences(graph: WordGraph, limit: int) -> Iterator[tuple[str, ...]]:
    """Up to `limit` word sequences of the graph, depth first (for tests and debugging)."""
    stack: list[tuple[int, tuple[str, ...], int]] = [(graph.start, (), 0)]
    found = 0
    while stack and found < limit:
        state, words, depth = stack.pop()
        if state in graph.finals:
            found += 1
            yield words
        if depth > 64:
            continue
        for arc in graph.arcs.get(state, ()):
            step = words if arc.label == EPS else (*words, arc.label)
            stack.append((arc.target, step, depth + 1))
