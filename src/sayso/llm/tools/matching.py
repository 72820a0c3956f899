"""Whether a tool call's arguments are words of the request (pure text matching).

Shared by the grounding (`tools.grounding`: is the target named?) and the argument repair
(`tools.repair`: which value does the request state?).
"""

from __future__ import annotations

import re
from typing import Any, Final

from sayso.actions.device_names import FILLER, KINDS, PRONOUNS
from sayso.dialogue.fragments import ACTION_WORDS, words

GLUE_WORDS: Final[frozenset[str]] = frozenset({"to", "for", "at", "with", "from", "by", "list"})
"""Words that join a request's parts; an item or message made only of them was invented."""
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def capitalised(name: str, request: str) -> bool:
    """True when `name` is written as a name in the request ("tell David ...")."""
    return any(w[:1].isupper() for w in request.split() if w.strip(".,!?:").lower()
               == name.strip().lower())


def substance(text: str) -> list[str]:
    """Words of a free-text argument beyond the request's own action words ("add to" has none)."""
    return [w for w in content(text) if w not in ACTION_WORDS and w not in GLUE_WORDS]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def content(text: str) -> list[str]:
    """Words of `text` that say something (not filler, not a pronoun)."""
    return [w for w in words(text) if w not in FILLER and w not in PRONOUNS]


def mentioned(argument: str, request: str) -> bool:
    """True when a content word of `argument` is in `request` ("lights" matches "light")."""
    said = {_stem(w) for w in words(request)}
    return any(_stem(w) in said for w in content(argument))


def names_target(argument: str, request: str) -> bool:
    """True when `request` names the device `argument`.

    All its distinctive words must be said, or one of its kind words when it has only those ("the
    lights"): the model may add a kind ("kitchen" → "kitchen light"), not a name ("the lights" →
    "garden lights").
    """
    said = {_stem(w) for w in words(request)}
    stems = [_stem(w) for w in content(argument)]
    distinctive = [w for w in stems if w not in KINDS and f"{w}s" not in KINDS]
    if distinctive:
        return all(w in said for w in distinctive)
    return any(w in said for w in stems)


def said_number(value: Any, request: str) -> bool:
    """True when the number `value` appears in the (digit-normalised) request."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return float(value) in {float(n) for n in NUMBER.findall(request)}


def says_list(name: str, text: str) -> bool:
    """True when `text` names the list `name` ("to do" and "todo" both say "to-do")."""
    parts = words(name.replace("-", " "))
    said = f" {' '.join(words(text.replace('-', ' ')))} "
    return bool(parts) and (f" {' '.join(parts)} " in said or f" {''.join(parts)} " in said)
