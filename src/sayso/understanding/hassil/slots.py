"""Slot lists built from the home, and hassil match entities turned into `Slot` events."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Final

from hassil import SlotList, TextChunk, TextSlotList, TextSlotValue
from hassil.models import MatchEntity
from hassil.util import normalize_text
from sayso import languages
from sayso.events.understanding import Slot
from sayso.understanding.base import HomeVocabulary

TODO_DOMAIN = "todo"
"""Domain of to-do / shopping lists in the `name` list (HA's HassListAddItem requires it)."""

NUMERIC_SLOTS = frozenset({
    "brightness", "temperature", "position", "percentage", "hours", "minutes", "seconds",
    "volume", "volume_level", "volume_step", "fan_speed", "color_temperature", "quantity",
    "start_hours", "start_minutes", "start_seconds",
})  # fmt: skip
"""Slots the actions worker receives as int or float, never as text."""
LIST_ITEM_INTENTS: Final = frozenset({
    "HassShoppingListAddItem", "HassShoppingListCompleteItem", "HassListAddItem",
    "HassListRemoveItem", "HassListCompleteItem", "SaysoListHas",
})  # fmt: skip
"""Intents whose `item` slot is a thing on a list, written without its article."""


def home_slot_lists(home: HomeVocabulary, contacts: Iterable[str] = ()) -> dict[str, SlotList]:
    """The run-time lists: `name`, `area`, `floor` and `contact_name`.

    Entities carry the context HA gives them ({"domain": ..., "area": ...}) so that template
    blocks with `requires_context: {domain: light}` accept only lights. To-do lists join `name`
    with domain "todo" and their own name as value (HA's HassListAddItem says "{name} list").
    """
    names: list[TextSlotValue] = []
    for entity in home.entities:
        context: dict[str, Any] = {"domain": entity.entity_id.partition(".")[0]}
        if entity.area:
            context["area"] = entity.area
        if entity.device_class:
            # HA gives a name its entity's attributes as context; sayso's templates for binary
            # sensors require the class ("is the phone battery low?" needs a battery sensor).
            context["device_class"] = entity.device_class
        for spoken in _unique((entity.name, *entity.aliases)):
            names.append(_value(spoken, entity.entity_id, context))
    for list_name in home.lists:
        # "to-do" is also written "to do" and "todo" (Whisper writes all three).
        written = (list_name, list_name.replace("-", " "), list_name.replace("-", ""))
        names += [_value(w, list_name, {"domain": TODO_DOMAIN}) for w in _unique(written)]
    return {
        "name": TextSlotList(name="name", values=names),
        "area": _spoken_list("area", home, home.areas),
        "floor": _spoken_list("floor", home, home.floors),
        "contact_name": _plain_list("contact_name", contacts),
    }


def _value(spoken: str, value: Any, context: dict[str, Any]) -> TextSlotValue:
    return TextSlotValue(
        text_in=TextChunk(normalize_text(spoken)), value_out=value, context=context
    )


def _plain_list(name: str, values: Iterable[str]) -> TextSlotList:
    return TextSlotList(name=name, values=[_value(v, v, {}) for v in _unique(values)])


def _spoken_list(name: str, home: HomeVocabulary, values: Iterable[str]) -> TextSlotList:
    """Each value under the names said for it in this language (value: the home's own name)."""
    slot_values = [
        _value(said, value, {}) for value in _unique(values) for said in _unique(home.said(value))
    ]
    return TextSlotList(name=name, values=slot_values)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def to_slots(entities: Iterable[MatchEntity], drop_area: str | None = None) -> tuple[Slot, ...]:
    """Convert match entities, leaving out an `area` equal to `drop_area` (the placeholder)."""
    slots: list[Slot] = []
    for entity in entities:
        if entity.name == "area" and drop_area is not None and entity.value == drop_area:
            continue
        slots.append(Slot(entity.name, _normalise(entity), entity.text.strip()))
    return tuple(slots)


def list_item_slots(
    intent: str, slots: tuple[Slot, ...], language: str, free: frozenset[str], sentence: str
) -> tuple[Slot, ...]:
    """`slots` with a list item's leading article dropped ("remove the apples" → "apples").

    Whisper writes an article the speaker did not say, and one said is no part of the thing:
    the list holds "apples", and "add apples" later is the same item. Only an item the words
    filled (a slot in `free`, a wildcard): an item read from the live list is an entry's own
    name ("die Milch" added before), which the list must find as it is. `sentence`: the words
    read, so an item that begins it may start with a capital ("Die Milch auf die Liste").
    """
    if intent not in LIST_ITEM_INTENTS or "item" not in free:
        return slots
    return tuple(
        _without_article(s, language, sentence)
        if s.name == "item" and isinstance(s.value, str)
        else s
        for s in slots
    )


def _without_article(slot: Slot, language: str, sentence: str) -> Slot:
    # The words said stay the slot's `text`; HA's French sentences already say "du|des|de la"
    # outside the item.
    first = bool(slot.text) and sentence.lstrip().lower().startswith(slot.text.lower())
    value = languages.without_article(slot.value, language, first=first)
    return dataclasses.replace(slot, value=value)


def _normalise(entity: MatchEntity) -> Any:
    value = entity.value
    if entity.is_wildcard and isinstance(value, str):
        return value.strip()
    if entity.name in NUMERIC_SLOTS:
        return _number(value)
    return value


def _number(value: Any) -> Any:
    """Ranges come out of hassil as floats ("50%" → 50.0); whole numbers become int."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return value  # e.g. HA's "half" minute: the action decides
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
