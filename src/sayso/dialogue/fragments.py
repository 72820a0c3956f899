"""Fragments: short utterances that name no action, which must never change the world.

Noise, a cough or a half-heard word reaches the assistant as "one.", "watch time." or "TV.". Such a
fragment (at most `FRAGMENT_MAX_WORDS` words, none of them a word that names an action the grammar
or the tools know) may be answered, but never acted on: the fast path asks before acting on it
(`sayso.app.action_stage`) and the LLM's state-changing calls are refused for it
(`sayso.llm.tools.grounding`). Answers to a question sayso asked ("yes", a digit of a closed answer
set) are not affected: confirmations resolve before this check, and custom intents (the closed
answer sets a user defines) are not built-in state changes.
"""

from __future__ import annotations

import re
from typing import Final

from sayso.actions.handlers import HANDLERS
from sayso.languages import base

FRAGMENT_MAX_WORDS: Final[int] = 2
"""Longest utterance, in words, that counts as a fragment when it names no action."""

WEAK_READING_MAX_WORDS: Final[int] = 3
"""Longest heard utterance, in words, whose grammar correction is not trusted when it named no
action ("the lights in" → "the lights pink"); longer ones carry enough of the command's words
("and milk to my shopping list" → "add milk ...", a common mishearing of "add")."""

ACTION_WORDS: Final[frozenset[str]] = frozenset({
    "turn", "switch", "set", "start", "stop", "pause", "resume", "unpause", "continue", "play",
    "next", "skip", "previous", "mute", "unmute", "volume", "louder", "quieter", "up", "down",
    "on", "off", "open", "close", "shut", "lock", "unlock", "dim", "brighten", "brightness",
    "brighter", "darker", "raise", "lower", "increase", "decrease", "add", "put", "remove",
    "delete", "complete", "cross", "buy", "send", "text", "message", "tell", "write", "cancel",
    "timer", "countdown", "alarm", "wake", "remind", "temperature", "degrees", "degree",
    "thermostat", "heat", "heating", "warmer", "cooler", "percent", "activate", "deactivate",
    "enable", "disable", "kill", "power", "make", "change", "undo", "revert", "snooze",
    "toggle", "flip",
})  # fmt: skip
"""Words that name an action of the built-in grammar or tools (verbs, and the nouns that stand for
them: "timer", "alarm", "temperature"). A short utterance with one of these is a command."""

READ_ONLY_INTENTS: Final[frozenset[str]] = frozenset(
    {"HassGetState", "HassClimateGetTemperature", "HassTimerStatus", "HassGetCurrentTime",
     "HassGetCurrentDate", "SaysoListAlarms", "SaysoListItems", "HassNevermind", "HassRespond",
     "HassGetWeather", "SaysoWhatIsOn", "SaysoWhatIsPlaying", "SaysoCalculate",
     "SaysoFlipCoin", "SaysoRollDie", "SaysoWorldTime",
     "SaysoConvert", "SaysoDaysUntil", "SaysoDateOf", "SaysoListHas",
     "SaysoPickNumber", "SaysoTellJoke", "SaysoSpell", "SaysoSay",
     "SaysoCalendarFact", "SaysoGetDetail"}
)  # fmt: skip
"""Built-in intents with a handler that only reads (they change no state)."""

LOCAL_ACTION_WORDS: Final[dict[str, frozenset[str]]] = {
    "de": frozenset({
        "an", "aus", "auf", "zu", "ab", "hoch", "runter", "schalte", "schalt", "mach",
        "mache", "öffne", "schließe", "schließ", "dimme", "stell", "stelle", "setz", "setze",
        "starte", "stoppe", "stopp", "pausiere", "timer", "wecker", "lauter", "leiser", "heller",
        "dunkler", "temperatur", "grad", "schlummern", "rückgängig",
    }),
    "fr": frozenset({
        "allume", "éteins", "ouvre", "ferme", "monte", "baisse", "mets", "lance", "arrête",
        "active", "désactive", "verrouille", "déverrouille", "minuteur", "alarme", "réveil",
        "température", "degrés", "annule", "défais", "reviens",
    }),
    "es": frozenset({
        "enciende", "apaga", "abre", "cierra", "sube", "baja", "pon", "activa", "desactiva",
        "bloquea", "desbloquea", "temporizador", "alarma", "temperatura", "grados", "pospón",
        "posponer", "deshaz", "deshacer", "revierte", "anula",
    }),
}  # fmt: skip
"""Words that name an action in other languages, beside `ACTION_WORDS`: two German words are a
whole command ("Küchenlicht an"), and without these it was asked about as a fragment, in English.
Not "ein": said alone it is "one" or "a" (Whisper base heard "Nein" as "ein", and the grammar
read that as a temperature of 1). Chinese is written without spaces and is never a fragment
(`app/action_stage.py`)."""

QUESTION_WORDS: Final[frozenset[str]] = frozenset({
    "what", "what's", "whats", "who", "who's", "whos", "where", "where's", "when", "why", "how",
    "how's", "which", "whose", "is", "are", "was", "were", "do", "does", "did", "can", "could",
    "will", "would", "should"
})  # fmt: skip
"""Words that open a question."""


COMPARATIVES: Final[dict[str, frozenset[str]]] = {
    "light": frozenset({"brighter", "dimmer", "darker"}),
    "fan": frozenset({"faster", "slower"}),
}
"""Per domain, the words that alone ask the last device for a step ("brighter", "faster"). Not
"warmer": the grammar's thermostat steps name no device a rewrite could keep."""
_SOFTENERS: Final[frozenset[str]] = frozenset({"a", "bit", "little", "please", "even", "more"})


def lone_comparative(said: list[str], domain: str) -> str:
    """The one comparative of `said` (lower-case words) that steps a device of `domain`, or ""."""
    kept = [w for w in said if w not in _SOFTENERS]
    return kept[0] if len(kept) == 1 and kept[0] in COMPARATIVES.get(domain, ()) else ""


def words(text: str) -> list[str]:
    """Lower-case words of `text`, punctuation dropped (apostrophes kept)."""
    return re.sub(r"[^\w' ]+", " ", text.lower()).split()


def names_action(text: str, language: str = "") -> bool:
    """True when `text` contains a word that names an action (in English or in `language`)."""
    local = LOCAL_ACTION_WORDS.get(base(language), frozenset())
    return any(w in ACTION_WORDS or w in local for w in words(text))


def is_fragment(text: str, language: str = "") -> bool:
    """True for a short utterance that names no action ("one.", "watch time.", "TV.")."""
    heard = words(text)
    return len(heard) <= FRAGMENT_MAX_WORDS and not names_action(text, language)


def is_weak_reading(heard: str) -> bool:
    """True when words heard this short, naming no action, are too little to correct into one.

    English action words only: a German particle heard alone ("ein", "zu", "auf") is as often
    an article, a number or a preposition, and a correction of it is not to be trusted.
    """
    return len(words(heard)) <= WEAK_READING_MAX_WORDS and not names_action(heard)


def is_question(text: str) -> bool:
    """True when `text` reads as a question ("What is the capital of France?")."""
    heard = words(text)
    return text.strip().endswith("?") or bool(heard and heard[0] in QUESTION_WORDS)


def changes_state(intent: str) -> bool:
    """True for a built-in intent whose handler can change the home or the stored state.

    Custom intents are not counted: they are the closed answer sets a user defines (a kiosk, the
    digits of a question), where one word is the whole answer.
    """
    return intent in HANDLERS and intent not in READ_ONLY_INTENTS


STATE_QUESTION: Final[frozenset[str]] = frozenset({"is", "are", "how", "what", "what's", "whats"})
"""Words that open a question about how a device is ("is it locked?", "how bright is it?")."""


def asks_state(words: list[str], pronouns: frozenset[str]) -> bool:
    """True for a short question about how the last device is, which names no action.

    "Is it locked?", "how bright is it?": a pronoun and a word of what is asked ("what is it"
    asks nothing of a device); the grammar decides whether the rewrite reads.
    """
    if not 3 <= len(words) <= 5 or words[0] not in STATE_QUESTION:
        return False
    asked = [w for w in words if w not in STATE_QUESTION | pronouns]
    return bool(asked) and (words[1] in pronouns or words[-1] in pronouns)
