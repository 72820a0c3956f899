"""Sample sentences from a hassil grammar with balanced coverage of templates and slot values.

Enumerating a grammar explodes (pizza alone has millions of orders), and sampling uniformly at
random leaves rare values out. Here each template gets its turn in round-robin order and, inside
it, every choice (an alternative, an optional part, a slot value) takes the branch used least so
far, ties broken by the seeded generator: after a few passes every value has been said in every
place it can go.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, Final

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

from sayso.errors import BadInput
from sayso.understanding.hassil.live import LiveSlotList

WILDCARD_FILLERS: Final[tuple[str, ...]] = (
    "dinner is ready",
    "call me back",
    "the movie",
    "jazz",
    "hello there",
    "i am on my way",
)
"""What a wildcard slot is filled with (free text the recogniser must pass through)."""
MAX_ATTEMPTS_PER_SENTENCE: Final[int] = 20
"""Draws allowed per new sentence before the grammar counts as exhausted."""
SPACES: Final[re.Pattern[str]] = re.compile(r"\s+")
SMALL_NUMBERS: Final[tuple[str, ...]] = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)
"""Numbers said and written as words, as Whisper writes them in short commands; larger ones are
written as digits."""
MAX_DEPTH: Final[int] = 200
"""Longest choice path; beyond it a rule is taken to refer to itself."""
MAX_RANGE_VALUES: Final[int] = 100
"""A number range is sampled among at most this many values (spread over the range)."""


class _Unsayable(Exception):
    """A template refers to a list with nothing in it (e.g. areas of a home without areas)."""


class BalancedSampler:
    """Draws sentences from one grammar; call `sample(n)` for `n` distinct sentences."""

    def __init__(self, intents: Intents, slot_lists: Mapping[str, SlotList], seed: int = 0) -> None:
        self._intents = intents
        self._lists = slot_lists
        self._rng = random.Random(seed)
        self._used: Counter[tuple[Any, ...]] = Counter()
        self._templates = [
            (block, sentence)
            for intent in intents.intents.values()
            for block in intent.data
            for sentence in block.sentences
        ]
        if not self._templates:
            raise BadInput("the grammar has no sentences to learn from")

    def sample(self, count: int) -> list[str]:
        """Up to `count` distinct sentences (fewer when the grammar says fewer things)."""
        seen: dict[str, None] = {}
        attempts = 0
        while len(seen) < count and attempts < count * MAX_ATTEMPTS_PER_SENTENCE:
            block, sentence = self._templates[attempts % len(self._templates)]
            attempts += 1
            try:
                # Text chunks carry their own spaces ("pizza[s]" is "pizza" + "s" | "").
                words = "".join(self._walk(sentence.expression, block, ("t", id(sentence))))
            except _Unsayable:
                continue
            text = SPACES.sub(" ", words).strip()
            if text:
                seen.setdefault(text, None)
        return list(seen)

    def _choose(self, key: tuple[Any, ...], options: int) -> int:
        counts = [self._used[(*key, i)] for i in range(options)]
        fewest = min(counts)
        index = self._rng.choice([i for i, c in enumerate(counts) if c == fewest])
        self._used[(*key, index)] += 1
        return index

    def _walk(self, expr: Any, block: Any, key: tuple[Any, ...]) -> Iterator[str]:
        if isinstance(expr, TextChunk):
            yield expr.text
        elif isinstance(expr, Alternative):
            index = self._choose(key, len(expr.items))
            yield from self._walk(expr.items[index], block, (*key, index))
        elif isinstance(expr, Permutation):
            order = list(range(len(expr.items)))
            self._rng.shuffle(order)
            for i in order:
                yield from self._walk(expr.items[i], block, (*key, i))
        elif isinstance(expr, Sequence):
            for i, item in enumerate(expr.items):
                yield from self._walk(item, block, (*key, i))
        elif isinstance(expr, RuleReference):
            yield from self._rule(expr.rule_name, block, key)
        elif isinstance(expr, ListReference):
            yield from self._list(expr.list_name, block)

    def _rule(self, name: str, block: Any, key: tuple[Any, ...]) -> Iterator[str]:
        rule = block.expansion_rules.get(name) or self._intents.expansion_rules.get(name)
        if rule is None or len(key) > MAX_DEPTH:  # deep keys mean a rule that refers to itself
            raise _Unsayable(name)
        yield from self._walk(rule.expression, block, (*key, "r", name))

    def _list(self, name: str, block: Any) -> Iterator[str]:
        slot_list = (
            self._lists.get(name)
            or block.slot_lists.get(name)
            or self._intents.slot_lists.get(name)
        )
        if isinstance(slot_list, TextSlotList) and slot_list.values:
            value = slot_list.values[self._choose(("l", name), len(slot_list.values))]
            yield from self._walk(value.text_in, block, ("v", name, id(value)))
        elif isinstance(slot_list, RangeSlotList):
            numbers = range(slot_list.start, slot_list.stop + 1, slot_list.step or 1)
            stride = max(1, len(numbers) // MAX_RANGE_VALUES)
            picked = numbers[::stride][self._choose(("n", name), len(numbers[::stride]))]
            yield SMALL_NUMBERS[picked] if 0 <= picked < len(SMALL_NUMBERS) else str(picked)
        elif isinstance(slot_list, (WildcardSlotList, LiveSlotList)):
            # Nothing live now (no timer runs): the sentence is said with a name all the same.
            yield WILDCARD_FILLERS[self._choose(("w", name), len(WILDCARD_FILLERS))]
        else:
            raise _Unsayable(name)
