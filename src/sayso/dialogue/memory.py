"""Per-session conversation history within a token budget, and targets for follow-ups."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sayso.dialogue.messages import Message
from sayso.dialogue.persist import ConversationTable

if TYPE_CHECKING:
    from sayso.dialogue.awaiting import Awaiting
    from sayso.dialogue.follow_ups import Referent
    from sayso.events.actions import StateChange

DEFAULT_BUDGET_TOKENS = 768
"""History kept in the prompt, in tokens (the embedded model has a small context)."""
CHARS_PER_TOKEN = 4
"""Rough size of a token when the backend has no tokenizer."""
LEAN_ON_S = 300.0
"""How long after a command a later turn may lean on it ("turn it off", "undo that"), in s."""
SUMMARY_TURNS = 3
"""Dropped user turns quoted in the summary line."""
SUMMARY_QUOTE_CHARS = 40
"""Longest quote of one dropped turn in the summary line."""

_FOLLOW_UP = re.compile(r"\b(it|them|those|that|too|also|as well|again|same)\b", re.IGNORECASE)

TokenCounter = Callable[[str], int | None]


def estimate_tokens(text: str) -> int:
    """Tokens of `text` by the chars/4 rule of thumb."""
    return max(1, len(text) // CHARS_PER_TOKEN)


@dataclasses.dataclass
class ConversationMemory:
    """The history of one session, trimmed oldest-first to a token budget."""

    budget_tokens: int = DEFAULT_BUDGET_TOKENS
    """Most tokens of history handed to the model."""
    count_tokens: TokenCounter | None = None
    """The backend's tokenizer; None (or a None answer) falls back to chars/4."""
    turns: list[Message] = dataclasses.field(default_factory=list)
    """Everything said, oldest first (kept whole; trimming happens in `context`)."""
    last_targets: tuple[str, ...] = ()
    """Entity ids or areas of the last action, for "and the bedroom too" / "make it brighter"."""
    session: str = ""
    """Whose memory this is (the key of its rows in `table`)."""
    table: ConversationTable | None = None
    """Where every message and target is also written, to survive a restart (None: nowhere)."""
    referent: Referent | None = None
    """What the last command named, for "turn it off" and "the hallway too" read by the grammar
    (`dialogue.follow_ups`); kept in memory only, like the turn it leans on."""
    undoable: tuple[dict[str, Any], ...] = ()
    """The device changes (target, attribute, old, new) of the last command that changed any,
    for "undo that" (`actions/undo.py`); in memory only."""
    undoable_at: float = 0.0
    """When they were made (monotonic s)."""
    last_reply: str = ""
    """The last reply said in this session, whole, for "what did you say?" (`dialogue.repeat`);
    in memory only."""
    last_reply_language: str = ""
    """Its language ("": the default voice)."""
    last_reply_turn: str = ""
    """The turn it answered: the pieces of one streamed reply are joined."""
    awaiting: Awaiting | None = None
    """The last request, when it was answered with a question for its value ("set an alarm",
    "For what time?"): the next turn may be the value (`dialogue.awaiting`); in memory only."""
    last_heard: str = ""
    """The words of the session's last turn, as read ("what did you hear?" says them back)."""

    def remember_undo(self, changes: Iterable[StateChange], at: float) -> None:
        """Keep `changes` (made at `at`) for "undo"; no changes keep the last ones."""
        kept = tuple(dataclasses.asdict(c) for c in changes)
        if kept:
            self.undoable, self.undoable_at = kept, at

    def undo(self, at: float) -> tuple[dict[str, Any], ...]:
        """The changes "undo" at `at` would put back: none once `LEAN_ON_S` have passed."""
        return self.undoable if at - self.undoable_at <= LEAN_ON_S else ()

    def said(self, turn_id: str, text: str, language: str) -> None:
        """Keep a piece of the reply to `turn_id` as the last reply (pieces of one turn joined)."""
        text = text.strip()
        if not text:
            return
        if turn_id and turn_id == self.last_reply_turn:
            self.last_reply = f"{self.last_reply} {text}"
            self.last_reply_language = self.last_reply_language or language
        else:
            self.last_reply, self.last_reply_turn = text, turn_id
            self.last_reply_language = language

    def add(self, message: Message) -> None:
        """Append one message."""
        self.turns.append(message)
        if self.table is not None:
            self.table.append(self.session, message)

    def remember_targets(self, targets: Iterable[str]) -> None:
        """Record what the last action acted on (ignored when empty)."""
        found = tuple(t for t in targets if t)
        if found:
            self.last_targets = found
            if self.table is not None:
                self.table.set_targets(self.session, found)

    def is_follow_up(self, text: str) -> bool:
        """True when `text` refers back ("it", "too", "again") and there is a target to refer to."""
        return bool(self.last_targets) and bool(_FOLLOW_UP.search(text))

    def tokens(self, text: str) -> int:
        """Size of `text` with the backend's tokenizer, else estimated."""
        counted = self.count_tokens(text) if self.count_tokens else None
        return counted if counted is not None else estimate_tokens(text)

    def context(self) -> list[Message]:
        """The newest messages that fit the budget, led by a summary of what was dropped."""
        kept: list[Message] = []
        used = 0
        for message in reversed(self.turns):
            cost = self.tokens(message.content)
            if kept and used + cost > self.budget_tokens:
                break
            kept.append(message)
            used += cost
        kept.reverse()
        dropped = self.turns[: len(self.turns) - len(kept)]
        summary = summarize_dropped(dropped)
        return ([Message("system", summary)] if summary else []) + kept


def summarize_dropped(dropped: list[Message]) -> str:
    """One short line about dropped turns, quoting the last few user requests."""
    asked = [m.content for m in dropped if m.role == "user" and m.content]
    if not dropped:
        return ""
    quotes = "; ".join(_quote(q) for q in asked[-SUMMARY_TURNS:])
    line = f"Earlier: {len(dropped)} older messages omitted"
    return f"{line}; the user asked: {quotes}." if quotes else f"{line}."


def _quote(text: str) -> str:
    short = text if len(text) <= SUMMARY_QUOTE_CHARS else text[: SUMMARY_QUOTE_CHARS - 1] + "…"
    return f"'{short}'"


class MemoryStore:
    """Memories of every session, created on first use with the same budget and tokenizer.

    With a `table`, a session's memory is reloaded from the state database on first use and
    every message is written through, so a restarted assistant continues the conversation.
    """

    def __init__(
        self,
        *,
        budget_tokens: int = DEFAULT_BUDGET_TOKENS,
        count_tokens: TokenCounter | None = None,
        table: ConversationTable | None = None,
    ) -> None:
        self.budget_tokens = budget_tokens
        self.count_tokens = count_tokens
        self.table = table
        self._sessions: dict[str, ConversationMemory] = {}

    def session(self, session: str) -> ConversationMemory:
        """The memory of `session`."""
        if session not in self._sessions:
            turns, targets = self.table.load(session) if self.table is not None else ([], ())
            self._sessions[session] = ConversationMemory(
                self.budget_tokens, self.count_tokens, turns, targets, session, self.table
            )
        return self._sessions[session]

    def forget(self, session: str) -> None:
        """Drop the history of `session`."""
        self._sessions.pop(session, None)
        if self.table is not None:
            self.table.forget(session)

    def reset_cache(self) -> None:
        """Forget the sessions held in this process (their rows stay): the store changed."""
        self._sessions.clear()
