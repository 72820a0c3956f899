"""French elision spelled out, for templates that only spell the full word.

Home Assistant's French templates say "minuteur de {hours} heure[s]" but people write "minuteur
d'une heure"; hassil matches words, so "d'une" is no "de une". `spelled_out` rewrites the
elisions whose full form is unambiguous ("d'" is always "de", "qu'" always "que"); "l'" (le or la)
and "s'" (se or si) are left alone. The recogniser tries this form only when the text as written
does not parse without a wildcard, so a template that spells the elision itself still wins.

The same fallback reads English "back" before a particle as the particle alone: "turn the kitchen
light back on", "turn it back off" (`without_back`); HA's templates have no "back".
"""

from __future__ import annotations

import re
from typing import Final

from sayso import languages

_ELIDED: Final = {"d": "de", "j": "je", "m": "me", "t": "te", "n": "ne", "qu": "que"}
"""Elided French words whose full form is one word whatever follows."""

_PATTERN: Final = re.compile(r"\b(qu|[djmtn])['’](?=\w)", re.IGNORECASE)


def spelled_out(text: str, language: str) -> str | None:
    """`text` with its unambiguous elisions written in full, or None when there is none."""
    if languages.base(language) != "fr":
        return None

    def full(match: re.Match[str]) -> str:
        word = _ELIDED[match.group(1).lower()]
        return (word.capitalize() if match.group(1)[0].isupper() else word) + " "

    expanded = _PATTERN.sub(full, text)
    return expanded if expanded != text else None


_BACK: Final = re.compile(r"\bback\s+(?=(?:on|off)\b)", re.IGNORECASE)


def without_back(text: str, language: str) -> str | None:
    """English `text` with "back" before "on"/"off" left out, or None when it has none."""
    if not languages.english(language):
        return None
    plain = _BACK.sub("", text)
    return plain if plain != text else None
