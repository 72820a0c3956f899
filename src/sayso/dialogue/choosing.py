"""The answer to "which one?", in any language: the offered device or area its words name.

"Turn off the lamp" in a home of eleven lights is asked "which light do you mean?"
(`actions/targets.which_one`); the answer ("the kitchen", "Küchenlicht", "celle de la cuisine",
"la del salón") is matched, word by word, to the names of the devices the question offered and
their areas, in the command's language and the home's.

Before it is matched, the answer is heard: `answers` lists what the question expects (the
offered names and places, as people say them), which the next turn decodes first, within those
sentences only (`Assistant.expected_answers`, "answer" in `understanding/understand.py`): a
short answer in noise is the kind of speech a free decode mishears ("the kitten").
"""

from __future__ import annotations

import re
from typing import Final

from sayso import languages
from sayso.actions.home import DeviceSpec, HomeSpec
from sayso.actions.one_of_many import SINGULAR, words_of
from sayso.dialogue.follow_ups import MAX_ANSWER_WORDS, Referent
from sayso.events import Slot

_ANSWER_FILLER: Final[frozenset[str]] = frozenset({
    "the", "a", "one", "ones", "in", "of", "my", "please", "on", "at",
    "der", "die", "das", "den", "dem", "im", "am", "auf", "von", "vom", "bitte", "ein", "eine",
    "einen", "mit", "le", "la", "les", "l", "de", "du", "des", "d", "dans", "celle", "celui",
    "ci", "au", "sur", "une", "un", "svp", "el", "los", "las", "del", "en", "que", "esta",
    "este", "por", "favor", "uno", "una", "al",
})  # fmt: skip
"""Words, folded (`_folded`), of an answer to "which one?" in any language that name nothing:
"celle de la cuisine", "die im Wohnzimmer", "la del salón"."""


def chosen(text: str, referent: Referent, home: HomeSpec) -> Slot | None:
    """The answer to "which one?" as the slot it fills: a device's name, or an area's.

    Every word said (but filler, `_ANSWER_FILLER`) must be a word of one offered device's names
    or its area's, in the command's language or the home's: "chevet" → the bedside lamp,
    "cuisine" → the kitchen's lights when it has several. A kind word the names lack ("die
    Lampe in der Küche" against "Küchenlicht") is let go. None when no one choice fits.
    """
    said = [w for w in _folded(text) if w not in _ANSWER_FILLER]
    if not said or len(said) > MAX_ANSWER_WORDS:
        return None
    offered = [d for d in (home.device(e) for e in referent.choices) if d is not None]
    rules = SINGULAR.get(languages.base(referent.language), SINGULAR["en"])
    kinds = {languages.fold(k) for k in rules.kinds}
    for words in (said, [w for w in said if w not in kinds]):
        if not words:
            continue
        fits = [d for d in offered if set(words) <= _device_words(d, home, referent.language)]
        if len(fits) == 1:
            return Slot("name", fits[0].entity_id, text)
        area = fits[0].area if fits else None
        if area and all(d.area == area for d in fits) and set(words) <= _names_words(
            home, f"area:{area}", (area,), referent.language
        ):
            return Slot("area", area, text)
    return None


NAME_FORMS: Final[dict[str, tuple[str, ...]]] = {"en": ("{x}", "the {x}")}
"""How an answer to "which one?" says a device's name `x`, per language; a language not listed
says the names alone."""
BARE_FORMS: Final[tuple[str, ...]] = ("{x}", "the {x}", "the {x} one")
"""How an English answer says a name without its kind word ("the desk one" for the desk fan)."""
PLACE_FORMS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("{x}", "the {x}", "the {x} one", "the one in the {x}", "in the {x}", "the {x} {kind}"),
}
"""How it says a place `x` (`kind`: the device's class or the question's kind, "light", "fan").
An answer in any of these forms is read back through the English rewrite (`follow_ups.rewrites`,
held to the offered devices by `narrows`) or `chosen`; the demo home's forms are tested to."""
CANCELS: Final[dict[str, tuple[str, ...]]] = {"en": ("never mind", "cancel", "forget it")}
"""Answers that drop the question (the grammar and `social` read them), expected with the names
so they are heard as said."""


def answers(referent: Referent, home: HomeSpec) -> tuple[str, ...]:
    """What "which one?" expects, as the command's language says it.

    Each offered device's names (in English also without the kind word: "the desk" for the desk
    fan) and its place, then the answers that drop the question.
    """
    language = languages.base(referent.language)
    names = NAME_FORMS.get(language, ("{x}",))
    places = PLACE_FORMS.get(language, ("{x}",))
    said: list[str] = []
    for device in (d for d in (home.device(e) for e in referent.choices) if d is not None):
        # A device is said as what it is ("the bedroom curtain"), not as its domain's word
        # ("blind" for every cover).
        kind = str(device.attributes.get("device_class") or referent.kind or "one")
        kind = kind.replace("_", " ")
        spoken = home.spoken(device.entity_id, referent.language)
        for name in _plain(device.name, *device.aliases, *spoken):
            said += [f.format(x=name) for f in names]
            bare = name.removesuffix(f" {kind}")
            if bare != name and language == "en":
                said += [f.format(x=bare) for f in BARE_FORMS]
        if device.area:
            area = home.spoken(f"area:{device.area}", referent.language)
            for place in _plain(device.area, *area):
                said += [f.format(x=place, kind=kind) for f in places]
    if not said:
        return ()  # nothing offered: only a cancel would be expected, and noise forced into it
    return tuple(dict.fromkeys([*said, *CANCELS.get(language, ())]))


def _plain(*names: str) -> list[str]:
    """Names as said: lower case, words only ("Kid's Room" → "kid's room")."""
    return [x for x in (" ".join(re.findall(r"[\w']+", n.lower())) for n in names) if x]


def _folded(text: str) -> list[str]:
    return [languages.fold(w) for w in words_of(text)]


def _names_words(home: HomeSpec, key: str, own: tuple[str, ...], language: str) -> set[str]:
    names = (*own, *home.spoken(key, language))
    return {w for name in names for w in _folded(name)}


def _device_words(device: DeviceSpec, home: HomeSpec, language: str) -> set[str]:
    words = _names_words(home, device.entity_id, (device.name, *device.aliases), language)
    if device.area:
        words |= _names_words(home, f"area:{device.area}", (device.area,), language)
    return words
