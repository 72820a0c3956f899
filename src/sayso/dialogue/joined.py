"""Two commands joined by "and": where the sentence may be cut.

"Turn off the kitchen light and the hallway light", in English and in the languages of
`follow_ups_local`; `app/leaning.py` reads each half, the second on its own or as "and … too" of
the first.
"""

from __future__ import annotations

import re

from sayso import languages
from sayso.dialogue import follow_ups_local


def halves(text: str, language: str = "en") -> list[tuple[str, str]]:
    """Where "X and Y" may join two commands, the last "and" first.

    "turn off the kitchen light and the hallway light" → ("turn off the kitchen light", "the
    hallway light"); the second half is read on its own, or as "and … too" of the first. A
    German particle at the end belongs to both: "schalte das Küchenlicht und das Flurlicht aus"
    → ("schalte das küchenlicht aus", "das flurlicht aus").
    """
    rules = follow_ups_local.rules_for(language)
    if rules is None and not languages.english(language):
        return []
    conjunctions = rules.conjunctions if rules else frozenset({"and"})
    particles = rules.particles if rules else frozenset()
    words = (
        follow_ups_local.plain_words(text) if rules else re.findall(r"[\w'%]+", text.lower())
    )
    low = [w.lower() for w in words]
    cuts = [i for i, w in enumerate(low) if w in conjunctions and 0 < i < len(words) - 1]
    out = []
    for i in reversed(cuts):
        left, right = words[:i], words[i + 1 :]
        if right[-1].lower() in particles and left[-1].lower() not in particles:
            left = [*left, right[-1]]
        out.append((" ".join(left), " ".join(right)))
    return out


def joining_languages(text: str, language: str) -> list[str]:
    """The languages `text` may join two commands in: its own, and each whose "and" it says.

    A joined command the grammar did not read whole has no language of its own ("Schalte das
    Küchenlicht und das Flurlicht aus" reaches this unread, as English).
    """
    words = {w.lower() for w in follow_ups_local.plain_words(text)}
    said = [code for code, rules in follow_ups_local.RULES.items() if words & rules.conjunctions]
    return list(dict.fromkeys([language, *said]))
