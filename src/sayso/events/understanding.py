"""Events at the understanding → actions boundary."""

from __future__ import annotations

import dataclasses
from typing import Any, Final

from sayso.events.base import Event

HANDLER_SENTENCE: Final = "sayso_handler_sentence"
"""A response key no template has, so the action handler's own sentence is said: a state
question asked in other words than the grammar's ("is the fan on" read as a turning, or the
brain's `get_state`) gets "The fan is off.", where HassGetState's default template says "off"."""


@dataclasses.dataclass(frozen=True)
class Slot:
    """One filled slot of an intent."""

    name: str
    """Slot name, e.g. "name", "area", "brightness"."""
    value: Any
    """Normalised value (entity id, number, time dict...)."""
    text: str = ""
    """The words of the utterance that filled it."""


@dataclasses.dataclass(frozen=True)
class Reading:
    """How the understanding step read a transcript: which path decided, on what evidence."""

    path: str
    """"exact" (the best hypothesis parsed), "constrained" (the audio decoded again within the
    grammar, and the way out did not call it open speech), "nbest" (a lower N-best entry
    parsed), "rescored" (a grammar sentence the audio supports), "corrected" (the closest
    grammar sentence to the words heard), "seconded" (a single domain: an older path heard a
    command the way out had refused, and the constrained best sentence says which), "extended"
    (an exact parse the grammar could continue, read as the longer constrained sentence of the
    same intent the audio goes on to; `score`: its mean token log-probability minus the free
    transcript's), "narrowed" (an exact parse through a wildcard slot, read as the constrained
    sentence that leaves fewer words to wildcards), "answer" (after a question: one of the
    answers it expects, decoded first, read as said), "aside" (small talk heard as such: "help",
    "hey sayso"; no grammar path reads it as the nearest command), "none"
    (nothing understood: the LLM's turn) or "no_speech" (the VAD measured too little voiced
    audio: no command, nothing for the LLM; `score` is the voiced ms)."""
    text: str = ""
    """The sentence that was parsed ("" for "none")."""
    score: float | None = None
    """What decided: the rescoring margin left in nats (>= 0 taken), the correction's cost per
    anchor word, or the voiced ms of "no_speech"; None for exact parses."""
    proposals: int = 0
    """Grammar sentences checked against the audio for this turn."""
    heard: str = ""
    """The words heard (the transcript), which a rescored, N-best or corrected reading replaced;
    the action stage reads them to tell a misheard command from noise."""
    constrained: float | None = None
    """The way-out score of the best constrained sentence (nats; >= 0 is a command), whichever
    path decided; None when no constrained decode ran."""
    constrained_text: str = ""
    """That sentence ("" when none ran or none was found)."""
    constrained_ms: float = 0.0
    """Time the constrained decode took."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class IntentRecognized(Event):
    """The utterance matched an intent."""

    intent: str
    """Intent name, e.g. "HassTurnOn" or a custom intent name."""
    slots: tuple[Slot, ...] = ()
    """Filled slots."""
    text: str = ""
    """The utterance that was matched."""
    confidence: float = 1.0
    """0..1; template matches are 1.0, fuzzy/grammar-aware matches lower."""
    source: str = "hassil"
    """Which recogniser matched ("hassil", "custom", "llm", ...)."""
    response_key: str | None = None
    """Key of the response template to speak, when the template set names one
    (`HANDLER_SENTENCE`: none, the handler's own sentence)."""
    language: str = "en"
    """Language of the utterance."""
    open_ended: bool = False
    """A free-text (wildcard) slot was filled, so more words could still belong to the command:
    the live session does not end such a turn early."""
    free_words: int = 0
    """Words of the utterance that went into wildcard slots (0: every word is the grammar's)."""
    reading: Reading | None = None
    """How the transcript was read into this intent (None when not from a transcript)."""
    then: IntentRecognized | None = None
    """The command a timer runs when it ends ("turn off the light in 5 minutes"), read from its
    `conversation_command` words when the timer was asked for; None for any other intent."""

    def slot(self, name: str, default: Any = None) -> Any:
        """Value of slot `name`, or `default`."""
        for s in self.slots:
            if s.name == name:
                return s.value
        return default

    def slot_dict(self) -> dict[str, Any]:
        """Slots as a name → value mapping."""
        return {s.name: s.value for s in self.slots}


@dataclasses.dataclass(frozen=True, kw_only=True)
class NoIntent(Event):
    """Nothing understood the utterance (the fast path gives it to the LLM, when one is set)."""

    text: str
    """The utterance."""
    language: str = "en"
    """Language of the utterance."""
    reading: Reading | None = None
    """What the understanding step tried (path "none", the proposals it checked)."""


def intent_to_dict(intent: IntentRecognized) -> dict[str, Any]:
    """What is needed to run a held intent again (a confirmed or a scheduled one).

    Name, slots, words, source, language, and the command a timer runs (`then`), so it runs as
    it was read and confirmed.
    """
    held: dict[str, Any] = {
        "intent": intent.intent, "text": intent.text, "source": intent.source,
        "response_key": intent.response_key, "language": intent.language,
        "slots": [[s.name, s.value, s.text] for s in intent.slots],
    }
    if intent.then is not None:
        held["then"] = intent_to_dict(intent.then)
    return held


def intent_from_dict(data: dict[str, Any]) -> IntentRecognized:
    """The intent `intent_to_dict` wrote (lists stay lists; handlers accept either)."""
    then = data.get("then")
    return IntentRecognized(
        intent=data["intent"], text=data.get("text", ""), source=data.get("source", "hassil"),
        response_key=data.get("response_key"), language=data.get("language", "en"),
        slots=tuple(Slot(name, value, text) for name, value, text in data.get("slots", [])),
        then=intent_from_dict(then) if then else None,
    )
