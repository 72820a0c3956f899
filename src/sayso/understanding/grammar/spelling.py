"""How a recogniser may write one word-graph label: casing, numbers as digits or words, symbols.

The word graph (`graph.py`) holds words as the grammar says them, lower case and without
punctuation. A recogniser such as Whisper writes "Turn", "TV", "12" or "twelve", "50%": the
constrained decoder must accept every such spelling, since forcing one the model does not prefer
would make a correct command score badly. Each spelling is a text; the token automaton encodes it.

Numbers are spelt in the grammar's language: English by `numbers.py`, German, French, Spanish
and the other languages num2words covers by num2words (digits → words) and text2num (words →
digits), Chinese by `chinese_number`. Without those libraries a range is written in digits only.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from functools import lru_cache

from sayso import languages
from sayso.understanding.grammar.graph import parse_live, parse_range
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
LOCAL_SYMBOLS = {
    "prozent": ("prozent", "%"),
    "pour cent": ("pour cent", "%"),
    "pourcent": ("pourcent", "%"),
    "por ciento": ("por ciento", "%"),
    "%": ("%",),
}
"""The same in other languages (German, French, Spanish)."""
ARTICLES = frozenset({"ein", "eine", "un", "une", "uno", "una", "a", "an"})
"""Words that count as "1" only inside a longer number: "ein" also ends "schalte ... ein"."""

_WORDS = {value: word for word, value in NUMBER_WORDS.items()}
_ZH_DIGITS = "零一二三四五六七八九"


def number_words(value: int, language: str = "en") -> str | None:
    """`value` (0..999) in words in `language` ("twenty five", "fünfzig"), or None unknown."""
    lang = languages.base(language) or "en"
    if lang == "en":
        return _english_words(value)
    if lang == "zh":
        return chinese_number(value)
    return _num2words(value, lang)


def _english_words(value: int) -> str:
    if value < 20 or (value < 100 and value % 10 == 0):
        return _WORDS[value]
    if value < 100:
        return f"{_WORDS[value - value % 10]} {_WORDS[value % 10]}"
    head = f"{_WORDS[value // 100]} hundred"
    return head if value % 100 == 0 else f"{head} {_english_words(value % 100)}"


def chinese_number(value: int) -> str | None:
    """0..999 in Chinese numerals as they are read ("二十一", "一百零五"); None above."""
    if not 0 <= value <= 999:
        return None
    if value < 10:
        return _ZH_DIGITS[value]
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    out = f"{_ZH_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _ZH_DIGITS[tens]) + "十"
    elif hundreds and units:
        out += "零"
    return out + (_ZH_DIGITS[units] if units else "")


@lru_cache(maxsize=4096)
def _num2words(value: int, lang: str) -> str | None:
    if importlib.util.find_spec("num2words") is None:
        return None
    # Deferred: num2words imports every language's converter (~0.1 s), only ranges need it.
    from num2words import num2words

    try:
        return str(num2words(value, lang=lang)).replace("-", " ")
    except (NotImplementedError, OverflowError, KeyError):
        return None


@lru_cache(maxsize=65536)
def words_value(text: str, language: str = "en") -> int | None:
    """The whole number `text` says in `language` ("fünfzig" → 50), else None."""
    words = text.split()
    if not words or text.isdigit() or (len(words) == 1 and words[0] in ARTICLES):
        return None
    lang = languages.base(language) or "en"
    if lang == "en":
        return parse_number_words(words)
    if lang == "zh":
        return next((v for v in range(MAX_WORDS_NUMBER + 1) if chinese_number(v) == text), None)
    if importlib.util.find_spec("text_to_num") is None:
        return None
    from text_to_num import text2num

    try:
        return int(text2num(text, lang))
    except (ValueError, KeyError, NotImplementedError):
        return None


def label_texts(
    label: str, language: str = "en", live: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[str, ...]:
    """What a label stands for, as the grammar says it.

    A range gives each of its numbers, a live list its current values in `live` (none: none).
    """
    listed = parse_live(label)
    if listed is not None:
        return (live or {}).get(listed, ())
    bounds = parse_range(label)
    if bounds is None:
        table = SYMBOLS if (languages.base(language) or "en") == "en" else LOCAL_SYMBOLS
        return table.get(label, (label,))
    start, stop = bounds
    stop = min(stop, start + MAX_RANGE_VALUES - 1)
    out: list[str] = []
    for value in range(start, stop + 1):
        out.append(str(value))
        if 0 <= value <= MAX_WORDS_NUMBER:
            said = number_words(value, language)
            out += [said] if said else []
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=65536)
def spellings(text: str, language: str = "en") -> tuple[str, ...]:
    """Written forms of one spoken text, without leading space: casing and digit variants."""
    forms = [text, text[:1].upper() + text[1:], text.title()]
    if len(text) <= UPPER_MAX_LETTERS and text.isalpha():
        forms.append(text.upper())
    value = words_value(text, language)
    if value is not None:
        forms.append(str(value))
    return tuple(dict.fromkeys(forms))


def glued(text: str) -> bool:
    """Whether the text is written without a space before it ("50%", "lights,")."""
    return bool(text) and not text[0].isalnum()
