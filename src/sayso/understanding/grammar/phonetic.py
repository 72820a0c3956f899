"""How alike two words sound, for matching what Whisper wrote against the words a grammar allows.

Whisper's mistakes on commands are near-homophones ("add" → "and", "unlock" → "and lock",
"bedroom" → "mad room"), so spelling distance alone undervalues them. A small consonant-skeleton
key (voiced/voiceless pairs and nasals merged, vowels reduced to one marker) catches most of them;
the similarity is the better of the spelling and the key similarity.
"""

from __future__ import annotations

import functools

from rapidfuzz.distance import Levenshtein

_DIGRAPHS = (("ph", "f"), ("ck", "k"), ("gh", "g"), ("sh", "s"), ("ch", "k"), ("th", "t"),
             ("qu", "kw"), ("x", "ks"))  # fmt: skip
_CLASSES = str.maketrans({
    "b": "P", "p": "P", "d": "T", "t": "T", "g": "K", "k": "K", "c": "K", "q": "K",
    "v": "F", "f": "F", "s": "S", "z": "S", "j": "J", "m": "N", "n": "N", "l": "L", "r": "R",
})  # fmt: skip
_VOWELS = frozenset("aeiouy")
_SILENT = frozenset("hw'")
PHONETIC_WEIGHT = 0.9
"""Key similarity counts a little less than spelling similarity (keys merge distinct words)."""


@functools.lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """Consonant skeleton of `word`: "unlock" → "ANLK", "bedroom" → "PTRAN"."""
    text = word.lower()
    for digraph, sound in _DIGRAPHS:
        text = text.replace(digraph, sound)
    out: list[str] = []
    for i, char in enumerate(text):
        if char in _SILENT or not char.isalpha():
            continue
        symbol = "A" if char in _VOWELS else char.translate(_CLASSES)
        if symbol == "A" and i > 0 and out and out[-1] != "A" and i < len(text) - 1:
            continue  # inner vowels are what Whisper gets wrong; keep only initial/final ones
        if not out or out[-1] != symbol:
            out.append(symbol)
    return "".join(out)


@functools.lru_cache(maxsize=262144)
def similarity(heard: str, expected: str) -> float:
    """0..1: 1 for the same word, near 1 for homophones, near 0 for unrelated words."""
    if heard == expected:
        return 1.0
    spelling = Levenshtein.normalized_similarity(heard, expected)
    keys = Levenshtein.normalized_similarity(phonetic_key(heard), phonetic_key(expected))
    return max(spelling, PHONETIC_WEIGHT * keys)
