"""How a recogniser may write one word-graph label: casing, numbers as digits or words, symbols.

The word graph (`graph.py`) holds words as the grammar says them, lower case and without
punctuation. A recogniser such as Whisper writes "Turn", "TV", "12" or "twelve", "50%": the
constrained decoder must accept every such spelling, since forcing one the model does not prefer
would make a correct command score badly. Each spelling is a text; the token automaton encodes it.
"""

from __future__ import annotations

from functools import lru_cache

from sayso.understanding.grammar.graph import parse_range
from sayso.understanding.numbers import NUMBER_WORDS, parse_number_words

MAX_RANGE_VALUES = 1001
"""Values of a number range spelt out one by one; a wider range keeps its first values only
(Home Assistant's ranges are 0..100 percent, degrees, minutes)."""
MAX_WORDS_NUMBER = 100
"""Numbers up to this are also accepted as words ("twenty five"); above, digits only."""
UPPER_MAX_LETTERS = 3
"""Words this short may also be written in capitals ("TV", "AC")."""
SYMBOLS = {"percent": ("percent", "%"), "%": ("%", "percent")}
"""Words with a symbol Whisper writes for them."""

_WORDS = {value: word for word, value in NUMBER_WORDS.items()}


def number_words(value: int) -> str:
    """English words for 0..999 ("twenty five", "one hundred five")."""
    if value < 20 or (value < 100 and value % 10 == 0):
        return _WORDS[value]
    if value < 100:
        return f"{_WORDS[value - value % 10]} {_WORDS[value % 10]}"
    head = f"{_WORDS[value // 100]} hundred"
    return head if value % 100 == 0 else f"{head} {number_words(value % 100)}"


def label_texts(label: str) -> tuple[str, ...]:
    """What a label stands for, as the grammar says it (a range gives each of its numbers)."""
    bounds = parse_range(label)
    if bounds is None:
        return SYMBOLS.get(label, (label,))
    start, stop = bounds
    stop = min(stop, start + MAX_RANGE_VALUES - 1)
    out: list[str] = []
    for value in range(start, stop + 1):
        out.append(str(value))
        if 0 <= value <= MAX_WORDS_NUMBER:
            out.append(number_words(value))
    return tuple(out)


@lru_cache(maxsize=65536)
def spellings(text: str) -> tuple[str, ...]:
    """Written forms of one spoken text, without leading space: casing and digit variants."""
    forms = [text, text[:1].upper() + text[1:], text.title()]
    words = text.split()
    if len(text) <= UPPER_MAX_LETTERS and text.isalpha():
        forms.append(text.upper())
    value = parse_number_words(words) if words and not text.isdigit() else None
    if value is not None and not (len(words) == 1 and words[0] in ("a", "an")):
        forms.append(str(value))
    return tuple(dict.fromkeys(forms))


def glued(text: str) -> bool:
    """Whether the text is written without a space before it ("50%", "lights,")."""
    return bool(text) and not text[0].isalnum()
