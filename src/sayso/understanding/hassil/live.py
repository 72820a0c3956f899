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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

from hassil import Intents, TextChunk, TextSlotList, TextSlotValue, WildcardSlotList
from hassil.util import normalize_text

TIMER_NAME: Final = "timer_name"
"""HA's list of timer names."""
TODO_ITEM: Final = "todo_list_item"
"""HA's list of to-do list items."""
SHOPPING_ITEM: Final = "shopping_list_item"
"""HA's list of shopping list items."""
REFERRING: Final[Mapping[str, frozenset[str]]] = {
    TIMER_NAME: frozenset({
        "HassCancelTimer", "HassPauseTimer", "HassUnpauseTimer", "HassTimerStatus",
        "HassIncreaseTimer", "HassDecreaseTimer",
    }),
    TODO_ITEM: frozenset({"HassListCompleteItem", "HassListRemoveItem"}),
    SHOPPING_ITEM: frozenset({"HassShoppingListCompleteItem"}),
}  # fmt: skip
"""Per live list, the intents whose value names one that exists (HassStartTimer, HassListAddItem
and HassShoppingListAddItem name a new one and keep the wildcard)."""

NameSource = Callable[[], Sequence[str]]
"""Returns a live list's values now (read at each recognition, so it must be cheap)."""


@dataclasses.dataclass
class LiveSlotList(TextSlotList):
    """A text list whose values are replaced as the live state changes (`LiveLists.refresh`)."""


class LiveLists:
    """The live values, put into the templates that refer to something that exists."""

    def __init__(self, sources: Mapping[str, NameSource]) -> None:
        unknown = set(sources) - set(REFERRING)
        if unknown:
            raise ValueError(f"no live list {sorted(unknown)}; known: {sorted(REFERRING)}")
        self._sources = dict(sources)
        self._values: dict[str, tuple[str, ...] | None] = dict.fromkeys(sources)
        self._lists = {name: LiveSlotList(name=name, values=[]) for name in sources}

    def attach(self, intents: Intents) -> None:
        """Give every block of the referring intents its live list (a block-local list)."""
        for name, slot_list in self._lists.items():
            for intent_name in REFERRING[name]:
                intent = intents.intents.get(intent_name)
                for block in intent.data if intent else ():
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
                self._lists[name] = LiveSlotList(name=name, values=[_value(v) for v in values])
                changed = True
        if changed and intents is not None:
            self.attach(intents)

    def fallback(self, intents: Intents) -> Intents:
        """The referring intents of `intents` with HA's wildcards (sharing everything else)."""
        wildcards = {name: WildcardSlotList(name=name) for name in self._lists}
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
        """Each live list's spoken values, as the token automaton spells them."""
        return {
            name: tuple(normalize_text(v) for v in values or ())
            for name, values in self._values.items()
        }


def _value(text: str) -> TextSlotValue:
    return TextSlotValue(text_in=TextChunk(normalize_text(text)), value_out=text)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
