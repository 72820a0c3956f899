"""The form of a request: a question, a statement of state, a hypothetical, someone else's words.

A small model reads "Is the garage door open?" as `turn_on(garage door)`: the words name an
action ("open") and its target, but the sentence asks about the door. The same holds for "the
garage door was open all night" (a statement), "what would happen if I set the thermostat to
thirty" (a hypothetical) and "my sister said she'd text Alice" (someone else's words). These rules
read the form of the sentence, not its topic, so each refusal is explained by the words that
triggered it. A polite request stays a request: "could you switch off the fan" asks for an action,
"is the fan on" asks about one.
"""

from __future__ import annotations

from typing import Final

from sayso.dialogue.fragments import words

LEADING: Final[frozenset[str]] = frozenset(
    {"hey", "hi", "ok", "okay", "so", "um", "uh", "oh", "well", "and", "but", "sayso"}
)
"""Words skipped before the first word of a sentence ("hey, is the fan on")."""
ASKING: Final[frozenset[str]] = frozenset({
    "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't", "did", "didn't", "do",
    "does", "doesn't", "has", "have", "hasn't", "haven't", "what", "what's", "whats", "which",
    "who", "why", "how", "how's", "where", "where's", "when",
})  # fmt: skip
"""First words of a question about the world ("is the fan on", "did I leave ... on")."""
CLAUSE_OPENERS: Final[frozenset[str]] = frozenset({"when", "where"})
"""Question words that also open a clause of a command ("when you get a chance, turn ...")."""
MODALS: Final[frozenset[str]] = frozenset({
    "can", "could", "would", "will", "won't", "wouldn't", "can't", "couldn't", "may", "might",
})  # fmt: skip
"""First words of a polite request when "you" or "we" follows ("could you switch off ...")."""
ADDRESSEES: Final[frozenset[str]] = frozenset({"you", "u", "we", "ya"})
POLITE_OPENINGS: Final[tuple[tuple[str, ...], ...]] = (
    ("do", "you", "mind"), ("would", "you", "mind"), ("are", "you", "able"),
    ("is", "it", "possible"), ("would", "it", "be"), ("why", "don't", "you"),
    ("is", "it", "ok"), ("is", "it", "okay"), ("is", "it", "alright"),
    ("how", "about"), ("what", "about"),
)  # fmt: skip
"""Openings of a question that asks for an action ("do you mind turning off ...") or refers back
to the last one ("what about the bedroom")."""

COPULAS: Final[frozenset[str]] = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't", "weren't"}
)
"""Verbs that tie a thing to its state ("the door was open")."""
STATE_WORDS: Final[frozenset[str]] = frozenset(
    {"on", "off", "open", "closed", "shut", "locked", "unlocked", "running", "lit", "dark"}
)
"""States a device is in (the same words name the tools' actions)."""
STATE_GAP: Final[frozenset[str]] = frozenset(
    {"still", "not", "left", "wide", "all", "already", "now", "fully", "completely", "just"}
)
"""Words allowed between a copula and its state word ("was still open", "is wide open")."""
VERBS: Final[frozenset[str]] = frozenset({
    "turn", "switch", "set", "put", "make", "dim", "brighten", "lock", "unlock", "close", "shut",
    "open", "start", "stop", "kill", "add", "send", "text", "keep", "leave", "get", "tell", "ask",
    "remind", "message",
})  # fmt: skip
"""Verbs that make a sentence a command around a statement ("the light is on, turn it off",
"send Dad a text telling him the door is open") or a report ("text Bob and ask if he wants
...")."""
WANTING: Final[frozenset[str]] = frozenset(
    {"want", "need", "like", "please", "sure", "ensure", "should", "must", "needs"}
)
"""Words that make a state the one asked for ("I want the door locked", "make sure it's off")."""

HYPOTHETICAL: Final[tuple[tuple[str, ...], ...]] = (
    ("what", "if"), ("what", "would"), ("what", "happens"), ("would", "happen"), ("suppose",),
    ("supposing",), ("imagine",), ("hypothetically",), ("if", "i"), ("if", "we"),
    ("in", "theory"),
)  # fmt: skip
"""Word sequences of a hypothetical ("what would happen if ...", "if I set ..."): a conditional on
the user's own action asks for nothing now. Not "if you" ("if you could turn it off")."""

SPEECH_VERBS: Final[frozenset[str]] = frozenset({
    "said", "says", "told", "tells", "asked", "asks", "mentioned", "thinks", "thought", "reckons",
    "wanted", "promised", "claims", "claimed",
})  # fmt: skip
"""Verbs that report someone's words or wishes ("my sister said ..."). Not "wants": "my wife
wants the heating at 21" asks for it."""
SPEAKERS_OWN: Final[frozenset[str]] = frozenset(
    {"i", "you", "just", "i've", "i'd", "have", "that", "which", "it"}
)
"""Words before a speech verb that make it the user's own ("I said turn it off", "as I told
you") or the message's ("a text that says ..."): not someone else's words."""
OTHERS_WILL: Final[frozenset[str]] = frozenset(
    {"she'd", "he'd", "they'd", "she'll", "he'll", "they'll"}
)
"""Contractions of another person's plan ("she'll text Alice later")."""
DETERMINERS: Final[frozenset[str]] = frozenset({
    "the", "a", "an", "my", "your", "our", "his", "her", "their", "this", "that", "these",
    "those", "its",
})  # fmt: skip
PARTICLE_VERBS: Final[frozenset[str]] = frozenset(
    {"turn", "switch", "put", "flip", "power", "click", "shut", "turning", "switching",
     "turned", "switched", "putting", "knock", "get"}
)  # fmt: skip
"""Verbs whose "on"/"off" is the action ("turn on the tv", "turn the fan on")."""
PARTICLE_REACH: Final[int] = 4
"""Words back from "on"/"off" in which its verb is looked for ("turn the kitchen fan on")."""
OTHER_PARTICLES: Final[frozenset[str]] = frozenset({"up", "down", "in", "out", "over"})
"""Particles that give the verb another action ("turn up the volume on the tv")."""


def _opening(text: str) -> list[str]:
    heard = words(text)
    while heard and heard[0] in LEADING:
        heard = heard[1:]
    return heard


def _has(heard: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(heard[i:i + n]) == phrase for i in range(len(heard) - n + 1))


def is_polite_request(text: str) -> bool:
    """True for a question that asks for an action ("could you switch off the fan")."""
    heard = _opening(text)
    if len(heard) >= 2 and heard[0] in MODALS and heard[1] in ADDRESSEES:
        return True
    return "please" in heard or any(heard[:len(p)] == list(p) for p in POLITE_OPENINGS)


def is_inquiry(text: str) -> bool:
    """True for a question about the world, not a polite request ("is the fan on?").

    Not a command that opens with an auxiliary ("do turn it off") or a clause of time ("when you
    get a chance, turn off ..."; "when" asks only before an auxiliary: "when does ...").
    """
    heard = _opening(text)
    if len(heard) < 2 or heard[0] not in ASKING or heard[1] in VERBS:
        return False
    if heard[0] == "do" and heard[1:] in (["it"], ["that"], ["this"]):
        return False  # "do it", "do that": imperatives ("do you?" still asks)
    if heard[0] in CLAUSE_OPENERS and heard[1] not in ASKING | MODALS:
        return False
    return not is_polite_request(text)


def is_hypothetical(text: str) -> bool:
    """True for a hypothetical ("what would happen if I set the thermostat to thirty")."""
    heard = words(text)
    return any(_has(heard, phrase) for phrase in HYPOTHETICAL)


def is_reported_speech(text: str) -> bool:
    """True when the sentence reports someone else's words or plans ("Bob said he'd text me").

    Not in a command that quotes them ("text Bob and ask if he wants to play").
    """
    heard = _opening(text)
    if not heard or heard[0] in VERBS or is_polite_request(text):
        return False  # a command that quotes someone ("tell Alice Bob said hi")
    for i, word in enumerate(heard):
        if word in SPEECH_VERBS and i > 0 and heard[i - 1] not in SPEAKERS_OWN:
            return True
        if word in OTHERS_WILL:
            return True
    return False


def states_a_state(text: str) -> bool:
    """True for a statement of a state that asks for nothing ("the garage door was open").

    Not when a command verb follows ("the light is on, turn it off") or a word of wanting comes
    before ("I want the door locked", "make sure it's off"); questions are `is_inquiry`'s.
    """
    heard = _opening(text)
    if is_inquiry(text) or not heard:
        return False
    for i, word in enumerate(heard):
        if word not in COPULAS and not word.endswith(("'s", "'re")):
            continue
        rest = heard[i + 1:]
        while rest and rest[0] in STATE_GAP:
            rest = rest[1:]
        if not rest or rest[0] not in STATE_WORDS:
            continue
        before, after = heard[:i], rest[1:]
        wanted = any(w in WANTING for w in before) or before[:1] in (["make"], ["keep"])
        return not wanted and not any(w in VERBS for w in before + after)
    return False


def particle(text: str, word: str) -> bool:
    """True when `word` ("on"/"off") is said as the action, not as a preposition.

    "turn on the tv", "coffee maker on", "turn the fan on the highest setting" say it as the
    action; "the volume on the tv" (its verb already has its particle: "turn up") and "take milk
    off the list" use it as a preposition.
    """
    heard = words(text)
    for i, w in enumerate(heard):
        if w != word:
            continue
        if i + 1 == len(heard) or heard[i + 1] not in DETERMINERS:
            return True
        if _verb_before(heard[max(0, i - PARTICLE_REACH):i]):
            return True
    return False


def _verb_before(before: list[str]) -> bool:
    """True when a particle verb comes before with no other particle of its own ("turn up")."""
    for w in reversed(before):
        if w in OTHER_PARTICLES:
            return False
        if w in PARTICLE_VERBS:
            return True
    return False


STATE_ASKING: Final[frozenset[str]] = frozenset({
    "is", "are", "was", "were", "isn't", "aren't", "did", "didn't", "does", "do", "has", "have",
    "what", "what's", "whats", "which",
})  # fmt: skip
"""First words of a question that can be about a device's state ("is ...", "what's ... set to")."""
STATE_QUERY: Final[frozenset[str]] = STATE_WORDS | frozenset(
    {"set", "state", "status", "temperature", "brightness", "bright"}
)
"""Words that make such a question about a state ("on", "open", "set to")."""
REMOVING: Final[frozenset[str]] = frozenset({
    "remove", "delete", "take", "cross", "scratch", "strike", "erase", "drop",
    "mark", "tick", "check", "done", "bought", "complete", "completed", "finished",
    "clear", "empty", "wipe",
})  # fmt: skip
"""Words of removing an item ("take milk off the list"), of completing one ("mark bread as
done on my shopping list": the brain added bread again) or of clearing a list ("clear the
shopping list": the brain added "shopping list" to it): no tool adds by them."""


def asks_state(text: str) -> bool:
    """True for a question about a state ("is the garage door open?", "did I leave it on")."""
    heard = _opening(text)
    return (is_inquiry(text) and heard[0] in STATE_ASKING and not is_hypothetical(text)
            and any(w in STATE_QUERY for w in heard[1:]))


UNDOING: Final[frozenset[str]] = frozenset(
    {"delete", "cancel", "remove", "erase", "unsend", "undo", "stop", "clear"}
)
"""Verbs that undo what a creating tool makes ("delete my last text", "cancel the alarm")."""


def asks_undoing(text: str) -> bool:
    """True when the request undoes something ("delete my last text to Alice", "stop the timer")."""
    return any(w in UNDOING for w in words(text))


def asks_removal(text: str) -> bool:
    """True when the request removes rather than adds ("take milk off the shopping list")."""
    heard = words(text)
    return any(w in REMOVING for w in heard) and "add" not in heard


def asks_nothing_now(text: str) -> bool:
    """True for a hypothetical, someone else's words or a statement of a state."""
    return is_hypothetical(text) or is_reported_speech(text) or states_a_state(text)
