"""Requests that name an action without asking for it: negations and reports of the past.

"Please don't turn off the hallway light" and "I turned off the kitchen light earlier" name both an
action and its target, yet ask for nothing; a small model calls `turn_off` for both. The brain's
grounding refuses a state-changing call for such a request (`sayso.llm.tools.grounding`). The rules
are word lists, so each refusal can be explained by the words that triggered it.
"""

from __future__ import annotations

from typing import Final

from sayso.dialogue.fragments import ACTION_WORDS, is_question, words

NEGATIONS: Final[frozenset[str]] = frozenset(
    {"don't", "dont", "not", "never", "doesn't", "didn't", "won't", "shouldn't"}
)
"""Words that negate the action word right after them ("don't turn off ...", "do not add ...")."""
SKIPPED: Final[frozenset[str]] = frozenset({"you", "ever", "please", "to", "go", "and"})
"""Words allowed between a negation and its action word ("don't you ever switch ...")."""

PAST_ACTIONS: Final[frozenset[str]] = frozenset({
    "turned", "switched", "added", "sent", "texted", "messaged", "woke", "locked", "unlocked",
    "opened", "closed", "dimmed", "brightened", "started", "stopped", "went", "rang", "wrote",
    "told", "bought", "heated", "cooled", "set", "put",
})  # fmt: skip
"""Past forms of the tools' action verbs ("set" and "put" count only after a subject). Not
"left" or "called": they name things ("the left lamp", "a lamp called Bob")."""

SUBJECTS: Final[frozenset[str]] = frozenset(
    {"i", "we", "he", "she", "they", "someone", "somebody", "already", "just"}
)
"""Words before "set"/"put" that make it a report ("I set ...", "we already put ..."); not "you"
("can you set a timer")."""

WANTING: Final[frozenset[str]] = frozenset(
    {"want", "need", "like", "get", "have", "keep", "please"}
)
"""Words that turn a past participle back into a request ("I need the lights turned off")."""

AMBIGUOUS_PAST: Final[frozenset[str]] = frozenset({"set", "put"})
"""Verbs spelled the same in the present: a report only after a subject ("I set it ...")."""


def is_negated(text: str) -> bool:
    """True when an action word is negated ("please don't turn off the hallway light").

    Only the action word right after the negation counts: "I don't need the fan anymore, turn it
    off" asks to turn it off.
    """
    heard = words(text)
    for i, word in enumerate(heard):
        if word not in NEGATIONS:
            continue
        after = [w for w in heard[i + 1:] if w not in SKIPPED]
        if after and after[0] in ACTION_WORDS and after[0] not in NEGATIONS:
            return True
    return False


def is_report(text: str) -> bool:
    """True when the request tells what happened rather than asking for something.

    A past verb of an action after a subject ("I turned off ...", "the alarm woke me ...", "Bob
    sent me ..."), unless a word of wanting comes before it ("I need the lights turned off").
    """
    if is_question(text):
        return False  # "who wrote Romeo and Juliet" asks, it does not report
    heard = words(text)
    for i, word in enumerate(heard):
        if word not in PAST_ACTIONS or i == 0:
            continue
        before = heard[:i]
        if any(w in WANTING for w in before):
            return False
        if word in AMBIGUOUS_PAST and before[-1] not in SUBJECTS:
            continue
        return True
    return False


def asks_nothing(text: str) -> bool:
    """True when the request names an action but does not ask for it (negated, or a report)."""
    return is_negated(text) or is_report(text)
