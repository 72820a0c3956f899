"""Written forms a voice reads wrongly, rewritten as a person says them ("1/2" → "a half").

espeak-ng (Piper's phonemiser too) reads a fraction as a division: "set a timer for 1 and a 1/2
hours" comes out as "one and a one slash two hours", which no one says and no recogniser reads
back as a timer. Replies carry such forms (an LLM's "1/2 cup", a timer's "1 1/2 hours"), and so
do Home Assistant's test sentences that `sayso eval synth` renders. Only simple proper
fractions (a one-digit numerator below a denominator of 2..10) are rewritten: "24/7", "3/4/2025"
and "km/h" are left to the voice. English only; other languages pass through unchanged.
"""

from __future__ import annotations

import re
from typing import Final

DENOMINATORS_EN: Final[dict[int, tuple[str, str]]] = {
    2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters"),
    5: ("fifth", "fifths"), 6: ("sixth", "sixths"), 7: ("seventh", "sevenths"),
    8: ("eighth", "eighths"), 9: ("ninth", "ninths"), 10: ("tenth", "tenths"),
}  # fmt: skip
"""Singular and plural names of the denominators rewritten."""
NUMERATORS_EN: Final[tuple[str, ...]] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
)
_FRACTION: Final = re.compile(
    r"(?<![\w/.,])(?:(?P<article>\ban?\s+)|(?P<whole>\d+)\s+)?"
    r"(?P<num>\d)/(?P<den>\d{1,2})(?![\w/.,]\d|[\w/])"
)
"""An optional article ("a 1/2") or whole number ("1 1/2"), then the fraction itself."""


def spoken(text: str, language: str) -> str:
    """`text` with the written forms its voice would misread spelled as they are said."""
    if language.split("-")[0].lower() != "en":
        return text
    return _FRACTION.sub(_fraction_en, text)


def _fraction_en(match: re.Match[str]) -> str:
    num, den = int(match["num"]), int(match["den"])
    if den not in DENOMINATORS_EN or not 0 < num < den:
        return match[0]
    single, plural = DENOMINATORS_EN[den]
    if match["article"] is not None:  # "a 1/2" → "a half" (the article already says "one")
        return f"{match['article']}{single}" if num == 1 else match[0]
    said = f"a {single}" if num == 1 else f"{NUMERATORS_EN[num]} {plural}"
    if match["whole"] is not None:  # "1 1/2" → "1 and a half"
        return f"{match['whole']} and {said}"
    return f"one {single}" if num == 1 else said
