"""Corrections that would turn a command into its opposite are no corrections.

Grammar-aware recognition reads a misheard transcript as the closest grammar sentence. When the
grammar cannot say what was heard ("turn up the volume on the tv" has no template), the closest
sentence may be the opposite command ("turn down the volume …"), one word away: acting on it does
the reverse of what was asked. A reading that brings in one word of an opposed pair while the
transcript said the other (and not the reading's) is refused; the turn then goes to the brain or
is not understood. Word pairs per language: the directions of Home Assistant's built-in intents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

OPPOSED: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "en": (("up", "down"), ("on", "off"), ("on", "out"), ("open", "close"), ("lock", "unlock"),
           ("activate", "deactivate"), ("enable", "disable"), ("increase", "decrease"),
           ("raise", "lower"), ("louder", "quieter"), ("brighter", "dimmer"), ("start", "stop"),
           ("mute", "unmute"), ("warmer", "cooler")),
    "de": (("an", "aus"), ("ein", "aus"), ("auf", "zu"), ("öffne", "schließe"),
           ("lauter", "leiser"), ("heller", "dunkler"), ("hoch", "runter")),
    "fr": (("allume", "éteins"), ("ouvre", "ferme"), ("monte", "baisse"),
           ("active", "désactive"), ("augmente", "diminue")),
    "es": (("enciende", "apaga"), ("abre", "cierra"), ("sube", "baja"),
           ("activa", "desactiva"), ("aumenta", "disminuye")),
}  # fmt: skip
"""Opposed words per language (lower case)."""

SPLIT_PREFIX: Final[frozenset[str]] = frozenset(
    {"a", "and", "an", "un", "on", "in", "the", "de", "dis", "this"}
)
"""Words a recogniser writes for a split-off prefix ("unlock" heard as "and lock", "unpause" as
"a pause"): a reading that restores the prefixed word there is the fix, not a reversal."""
PREFIXED: Final[dict[str, tuple[tuple[str, str], ...]]] = {"en": (("pause", "unpause"),)}
"""Words whose opposite is the word with a prefix, beyond `OPPOSED`: a reading may not drop the
prefix (`drops_prefix`), but a correction towards either is no reversal. tiny.en writes
"unpause" as "and pause", "a pause", "then pause", "when pause": as an opposed pair it refused the
correction of "TV when pause" to "TV unpause" (HA's test sentences, round 17)."""


def reverses(heard: Iterable[str], reading: Iterable[str], language: str = "en") -> bool:
    """True when `reading` says one of an opposed pair where `heard` said the other."""
    said_words = [w.lower() for w in heard]
    said, read = set(said_words), {w.lower() for w in reading}
    for a, b in OPPOSED.get(language.split("-")[0], ()):
        for this, other in ((a, b), (b, a)):
            flipped = this in said and other in read and other not in said and this not in read
            if flipped and not _split_off(said_words, this, other):
                return True
    return False


def _split_off(said: list[str], base: str, prefixed: str) -> bool:
    """True when `prefixed` is `base` with a prefix the transcript wrote as a word before it."""
    if not prefixed.endswith(base) or prefixed == base:
        return False
    return any(w == base and i > 0 and said[i - 1] in SPLIT_PREFIX for i, w in enumerate(said))


def drops_prefix(heard: Iterable[str], reading: Iterable[str], language: str = "en") -> bool:
    """True when `reading` drops a prefix `heard` wrote split off ("and pause TV" → "Pause TV.").

    "and pause TV" may be "unpause TV". The constrained search scores sentences on the audio,
    but Whisper's own words are evidence too: the split-off prefix says the speaker may have
    meant the opposite, and a reading that drops it acts on a guess (HA's "unpause TV" rows
    paused the TV).
    """
    said, read = [w.lower() for w in heard], [w.lower() for w in reading]
    code = language.split("-")[0]
    for a, b in (*OPPOSED.get(code, ()), *PREFIXED.get(code, ())):
        for base, prefixed in ((a, b), (b, a)):
            if prefixed not in read and base in read and _split_off(said, base, prefixed):
                kept = {read[i - 1] for i, w in enumerate(read) if w == base and i > 0}
                if not kept & {said[i - 1] for i, w in enumerate(said) if w == base and i > 0}:
                    return True
    return False


EXCEPTIONS: Final = {"en": ("except", "apart from", "but not", "other than")}
"""Words that take something out of a command ("turn off all the lights except the kitchen")."""
ALL_BUT: Final = {"en": re.compile(r" (all|every|everything|each) (.+ )?but ")}
""""But" as an exception: after a word for all ("all the lights but the bedroom"). Alone it
also joins clauses ("sorry but turn it off"), and Whisper writes "put" as "but" ("But the fan
to 50 percent" for "put …"): a reading without it is no dropped exception."""


def drops_exception(heard: Iterable[str], reading: Iterable[str], language: str = "en") -> bool:
    """True when `reading` leaves out the exception `heard` made ("… except the kitchen").

    Read without it, "turn off all the lights except the kitchen" turned the kitchen off too: a
    reading that drops what the speaker took out acts on the opposite of what was asked. Any
    exception in the reading keeps it ("… but the kitchen" read as "… except the kitchen").
    """
    code = language.split("-")[0]
    return _excepts(heard, code) and not _excepts(reading, code)


def _excepts(words: Iterable[str], code: str) -> bool:
    said = " " + " ".join(w.lower() for w in words) + " "
    if any(f" {w} " in said for w in EXCEPTIONS.get(code, ())):
        return True
    pattern = ALL_BUT.get(code)
    return pattern is not None and pattern.search(said) is not None
