"""Shopping and to-do lists: add, remove and complete items, read what is on a list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Final

from sayso.actions.clock import to_utc_iso
from sayso.actions.store import Store
from sayso.events.actions import StateChange


@dataclasses.dataclass(frozen=True)
class ListItem:
    """One entry of a list."""

    id: int
    list_name: str
    item: str
    done: bool


ITEM_DETERMINERS = frozenset({"the", "a", "an", "some", "my", "our", "all"})
"""Words an item is said with but not named by ("check the apples off": the item is "apples")."""


def item_words(text: str) -> list[str]:
    """An item's words as a list compares them.

    Lower case, no apostrophes ("Apple's" is how Whisper writes "apples" often enough), no
    punctuation, no leading determiners.
    """
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))
    while len(words) > 1 and words[0] in ITEM_DETERMINERS:
        words.pop(0)
    return words


def _singulars(word: str) -> set[str]:
    """The forms `word` may have in the singular ("tomatoes" → "tomato", "berries" → "berry").

    A set, not one form: English plurals are ambiguous from spelling ("shoes" drops an "s",
    "tomatoes" an "es"), and two items are the same when any forms meet.
    """
    forms = {word}
    if len(word) > 3 and word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        forms.add(word[:-2])
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    return forms


def same_item(spoken: str, entry: str) -> bool:
    """Whether `spoken` names the list entry `entry`.

    The same words, up to case, apostrophes, leading determiners and a plural ending ("the
    Apple's" names "apples", "apple" too).
    """
    said, kept = item_words(spoken), item_words(entry)
    return bool(said) and len(said) == len(kept) and all(
        _singulars(a) & _singulars(b) for a, b in zip(said, kept, strict=True)
    )


def _key(text: str) -> str:
    # "To-do list", "todo" and "to do" all name the same list.
    words = re.sub(r"[^a-z0-9]+", "", text.lower())
    return words.removesuffix("list") or words


KEPT_TOGETHER: Final[frozenset[str]] = frozenset({
    "mac and cheese", "macaroni and cheese", "salt and pepper", "fish and chips",
    "peanut butter and jelly", "bread and butter", "half and half", "ham and cheese",
    "pork and beans", "chips and salsa", "sweet and sour", "oil and vinegar", "salt and vinegar",
    "cookies and cream", "strawberries and cream", "spaghetti and meatballs", "rice and beans",
    "chips and dip", "bangers and mash", "salz und pfeffer", "sel et poivre", "sal y pimienta",
})  # fmt: skip
"""Things sold under one name with an "and" in it: one item, not two."""
CONJUNCTIONS: Final[dict[str, str]] = {"en": "and", "de": "und", "fr": "et", "es": "y"}
"""The "and" that joins items, per base language."""


def split_items(said: str, language: str = "en") -> list[str]:
    """The items of "eggs, bread and milk" ("eggs", "bread", "milk"), as a shopping list takes them.

    "Mac and cheese", "half and half" stay one item (`KEPT_TOGETHER`).
    """
    conjunction = CONJUNCTIONS.get(language.partition("-")[0].lower(), "and")
    kept: list[str] = []  # as said ("Salz und Pfeffer"), each replaced by a mark meanwhile

    def mark(found: re.Match[str]) -> str:
        kept.append(found[0])
        return f"\x00{len(kept) - 1}\x00"

    phrases = sorted(KEPT_TOGETHER, key=len, reverse=True)
    together = re.compile("|".join(rf"\b{re.escape(p)}\b" for p in phrases), re.IGNORECASE)
    marked = together.sub(mark, said)
    parts = re.split(rf",\s*(?:{conjunction}\s+)?|\s+{conjunction}\s+", marked)
    items = []
    for part in parts:
        for n, phrase in enumerate(kept):
            part = part.replace(f"\x00{n}\x00", phrase)
        if part.strip():
            items.append(part.strip())
    return items or [said.strip()]


def as_written(item: str, text: str) -> str:
    """`item` as `text` writes it, with the commas the grammar's match dropped.

    Hassil matches words: "add eggs, bread and milk to the shopping list" fills the item with
    "eggs bread and milk", and "eggs bread" would be one item. The words are found in the
    sentence as said, whatever punctuation stands between them; not found, `item` stays.
    """
    words = item.split()
    if len(words) < 2:
        return item
    pattern = r"[\s,;]+".join(re.escape(w) for w in words)
    found = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
    return found[0] if found else item


def match_list(spoken: str, names: tuple[str, ...]) -> str | None:
    """The list in `names` that `spoken` refers to ("my shopping list" → "shopping"), or None."""
    key = _key(re.sub(r"^\s*(my|the|our)\s+", "", spoken.lower()))
    return next((n for n in names if _key(n) == key), None)


class Lists:
    """List operations; call writes inside the caller's `store.transaction()`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def items(self, list_name: str, include_done: bool = False) -> list[ListItem]:
        """Items of `list_name`, oldest first."""
        sql = "SELECT * FROM list_items WHERE list_name = ?" + (
            "" if include_done else " AND done = 0"
        )
        rows = self.store.rows(sql + " ORDER BY id", (list_name,))
        return [ListItem(r["id"], r["list_name"], r["item"], bool(r["done"])) for r in rows]

    def open_items(self, list_name: str | None = None) -> list[str]:
        """What is still on `list_name` (every list: None), as said ("check apples off")."""
        if list_name is not None:
            return [i.item for i in self.items(list_name)]
        return [r["item"] for r in self.store.rows("SELECT item FROM list_items WHERE done = 0")]

    def find(self, list_name: str, item: str) -> ListItem | None:
        """The open entry of `list_name` that `item` names, or None.

        The entry equal to it (case-insensitive) first, else the oldest `same_item` matches.
        """
        entries = self.items(list_name)
        wanted = item.strip().lower()
        exact = next((i for i in entries if i.item.lower() == wanted), None)
        return exact or next((i for i in entries if same_item(item, i.item)), None)

    def add(self, list_name: str, item: str, now: dt.datetime) -> StateChange:
        """Append `item`."""
        new_id = self.store.insert(
            "INSERT INTO list_items (list_name, item, done, created_at) VALUES (?, ?, 0, ?)",
            (list_name, item.strip(), to_utc_iso(now)),
        )
        return StateChange(f"list:{list_name}", "added", None, {"id": new_id, "item": item})

    def remove(self, entry: ListItem) -> StateChange:
        """Delete `entry`."""
        self.store.execute("DELETE FROM list_items WHERE id = ?", (entry.id,))
        return StateChange(f"list:{entry.list_name}", "removed", entry.item, None)

    def complete(self, entry: ListItem) -> StateChange:
        """Tick `entry` off."""
        self.store.execute("UPDATE list_items SET done = 1 WHERE id = ?", (entry.id,))
        return StateChange(f"list:{entry.list_name}", "done", entry.item, True)
