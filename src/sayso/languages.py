"""Language codes: one spelling per language across Whisper, Home Assistant and espeak-ng.

The engines spell languages differently: Whisper detects "zh", Home Assistant's intents are
"zh-CN", HA's test files say "zh-cn", and espeak-ng's Mandarin voice is "cmn". sayso keeps
Home Assistant's spelling (`canonical`) everywhere a language travels with a turn, and converts at
each engine's edge. `listed` says several things in one sentence, with the language's "and"/"or".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

AUTO: Final = "auto"
"""`asr.language: auto`: the recogniser detects the language of each utterance."""

_ALIASES: Final[dict[str, str]] = {
    "zh": "zh-CN",
    "zh-hans": "zh-CN",
    "zh-sg": "zh-CN",
    "zh-hant": "zh-TW",
    "yue": "zh-HK",
    "cmn": "zh-CN",
    "sr-latn": "sr-Latn",
}
"""Codes whose Home Assistant spelling is not their own (Whisper's "zh" is Mandarin)."""

_ESPEAK_VOICES: Final[dict[str, str]] = {
    "en": "en-us",
    "fr": "fr-fr",
    "zh-CN": "cmn",
    "zh-TW": "cmn",
    "zh-HK": "yue",
    "pt-BR": "pt-br",
    "de-CH": "de",
}
"""espeak-ng voice per language where the bare code is not a voice name."""

NO_SPACES: Final[frozenset[str]] = frozenset({"zh", "ja", "th", "lo", "km", "my"})
"""Base languages written without spaces between words (scored by characters, not words)."""


def canonical(code: str | None) -> str:
    """Home Assistant's spelling of `code` ("de", "zh-CN", "pt-BR"); "" for none."""
    if not code:
        return ""
    lowered = code.strip().replace("_", "-").lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    base, _, region = lowered.partition("-")
    return f"{base}-{region.upper()}" if region else base


def base(code: str | None) -> str:
    """The language without its region: "zh-CN" → "zh", "de-CH" → "de"."""
    return canonical(code).partition("-")[0]


def whisper_code(code: str | None) -> str | None:
    """Whisper's code for a language (its codes have no region); None for auto or none."""
    if not code or code == AUTO:
        return None
    return "zh" if canonical(code) in ("zh-CN", "zh-TW", "zh-HK") else base(code)


def espeak_voice(code: str | None) -> str:
    """The espeak-ng voice that speaks `code` (its own code when espeak-ng spells it so)."""
    lang = canonical(code) or "en"
    return _ESPEAK_VOICES.get(lang, _ESPEAK_VOICES.get(base(lang), lang.lower()))


def same(a: str | None, b: str | None) -> bool:
    """True when two codes name the same language ("zh" and "zh-cn", "DE" and "de")."""
    return canonical(a) == canonical(b)


def english(code: str | None) -> bool:
    """True for English, and for no code at all (English is the default language)."""
    return base(code or "en") == "en"


def spaceless(code: str | None) -> bool:
    """True for languages written without spaces (Chinese, Japanese, Thai...)."""
    return base(code) in NO_SPACES


def first_upper(text: str) -> str:
    """`text` opening a sentence: its first letter upper case, the rest as it is ("The TV")."""
    return text[:1].upper() + text[1:]


def listed(parts: Sequence[str], conjunction: str = "and") -> str:
    """`parts` as a sentence says them: "a", "a and b", "a, b and c" (or "or", "und")."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def fold(word: str) -> str:
    """Lower case, no accents: "Küche" → "kuche", "salón" → "salon", "apágala" → "apagala"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_ARTICLES: Final[dict[str, str]] = {
    "en": r"the|some|an|a",
    "de": r"der|die|das|den|dem|des|eine|einen|einem|einer|ein",
    "fr": r"de la|de l'|de l’|les|le|la|l'|l’|du|des|une|un",
    "es": r"los|las|el|la|unos|unas|una|un",
}
"""Lowercase articles a thing may be named with, per language (elided ones end in "'")."""
_QUANTITIES: Final[dict[str, str]] = {
    "en": r"lot|few|couple|dozen|bit|little|handful|bunch|pair",
    "de": r"paar|bisschen|Dutzend",
    "fr": r"peu|douzaine",
    "es": r"poco|par|docena",
}
"""Words an article belongs to ("a lot of apples", "un poco de leche"): it is kept there."""
_LEADING_ARTICLE: Final[dict[str, re.Pattern[str]]] = {
    code: re.compile(
        rf"^(?:{words})(?:(?<=['’])|\s+)(?!(?:{_QUANTITIES[code]})\b)(?=\S)"
    )
    for code, words in _ARTICLES.items()
}


def without_article(text: str, language: str | None, *, first: bool = False) -> str:
    """`text` without a leading lowercase article of `language` ("the apples" → "apples").

    Case-sensitive: "The Beatles album" is a title, unless `text` begins the sentence (`first`:
    "Die Milch auf die Einkaufsliste"). Nothing is left bare ("the" stays), and an article that
    belongs to a quantity stays ("a lot of apples").
    """
    pattern = _LEADING_ARTICLE.get(base(language) or "en")
    if pattern is None or not text:
        return text
    if first and text[0].isupper():
        lowered = text[0].lower() + text[1:]
        stripped = pattern.sub("", lowered, count=1)
        return stripped if stripped != lowered else text
    return pattern.sub("", text, count=1)
