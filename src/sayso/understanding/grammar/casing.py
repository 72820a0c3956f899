"""How the grammar writes its words: the casing a sentence is scored in.

The word graph keeps its words in lower case, the form text matching compares. A recogniser
scores written text, and its language model charges for a casing its language never writes:
German capitalises its nouns, so Whisper base scores "Mache hier die lichter an." well below
"Mache hier die Lichter an.", and a right correction of a misheard German command trailed what
was heard by 6 nats more at the median (BENCHMARKS.md, round 26). HA's templates and a home's
names are written cased; `CasingCounter` keeps, per lower-case word, the capitalised form they
write it in inside a sentence, and `as_written` puts a compared sentence into that form.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from sayso import languages

CAPITALISES_NOUNS = frozenset({"de", "lb"})
"""Languages whose spelling capitalises every noun: there a lower-case noun is a misspelling the
recogniser's language model charges for. Elsewhere the grammar's capitals are mostly a home's
names written as labels ("Living Room Lamp", counted once per template that names a device),
which Whisper does not write mid-sentence; English, French and Spanish keep scoring the
comparable form alone (unchanged from round 26)."""


class CasingCounter:
    """Counts the written forms of the words in the grammar's templates and names."""

    def __init__(self) -> None:
        self._forms: dict[str, Counter[str]] = {}

    def add(self, label: str, *, opening: bool = False, count: int = 1) -> None:
        """Count the words of one template chunk or name, as written ("Living Room Lamp").

        `label` comes without punctuation (the graph's own cleaning, cased). `opening`: the
        chunk may open a sentence, so its first word's capital says nothing. `count`: how many
        times the chunk occurs.
        """
        words = label.split()
        for word in words[1:] if opening else words:
            self._forms.setdefault(word.lower(), Counter())[word] += count

    def casing(self) -> dict[str, str]:
        """Lower-case word → its most frequent capitalised form, for words ever written so.

        Any capital inside a sentence counts: HA's German templates write a noun in lower case
        as often as not ("temperatur" 55 times, "Temperatur" 33), and what they capitalise
        inside a sentence is nouns and names (a few adjectives of names aside: "Warm").
        """
        out: dict[str, str] = {}
        for lower, forms in self._forms.items():
            cased = [(count, form) for form, count in forms.items() if form != lower]
            if cased:
                out[lower] = max(cased)[1]
        return out


def for_language(casing: Mapping[str, str], language: str) -> Mapping[str, str]:
    """`casing` where the language capitalises its nouns, else nothing (`CAPITALISES_NOUNS`)."""
    return casing if languages.base(language) in CAPITALISES_NOUNS else {}


def as_written(compared: str, casing: Mapping[str, str]) -> str:
    """`compared` (`rescore.comparable` form) with each word as the grammar writes it.

    The sentence keeps its capital first letter and full stop; without a cased word it is
    returned unchanged.
    """
    words = compared.rstrip(".").split()
    if not words or not casing:
        return compared
    written = [casing.get(w.lower(), w) for w in words]
    first = written[0]
    text = " ".join([first[:1].upper() + first[1:], *written[1:]])
    return text + "." if compared.endswith(".") else text

