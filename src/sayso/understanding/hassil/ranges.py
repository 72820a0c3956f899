"""Number ranges with a multiplier read their number words with their own sign.

hassil (3.13) caches the number words of a range list under (start, stop, step, fraction type),
per language, and stores each word with the value it had for the list that built the entry,
multiplier applied. Home Assistant's `volume_step_down` is 0-100 with multiplier -1, the same
key as brightness, volume, position and every other percentage. Whichever list first matched a
number said as words decided the sign for all of them: "turn the volume down by fifty percent"
turned it *up* by 50, or, the other way round, "Helligkeit Schlafzimmer elf Prozent" set the
brightness to -11 (found in a German evaluation, round 27). Digits were always right.

The cache's first key is the words' language, so a list with a multiplier is given a language
key of its own (`scaled_key`), registered with the same number-words engine.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

from hassil import Intents, RangeSlotList, SlotList
from hassil import numbers as hassil_numbers

log = logging.getLogger(__name__)


def scaled_key(language: str, multiplier: float) -> str:
    """The words-language key of a range list scaled by `multiplier` (a BCP 47 private use tag)."""
    return f"{language}-x-times{multiplier:g}".replace(".", "p")


def separate_scaled_ranges(intents: Intents, language: str) -> None:
    """Give every range list with a multiplier its own number-words key, in place."""
    _separate(intents.slot_lists, language)
    for intent in intents.intents.values():
        for block in intent.data:
            _separate(block.slot_lists, language)


def _separate(slot_lists: Mapping[str, SlotList], language: str) -> None:
    if not isinstance(slot_lists, dict):
        return  # hassil keeps them in dicts; anything else is left as it is
    for name, slot_list in list(slot_lists.items()):
        if not isinstance(slot_list, RangeSlotList) or slot_list.multiplier in (None, 1):
            continue
        spoken = slot_list.words_language or language
        key = scaled_key(spoken, slot_list.multiplier)
        try:
            engine = hassil_numbers.get_rbnf_engine(spoken)
        except ValueError:
            continue  # no number words in this language: digits only, nothing shared
        # Registered under the new key, so hassil does not resolve it (its fallback from a
        # private use tag to the bare language would find the same engine, but not a script
        # alias such as zh-TW's).
        cache = getattr(hassil_numbers, "_ENGINE_CACHE", None)
        if isinstance(cache, dict):
            cache.setdefault(key, engine)
        slot_lists[name] = dataclasses.replace(slot_list, words_language=key)
        log.debug("range list %s reads its number words under %s", name, key)
