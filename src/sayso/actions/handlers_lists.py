"""List handlers, and the catch-all for custom intents that have no code."""

from __future__ import annotations

import json
import re
from typing import Final

from sayso import languages
from sayso.actions.clock import to_utc_iso
from sayso.actions.lists import CONJUNCTIONS, ListItem, as_written, match_list, split_items
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.events.actions import StateChange
from sayso.events.understanding import IntentRecognized
from sayso.languages import listed


def _list(ctx: Context, spoken: str | None) -> str:
    if not spoken:
        raise ActionFailed("invalid_value", "Which list?", "which_list")
    found = match_list(spoken, ctx.home.lists)
    if found is None:
        known = " and ".join(ctx.home.lists) or "none"
        raise ActionFailed(
            "no_such_list",
            f"Sorry, there is no {spoken} list. Your lists: {known}.",
            values={"list": spoken},
        )
    return found


SHOPPING: Final = "shopping"
"""The shopping list's name in the home (`HomeSpec.lists`)."""


def _shopping(ctx: Context) -> str:
    return _list(ctx, SHOPPING)


def _item(intent: IntentRecognized) -> str:
    item = str(intent.slot("item") or "").strip()
    if not item:
        raise ActionFailed("invalid_value", "What item?", "which_item")
    return as_written(item, intent.text)


def _entry(ctx: Context, list_name: str, item: str) -> ListItem:
    entry = ctx.lists.find(list_name, item)
    if entry is None:
        raise ActionFailed(
            "no_such_item",
            f"I can't find {item} on your {list_name} list.",
            values={"item": item, "list": list_name},
        )
    return entry


def _add(ctx: Context, list_name: str, item: str, language: str = "en") -> Outcome:
    """Add `item`; to the shopping list, each of "eggs, bread and milk" as an item of its own.

    A to-do is kept whole ("pick up milk and eggs" is one errand).
    """
    # Each item without its article, as the item slot is (the brain's tool fills none).
    parts = split_items(item, language) if list_name == SHOPPING else [item]
    added = [languages.without_article(one, language) for one in parts]
    changes = [ctx.lists.add(list_name, one, ctx.now) for one in added]
    items = [i.item for i in ctx.lists.items(list_name)]
    said = languages.listed(added, CONJUNCTIONS.get(languages.base(language), "and"))
    speech = f"Added {said} to your {list_name} list."
    data = {"list": list_name, "items": items, "added": added}
    return Outcome(speech, changes, data, {"slots": {"item": said}})


def shopping_add(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassShoppingListAddItem."""
    return _add(ctx, _shopping(ctx), _item(intent), intent.language)


_NOT_AN_ITEM: Final = re.compile(
    r"\b(?:to|from|on|timer|timers|alarm|alarms|reminders?|list|minutes?|hours?|seconds?|it|that"
    r"|this)\b"
)
"""Words that show a bare "add …" is another command misheard or unread ("add 5 minutes to the
pizza timer", "add it"), not a thing to buy."""


BARE_INTENTS: Final = frozenset({"HassShoppingListAddItem", "HassListRemoveItem"})
"""Intents read with no list said (slot `bare`): "add milk", "remove bananas"."""
_NO_THING: Final = frozenset({"a", "an", "the", "some", "my", "more", "and", "of", "please"})
"""Words that name no thing to buy on their own ("add the", "add some")."""


def bare_item(intent: IntentRecognized) -> bool:
    """False for a bare "add …" or "remove …" (slot `bare`) whose words are not a list's thing."""
    if intent.intent not in BARE_INTENTS or not intent.slot("bare"):
        return True
    words = re.findall(r"[\w']+", str(intent.slot("item") or "").lower())
    named = [w for w in words if w not in _NO_THING]
    return bool(named) and _NOT_AN_ITEM.search(" ".join(words)) is None


def shopping_complete(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassShoppingListCompleteItem.

    With slot `anywhere` ("check off eggs", no list said): the shopping list first, then any
    list that holds the item.
    """
    item = _item(intent)
    return _complete(ctx, _holding(ctx, item) if intent.slot("anywhere") else _shopping(ctx), item)


def _holding(ctx: Context, item: str) -> str:
    """The list an item named with no list is on: the shopping list first, then any other."""
    holding = [n for n in ctx.home.lists if ctx.lists.find(n, item) is not None]
    return holding[0] if holding and SHOPPING not in holding else _shopping(ctx)


def list_has(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoListHas ("is milk on my shopping list"): yes or no, nothing changed."""
    list_name = list_of(ctx, intent)
    item = _item(intent)  # "¿está la leche …?": read as "leche" (`slots.list_item_slots`)
    entry = ctx.lists.find(list_name, item)
    data = {"list": list_name, "item": entry.item if entry else item, "on_list": entry is not None}
    if entry is None:
        return Outcome(f"No, your {list_name} list doesn't have {item}.", data=data)
    return Outcome(f"Yes, your {list_name} list has {entry.item}.", data=data)


def list_add(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassListAddItem: `name` is the list, `item` the entry."""
    return _add(ctx, _list(ctx, intent.slot("name")), _item(intent), intent.language)


def list_remove(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassListRemoveItem.

    With slot `bare` ("remove bananas", no list said): the shopping list first, then any list
    that holds the item.
    """
    if intent.slot("bare"):
        list_name = _holding(ctx, _item(intent))
    else:
        list_name = _list(ctx, intent.slot("name"))
    entry = _entry(ctx, list_name, _item(intent))
    change = ctx.lists.remove(entry)
    speech = f"Removed {entry.item} from your {list_name} list."
    return Outcome(speech, [change], {"list": list_name}, _said(entry))


def list_complete(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassListCompleteItem."""
    return _complete(ctx, _list(ctx, intent.slot("name")), _item(intent))


def _complete(ctx: Context, list_name: str, item: str) -> Outcome:
    entry = _entry(ctx, list_name, item)
    change = ctx.lists.complete(entry)
    speech = f"Checked {entry.item} off your {list_name} list."
    return Outcome(speech, [change], {"list": list_name}, _said(entry))


def _said(entry: ListItem) -> dict[str, object]:
    # The reply names the entry as the list holds it ("apples"), not as heard ("the Apple's").
    return {"slots": {"item": entry.item}}


def list_items(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoListItems: what is still on a list (`name`; the shopping list when none is said)."""
    list_name = list_of(ctx, intent)
    items = [i.item for i in ctx.lists.items(list_name)]
    if not items:
        speech = f"Your {list_name} list is empty."
    elif len(items) == 1:
        speech = f"On your {list_name} list: {items[0]}."
    else:
        speech = f"On your {list_name} list: {listed(items)}."
    return Outcome(speech, data={"list": list_name, "items": items})


def list_of(ctx: Context, intent: IntentRecognized) -> str:
    """The list `intent` names (`name`), the shopping list when it names none."""
    spoken = intent.slot("name")
    return _list(ctx, str(spoken)) if spoken else _shopping(ctx)


def list_clear(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoListClear ("clear the shopping list"): every item still on it removed.

    Asked first (`dialogue/policy.intent_question`): a misheard "clear" would lose the list, and
    "undo" does not reach lists.
    """
    list_name = list_of(ctx, intent)
    entries = ctx.lists.items(list_name)
    if not entries:
        return Outcome(f"Your {list_name} list is already empty.", data=_cleared(list_name, 0))
    changes = [ctx.lists.remove(e) for e in entries]
    what = "1 item" if len(entries) == 1 else f"{len(entries)} items"
    speech = f"Cleared your {list_name} list: {what} removed."
    return Outcome(speech, changes, _cleared(list_name, len(entries)))


def _cleared(list_name: str, count: int) -> dict[str, object]:
    return {"list": list_name, "count": count}


def nevermind(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassNevermind: nothing to do, nothing to say."""
    return Outcome("")


RESPONDS: Final[dict[str, str]] = {
    "hello": "Hello! What can I do for you?",
    "listening": "Only while a session is open, and what I hear stays on this machine unless you "
    "set up a remote service.",
    "data": "Your data stays on this machine, unless you set up a remote service.",
    "commands": "You can ask me to switch lights and devices, set timers and alarms, add to your "
    "lists, send messages, or tell you the time.",
    "creator": "I'm sayso, an open voice assistant.",
}
"""HassRespond's answers by response key, in English. Home Assistant's own templates say what is
true of Home Assistant ("Your data is sent to your Home Assistant server", "visit home dash
assistant dot I.O."); sayso's bundled `respond.yaml` files say these in each language."""


def respond(ctx: Context, intent: IntentRecognized) -> Outcome:
    """HassRespond ("hello", "who made you"): an answer, nothing done."""
    return Outcome(RESPONDS.get(intent.response_key or "", RESPONDS["hello"]))


def custom(ctx: Context, intent: IntentRecognized) -> Outcome:
    """A user-defined intent with no code: record it in `custom_actions` and succeed."""
    slots = json.dumps(intent.slot_dict(), default=str)
    new_id = ctx.store.insert(
        "INSERT INTO custom_actions (intent, slots, text, created_at) VALUES (?, ?, ?, ?)",
        (intent.intent, slots, intent.text, to_utc_iso(ctx.now)),
    )
    change = StateChange(f"custom:{new_id}", "created", None, intent.intent)
    return Outcome("Done.", [change], {"custom_action_id": new_id})


HANDLERS: Final[dict[str, HandlerFn]] = {
    "SaysoListHas": list_has,
    "HassShoppingListAddItem": shopping_add,
    "HassShoppingListCompleteItem": shopping_complete,
    "HassListAddItem": list_add,
    "HassListRemoveItem": list_remove,
    "HassListCompleteItem": list_complete,
    "SaysoListItems": list_items,
    "SaysoListClear": list_clear,
    "HassNevermind": nevermind,
    "HassRespond": respond,
}
"""Intent name → handler for this module."""
