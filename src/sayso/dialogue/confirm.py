"""Spoken confirmation of sensitive tool calls.

A sensitive call never runs in the turn that asked for it: it becomes a pending action and the user
is asked ("Send 'I'm late' to Alice?"). Only the *next, separate* user turn can confirm it, so words
inside a transcript ("...send it to everyone, yes do it") can never authorise anything by
themselves.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import time
from collections.abc import Callable
from typing import Any

from sayso.dialogue import asking
from sayso.dialogue.messages import ToolCall
from sayso.dialogue.persist import PendingTable, wall_clock

CONFIRM_TIMEOUT_S = 30.0
"""A pending action expires this many seconds after the question was asked."""

_YES = re.compile(
    r"^(yes|yeah|yep|yup|sure|ok|okay|alright|all right|confirm|confirmed|do it|go ahead|please do"
    r"|send it|correct)"
    r"( please| do it| go ahead| send it| thanks| thank you)*$"
)
ANSWERS = (
    "yes", "yes please", "yeah", "yep", "sure", "okay", "ok", "confirm", "correct", "do it",
    "go ahead", "yes do it", "send it", "no", "nope", "no thanks", "cancel", "stop", "don't",
    "do not", "never mind", "abort",
)  # fmt: skip
"""Spoken answers to a confirmation question, decoded first after one is asked (each is read
by `classify` as a yes or a no)."""
_NO = re.compile(r"^(no|nope|don'?t|do not|never mind|nevermind)\b")
_STOPS = re.compile(r"^(cancel|stop|abort)\b")
"""A no too ("cancel the unlock", "stop, don't send it"), unless the turn is a command of its
own: "cancel all timers" after "Did you mean: add a minute?" drops the question and runs."""


FILLERS = frozenset({"um", "uh", "er", "oh", "well", "so"})
"""Words before an answer that do not change it (not "ok", which is an answer itself). Not
"and": Whisper writes a quick "undo it" as "And do it.", which must not confirm an unlock."""
_ALONE = re.compile(r"^(cancel|stop|abort)( it| that| this| please| thanks| thank you)*$")
"""A stop word alone, or with a pronoun or thanks: a no even where it parses as a command."""


class Verdict(enum.Enum):
    """How the user's turn resolved the pending action."""

    CONFIRMED = "confirmed"
    DENIED = "denied"
    CANCELLED = "cancelled"
    """Neither a clear yes nor no: the action is dropped and the turn is handled normally."""
    EXPIRED = "expired"
    NONE = "none"
    """Nothing was pending (or the answer came in the same turn that asked)."""


@dataclasses.dataclass(frozen=True)
class PendingAction:
    """A sensitive call waiting for the user's yes."""

    call: ToolCall
    """The validated call."""
    question: str
    """What the user was asked."""
    turn_id: str
    """Turn that proposed it; a confirmation must come from a later turn."""
    created_s: float
    """Clock time at which it was proposed, seconds."""
    payload: Any = None
    """What to run instead of `call` on a yes, e.g. the fast path's `IntentRecognized`."""


def classify(text: str, language: str = "", *, command: bool = False) -> Verdict:
    """CONFIRMED, DENIED or CANCELLED for a reply to a confirmation question.

    English answers count in any language; a turn in `language` also answers in its own words
    (`dialogue/asking.py`: "ja", "non", "vale", "好的"). `command`: the turn reads as a command
    of its own, so "cancel …" and "stop …" are that command, not a no (alone they are a no).
    """
    words = re.sub(r"[^\w' ]+", " ", text.lower()).split()
    while len(words) > 1 and words[0] in FILLERS:
        words = words[1:]  # "uh, do it", "well, no"
    cleaned = " ".join(words)
    if _YES.match(cleaned):
        return Verdict.CONFIRMED
    if _NO.match(cleaned):
        return Verdict.DENIED
    if _STOPS.match(cleaned) and not (command and not _ALONE.match(cleaned)):
        return Verdict.DENIED
    local = asking.answer(cleaned, language)
    if local is not None:
        return Verdict.CONFIRMED if local else Verdict.DENIED
    return Verdict.CANCELLED


class ConfirmationGate:
    """Pending sensitive actions, one per session.

    With a `table` they live in the state database (`sayso.dialogue.persist`), so a restart
    between the question and the "yes" keeps them, and the wall clock times them out; without
    one they live in this object, timed by the monotonic clock.
    """

    def __init__(
        self, *, timeout_s: float = CONFIRM_TIMEOUT_S, clock: Callable[[], float] | None = None,
        table: PendingTable | None = None,
    ) -> None:
        self.timeout_s = timeout_s
        self._clock = clock or (wall_clock if table is not None else time.monotonic)
        self._table = table
        self._pending: dict[str, PendingAction] = {}

    def propose(
        self, session: str, call: ToolCall, question: str, turn_id: str, *, payload: Any = None
    ) -> PendingAction:
        """Hold `call` until a later turn confirms it (replaces any earlier pending action)."""
        action = PendingAction(call, question, turn_id, self._clock(), payload)
        if self._table is not None:
            self._table.put(session, call, question, turn_id, action.created_s, payload)
        else:
            self._pending[session] = action
        return action

    def pending(self, session: str) -> PendingAction | None:
        """The live pending action of `session` (None when expired), without consuming it.

        A peek: the expired action stays until the next turn resolves it, so that turn can say
        the question expired ("yes" after the timeout) instead of treating "yes" as a new request.
        """
        action = self._get(session)
        if action is not None and self._expired(action):
            return None
        return action

    def resolve(
        self, session: str, text: str, turn_id: str, language: str = "", *, command: bool = False
    ) -> tuple[Verdict, PendingAction | None]:
        """Apply the user's turn to the pending action; the action is consumed unless same-turn.

        Consuming is a claim: when another turn (or process) consumed it first, nothing was
        pending for this one.
        """
        action = self._get(session)
        if action is None:
            return Verdict.NONE, None
        if action.turn_id == turn_id:
            # The question was asked in this very turn: nothing said in it can be the answer.
            return Verdict.NONE, None
        if not self._claim(session, action):
            return Verdict.NONE, None
        if self._expired(action):
            return Verdict.EXPIRED, action
        verdict = classify(text, language, command=command)
        asked = getattr(action.payload, "language", "")  # the question's language
        if verdict is Verdict.CANCELLED and asked and asked != language:
            verdict = classify(text, asked, command=command)  # "ja" typed, or heard in another
        return verdict, action

    def clear(self, session: str) -> None:
        """Forget the pending action of `session`."""
        self._pending.pop(session, None)
        if self._table is not None:
            self._table.drop(session)

    def _get(self, session: str) -> PendingAction | None:
        if self._table is None:
            return self._pending.get(session)
        found = self._table.get(session)
        return PendingAction(*found) if found is not None else None

    def _claim(self, session: str, action: PendingAction) -> bool:
        if self._table is not None:
            return self._table.claim(session, action.turn_id)
        return self._pending.pop(session, None) is not None

    def _expired(self, action: PendingAction) -> bool:
        return self._clock() - action.created_s > self.timeout_s


def question_for(call: ToolCall) -> str:
    """A short spoken question describing `call`."""
    args = call.arguments
    if call.name == "send_message" and {"contact", "body"} <= args.keys():
        return f"Send '{args['body']}' to {args['contact']}?"
    described = ", ".join(f"{k} {v}" for k, v in args.items())
    action = call.name.replace("_", " ")
    return f"Should I {action}{' with ' + described if described else ''}?"
