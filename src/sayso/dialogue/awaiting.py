"""Answers to "For what time?": a request that lacked its value, completed by the next turn.

"Set an alarm" is answered "For what time?", and people answer with the value alone: "7 am".
That answer was read on its own and not understood, so the question could not be answered.
Now the request that asked is kept for a while (`AWAIT_S`), and a next turn that is not a
command of its own is read as the request with the answer joined to it ("set an alarm" + "for"
+ "7 am"), in the request's language. The grammar decides, as for other follow-ups: a
completion counts only when it reads as the request's own intent.
"""

from __future__ import annotations

import dataclasses
from typing import Final

from sayso import languages
from sayso.events import ActionResult, IntentRecognized
from sayso.events.base import now

AWAIT_S = 60.0
"""How long after the question its answer is taken, in s."""

JOINERS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("for", "at", "to", "in"),
    "de": ("auf", "für", "um", "in"),
    "fr": ("pour", "à", "de", "dans"),
    "es": ("para", "a", "de", "en"),
}
"""Words that may join the answer to the request, tried in order, then none; an answer that
starts with one is first joined as said ("remind me to call mom" + "at 5 pm"), then with each
("set an alarm" + "for" + "in 20 minutes"). Chinese puts the value inside the request; not read."""


JOINED_AS_SAID: Final = frozenset({"message_body"})
"""Values joined with no word: a message is the answer's own words ("send a message to Mum" +
"I'm late"), and a joining word would become its first ("for I'm late")."""


@dataclasses.dataclass(frozen=True)
class Awaiting:
    """A request answered with a question for its value."""

    text: str
    """The request as read: "set an alarm"."""
    intent: str
    """Its intent: the completed request must read as it."""
    language: str
    """The request's language (the answer is read in it)."""
    at: float
    """When it was asked (monotonic s)."""
    key: str = ""
    """What was asked for (the failure's key: "alarm_time", "message_body")."""


def asked(
    intent: IntentRecognized, result: ActionResult, missing_key: str, request_key: str = ""
) -> Awaiting | None:
    """What the next turn may complete: `intent`, when its result asked for a value.

    The request is `intent`'s words, or the handler's own wording of it (`request_key`).
    """
    if result.success or not result.data.get(missing_key):
        return None
    if languages.base(intent.language or "en") not in JOINERS:
        return None
    key = str(result.data.get(missing_key))
    text = str(result.data.get(request_key) or intent.text) if request_key else intent.text
    return Awaiting(text.strip().rstrip(".?!"), intent.intent, intent.language, now(), key)


def waits(awaiting: Awaiting | None) -> bool:
    """A request waits for its value now (asked less than `AWAIT_S` ago)."""
    return awaiting is not None and now() - awaiting.at <= AWAIT_S


def completions(awaiting: Awaiting, answer: str) -> list[str]:
    """The request with the answer joined to it, best first (none once `AWAIT_S` have passed)."""
    said = answer.strip().rstrip(".?!").strip()
    if not said or not waits(awaiting):
        return []
    joiners = JOINERS.get(languages.base(awaiting.language or "en"), ())
    if awaiting.key in JOINED_AS_SAID:
        joiners = ()
    joined = [f"{awaiting.text} {word} {said}" for word in joiners]
    if said.split()[0].lower() in joiners:  # the answer brings its own: "at 5 pm", "in 20 minutes"
        return [f"{awaiting.text} {said}", *joined]
    return [*joined, f"{awaiting.text} {said}"]
