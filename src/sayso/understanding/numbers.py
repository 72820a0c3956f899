"""Numbers as Whisper writes them in commands: digits ("21", "7:30") or English words."""

from __future__ import annotations

from collections.abc import Sequence

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": 1, "an": 1,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip

NUMBER_WORDS = {w: v for w, v in {**_UNITS, **_TENS}.items() if w not in ("a", "an", "oh")}
"""Single number words and their values (for reading a misheard word as a number)."""


def parse_number_words(words: Sequence[str]) -> int | None:
    """The whole number `words` say ("21", "twenty one", "one hundred five"), else None.

    "a"/"an" count only before "hundred" ("a hundred"), so "a light" is not a number.
    """
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    total = 0
    current: int | None = None
    for i, word in enumerate(words):
        if word == "hundred":
            if current is None or current >= 10:
                return None
            total += current * 100
            current = None
        elif word in _TENS:
            if current is not None:
                return None
            current = _TENS[word]
        elif word in _UNITS:
            if word in ("a", "an") and (i + 1 >= len(words) or words[i + 1] != "hundred"):
                return None
            value = _UNITS[word]
            if current is not None and (current % 10 or current < 20 or value >= 10):
                return None
            current = value if current is None else current + value
        elif word != "and" or i == 0:
            return None
    if current is None and total == 0:
        return None
    return total + (current or 0)
