"""Words said back: "how do you spell necessary", "repeat after me …" (SaysoSpell, SaysoSay).

Both were "Sorry, I didn't understand that." without an LLM, and the embedded gemma-3-270m
answered the spelling "I can't look that up offline." The word comes from the recogniser as
written, so its spelling is the one the recogniser knows; the letters are said one by one
with commas between them, which text-to-speech reads as letter names. The word is a wildcard
(`data/intents/<lang>/say_back.yaml`): one word of letters only, else the reading makes no
sense (`free_words`) and goes on as not understood.
"""

from __future__ import annotations

import re
from typing import Final

from sayso.actions.outcome import Context, HandlerFn, Outcome
from sayso.events.understanding import IntentRecognized
from sayso.languages import first_upper

SPELL: Final = "SaysoSpell"
SAY: Final = "SaysoSay"

MAX_SAID_WORDS: Final = 12
"""Longest text said back after "repeat after me" (words): not a way to read out a book."""
_WORD: Final = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")
"""One word of letters, with an inner apostrophe or hyphen ("don't", "well-known")."""


def _word(intent: IntentRecognized) -> str:
    return str(intent.slot("word") or "").strip(" .,!?¿¡\"'")


_NOT_A_WORD: Final = frozenset({"it", "that", "this", "them", "those", "these"})
"""Words that stand for another ("spell it" asks for the last word, which sayso does not keep)."""


def spells(intent: IntentRecognized) -> bool:
    """The word to spell is one word of letters ("spell 42", "spell it" or a sentence is not)."""
    word = _word(intent)
    return bool(_WORD.match(word)) and word.lower() not in _NOT_A_WORD


def says(intent: IntentRecognized) -> bool:
    """The words to say back are words, and not too many of them."""
    words = str(intent.slot("words") or "").split()
    return 0 < len(words) <= MAX_SAID_WORDS


def spell(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoSpell: the word, then its letters ("Necessary: N, E, C, E, S, S, A, R, Y.")."""
    word = _word(intent)
    letters = ", ".join(ch if ch == "ß" else ch.upper() for ch in word if ch.isalpha())
    word = first_upper(word)
    return Outcome(f"{word}: {letters}.", data={"word": word, "letters": letters})


def say(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoSay: the words, as said."""
    words = " ".join(str(intent.slot("words") or "").split())
    return Outcome(words, data={"words": words})


HANDLERS: Final[dict[str, HandlerFn]] = {SPELL: spell, SAY: say}
"""Intent name → handler for this module."""
