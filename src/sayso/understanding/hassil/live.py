"""Lists whose values are the live state, not the home's configuration: running timers, list items.

Home Assistant's templates read a timer name and a list item as wildcards, both where one is
created ("set a timer called pizza", "add apples to my list") and where an existing one is meant
("pause the pizza timer", "check apples off my list"). Only the first is free: the second can
name only a timer that runs, an item that is on a list. Read as a wildcard, a misheard name is
taken as heard ("pause beats a timer", a timer nobody has); read as the live values, the
constrained search compares "pizza" with the other readings by the audio.

The values change as timers start and items come and go, far more often than the home. So the
grammar keeps one live arc per list (`graph.live_label`) and never recompiles for it (the HA graph
takes ~4.6 s to build); the token automaton spells the current values, and hassil parses with them.

A transcript that names nothing live still parses, by the wildcard templates (`fallback`), as a
reading with free words: the understanding step then looks for a constrained sentence that names
a live value instead (its "narrowed" path), and if the audio supports none, the action says there
is no such timer or item, as before, rather than the turn going unanswered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Sequence as Seq
from typing import Final

from hassil import (
    Alternative,
    Intents,
    ListReference,
    Permutation,
    Sequence,
    SlotList,
    TextChunk,
    TextSlotList,
    TextSlotValue,
    WildcardSlotList,
)
from hassil.expression import Expression, Sentence
from hassil.util import normalize_text

TIMER_NAME: Final = "timer_name"
"""HA's list of timer names."""
TIMER_STARTS: Final[Mapping[str, tuple[str, str]]] = {
    "start_hours": ("timer_hours", "timer_start_hours"),
    "start_minutes": ("timer_minutes", "timer_start_minutes"),
    "start_seconds": ("timer_seconds", "timer_start_seconds"),
}
"""Slot → (HA's number range, sayso's live list of the running timers' values). HA's templates
fill the amount ("add {timer_minutes:minutes} minutes") and the timer's length ("to the
{timer_minutes:start_minutes} minute timer") from one range; only the length is live, so its
references are renamed to the live list in the referring blocks."""
TODO_ITEM: Final = "todo_list_item"
"""HA's list of to-do list items."""
SHOPPING_ITEM: Final = "shopping_list_item"
"""HA's list of shopping list items."""
_EXISTING_TIMER: Final = frozenset({
    "HassCancelTimer", "HassPauseTimer", "HassUnpauseTimer", "HassTimerStatus",
    "HassIncreaseTimer", "HassDecreaseTimer",
})  # fmt: skip
REFERRING: Final[Mapping[str, frozenset[str]]] = {
    TIMER_NAME: _EXISTING_TIMER,
    **{live: _EXISTING_TIMER for _range, live in TIMER_STARTS.values()},
    TODO_ITEM: frozenset({"HassListCompleteItem", "HassListRemoveItem"}),
    SHOPPING_ITEM: frozenset({"HassShoppingListCompleteItem"}),
}
"""Per live list, the intents whose value names one that exists (HassStartTimer, HassListAddItem
and HassShoppingListAddItem name a new one and keep the wildcard)."""

NameSource = Callable[[], Seq[str]]
"""Returns a live list's values now (read at each recognition, so it must be cheap); a timer
length list gives whole numbers as text ("30")."""
MAX_WORDS: Final = 999
"""Largest timer length said in words (`spelling.number_words` covers 0..999)."""
LIVE_NUMBERS: Final = frozenset(live for _range, live in TIMER_STARTS.values())
"""The live lists that hold numbers."""
LIVE_NUMBER_MAX: Final = MAX_WORDS
"""Largest number text matching reads for a live list of numbers."""
_RANGES: Final = {live: (slot, range_name) for slot, (range_name, live) in TIMER_STARTS.items()}


@dataclasses.dataclass
class LiveSlotList(TextSlotList):
    """A text list whose values are replaced as the live state changes (`LiveLists.refresh`)."""


class LiveLists:
    """The live values, put into the templates that refer to something that exists."""

    def __init__(self, sources: Mapping[str, NameSource], language: str = "en") -> None:
        unknown = set(sources) - set(REFERRING)
        if unknown:
            raise ValueError(f"no live list {sorted(unknown)}; known: {sorted(REFERRING)}")
        self._sources = dict(sources)
        self._language = language
        self._values: dict[str, tuple[str, ...] | None] = dict.fromkeys(sources)
        self._lists = {name: LiveSlotList(name=name, values=[]) for name in sources}
        self._spoken: dict[str, list[tuple[str, ...]]] = {name: [] for name in sources}

    def attach(self, intents: Intents) -> None:
        """Give every block of the referring intents its live list (a block-local list)."""
        for name, slot_list in self._lists.items():
            for intent_name in REFERRING[name]:
                intent = intents.intents.get(intent_name)
                for block in intent.data if intent else ():
                    if name in _RANGES:
                        _rename(block.sentences, *_RANGES[name], name)
                    block.slot_lists[name] = slot_list

    def refresh(self, intents: Intents | None) -> None:
        """Read the sources; on a change, put a new list into the attached blocks.

        hassil indexes a list's values once, so the values are never changed in place.
        """
        changed = False
        for name, source in self._sources.items():
            values = _unique(source())
            if values != self._values[name]:
                self._values[name] = values
                said = [forms for v in values if (forms := self._said(name, v))]
                self._spoken[name] = said
                out = (int(f[0]) if name in _RANGES else f[0] for f in said)
                self._lists[name] = LiveSlotList(
                    name=name,
                    values=[
                        TextSlotValue(text_in=TextChunk(text), value_out=value)
                        for forms, value in zip(said, out, strict=True)
                        for text in forms
                    ],
                )
                changed = True
        if changed and intents is not None:
            self.attach(intents)

    def fallback(self, intents: Intents) -> Intents:
        """The referring intents of `intents` with HA's wildcards (sharing everything else)."""
        wildcards: dict[str, SlotList] = {
            name: intents.slot_lists.get(_RANGES[name][1]) or WildcardSlotList(name=name)
            if name in _RANGES
            else WildcardSlotList(name=name)
            for name in self._lists
        }
        referring = set().union(*(REFERRING[name] for name in self._lists))
        kept = {
            name: dataclasses.replace(
                intent,
                data=[
                    dataclasses.replace(block, slot_lists={**block.slot_lists, **wildcards})
                    for block in intent.data
                ],
            )
            for name, intent in intents.intents.items()
            if name in referring
        }
        return dataclasses.replace(intents, intents=kept)

    def values(self) -> dict[str, tuple[str, ...]]:
        """Each live list's spoken values, as the token automaton spells them.

        A number is given in words where the language has them: the automaton adds its digits.
        """
        return {name: tuple(said[-1] for said in self._spoken[name]) for name in self._values}

    def _said(self, name: str, value: str) -> tuple[str, ...]:
        """The texts `value` is said as: a name as it is, a number as digits and words."""
        if name not in _RANGES:
            return (normalize_text(value),)
        from sayso.understanding.grammar.spelling import number_words  # imports graph, this

        if not value.isdigit():
            return ()
        words = number_words(int(value), self._language) if int(value) <= MAX_WORDS else None
        return tuple(dict.fromkeys((value, *(w for w in [words] if w))))


def _rename(sentences: Iterable[Sentence], slot: str, old: str, new: str) -> None:
    """Point the references to range `old` that fill `slot` at list `new` (in place, once)."""
    stack: list[Expression | Sentence] = list(sentences)
    while stack:
        expr = stack.pop()
        if isinstance(expr, ListReference) and expr.list_name == old and expr.slot_name == slot:
            expr.list_name = new
        elif isinstance(expr, Sentence):
            stack.append(expr.expression)
        elif isinstance(expr, (Alternative, Permutation, Sequence)):
            stack.extend(expr.items)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
