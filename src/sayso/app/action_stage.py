"""The action stage with confirmation and memory: the one place where a turn may change the world.

Every turn passes here first, whichever path will answer it:

* A pending sensitive action (from the fast path or the LLM) is resolved by this turn's words: a
  clear "yes" runs it, "no" drops it, anything else drops it and the turn is handled as new
  ("what did you say?" hears the question again and leaves it pending: `dialogue.repeat`). The
  turn that proposed an action can never confirm it, so words inside one transcript ("...send it,
  yes do it") authorise nothing.
* A recognised intent that is sensitive (sending a message, unlocking) is held and the user is
  asked; any other intent runs at once, and the turn goes into the session's memory.
* A state-changing intent read from a fragment ("TV.", "kitchen light": two words or fewer, no
  action word; `sayso.dialogue.fragments`), or from a corrected reading of three words or fewer
  that named no action ("the lights in" → "the lights pink"), is never run on the strength of
  that turn: it is asked about ("Turn on the TV?", "Did you mean: the lights pink?") and runs on
  a later yes; a fragment with nothing to ask goes on as `NoIntent`.
* A state-changing intent read from a request that asks for nothing — a negated action word
  ("please don't switch off the bedroom light") or a report ("I turned off the kitchen light
  earlier"; `sayso.dialogue.statements`) — is never run: it goes on as `NoIntent`.
* A turn that leans on the last command ("turn it off", "and the hallway too", or the answer to
  "which light do you mean?") is read again as the sentence it stands for
  (`sayso.dialogue.follow_ups`), through `reread`, and goes on as that command.
* `NoIntent` goes on to the reply stage, whose fallback is the LLM brain.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from concurrent.futures import Executor
from typing import ClassVar, Final

from sayso import languages
from sayso.actions.free_words import make_sense
from sayso.actions.handlers import ActionHandler
from sayso.actions.outcome import AS_ASKED, MISSING
from sayso.actions.targets import WHICH_ONE
from sayso.actions.undo import UNDO_INTENT, undoable
from sayso.app import for_a_while
from sayso.app.leaning import FOLLOW_UP, LeaningReader, Reread, exact, heard_of
from sayso.dialogue import asking, awaiting, follow_ups, repeat
from sayso.dialogue.confirm import ConfirmationGate, PendingAction, Verdict, classify
from sayso.dialogue.forms import asks_nothing_now, asks_state, is_inquiry
from sayso.dialogue.fragments import changes_state, is_fragment, is_weak_reading
from sayso.dialogue.memory import MemoryStore
from sayso.dialogue.messages import ToolCall
from sayso.dialogue.policy import fragment_question, intent_question
from sayso.dialogue.statements import asks_nothing
from sayso.events import ActionResult, Event, IntentRecognized, NoIntent, Reading, Slot
from sayso.events.base import now
from sayso.events.understanding import HANDLER_SENTENCE
from sayso.llm.as_events import outcome_event, pending_event
from sayso.llm.brain import DENIED, EXPIRED, SORRY, Brain
from sayso.llm.outputs import ToolOutcome
from sayso.llm.tools.actions import set_session
from sayso.llm.turn_memory import record_fast_path
from sayso.runtime.stage import Stage, run_blocking

NOT_CONFIRMED = "not_confirmed"
"""`ActionResult.error_code` when the user said no to a pending action."""
CONFIRMATION_EXPIRED = "confirmation_expired"
"""`ActionResult.error_code` when the yes came after the pending action timed out."""
TURNING: Final[frozenset[str]] = frozenset({"HassTurnOn", "HassTurnOff"})
"""Intents whose words ("on", "open", "locked") also name a state a question asks about."""
STATE_QUESTION: Final = "HassGetState"
"""The intent that answers a question about a device's state (it only reads)."""



class GuardedActionStage(Stage):
    """`IntentRecognized` / `NoIntent` in; the action's `ActionResult` (or the NoIntent) out."""

    consumes: ClassVar[tuple[type[Event], ...]] = (IntentRecognized, NoIntent)
    name: ClassVar[str] = "actions"
    forward_consumed: ClassVar[bool] = False  # a "yes" must not also reach the LLM fallback

    def __init__(
        self, handler: ActionHandler, gate: ConfirmationGate, memory: MemoryStore, session: str,
        *, brain: Brain | None = None, authorized: bool = False, executor: Executor | None = None,
        reread: Reread | None = None,
    ) -> None:
        self.handler = handler
        self.gate = gate
        self.memory = memory
        self.session = session
        self.brain = brain
        self.authorized = authorized
        """Sensitive intents of this pipeline's turns run without asking (`sayso turn --yes`)."""
        self.executor = executor
        self.reread = reread
        """Reads a follow-up's rewrite (None: follow-ups are not read, the brain gets them)."""

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Resolve a pending confirmation, then act on the intent or pass the NoIntent on."""
        assert isinstance(event, IntentRecognized | NoIntent)
        if isinstance(event, NoIntent) and _asks_again(event):
            yield event  # "what did you say?": the reply stage says it again; a question stands
            return
        if event.text.strip():
            self.memory.session(self.session).last_heard = event.text.strip()
        if event.text.strip():  # an empty transcript (a cough) neither confirms nor cancels
            verdict, pending = self.gate.resolve(
                self.session, event.text, event.turn_id, event.language,
                command=isinstance(event, IntentRecognized),
            )  # fmt: skip
            if pending is not None and verdict is Verdict.CONFIRMED:
                async for out in self._confirmed(pending, event):
                    yield out
                return
            command = isinstance(event, IntentRecognized)
            if pending is not None and _answers(verdict, event.text, event.language, command):
                yield self._refused(pending, verdict, event)
                return
        leaning = self._leaning()
        if leaning is not None:
            event = await leaning.completed(event) or await leaning.followed(event)
            both = None if isinstance(event, IntentRecognized) and exact(event) else (
                await leaning.joined(event)
            )
            if both is not None:
                async for out in self._both(*both):
                    yield out
                return
        if isinstance(event, IntentRecognized):
            event = as_state_question(event)  # "is the fan on" parsed as HassTurnOn
        if isinstance(event, IntentRecognized) and (
            _asks_nothing(event) or _vague_later(event) or not make_sense(event)
        ):
            yield _not_understood(event)  # the brain answers; its grounding refuses any action
            return
        if isinstance(event, IntentRecognized) and event.intent == UNDO_INTENT:
            changes = self.memory.session(self.session).undo(now())
            event = dataclasses.replace(event, slots=(*event.slots, Slot("changes", changes)))
        if isinstance(event, IntentRecognized) and _fragment_action(event):
            async for out in self._fragment(event):
                yield out
            return
        if isinstance(event, IntentRecognized) and for_a_while.asked(event):
            plan = for_a_while.planned(event)  # "turn on the porch light for 10 minutes"
            if plan is None:  # not switched for a while: refused by the timer, never asked
                yield event
                yield await self._handle(event)
                return
            async for out in self._both(*plan):
                yield out
            return
        yield event
        if isinstance(event, IntentRecognized):
            async for out in self._act(event):
                yield out

    async def _act(self, intent: IntentRecognized) -> AsyncIterator[Event]:
        question = None if self.authorized else intent_question(self.handler, intent)
        if question is not None:
            call = ToolCall(intent.intent, intent.slot_dict())
            self.gate.propose(self.session, call, question, intent.turn_id, payload=intent)
            yield pending_event(
                call, question, intent.turn_id, intent.t_created, intent.intent, _asked_in(intent)
            )
            return
        yield await self._handle(intent)

    async def _fragment(self, intent: IntentRecognized) -> AsyncIterator[Event]:
        """Ask before acting on a fragment, or pass it on as not understood."""
        question = fragment_question(self.handler, intent)
        if question is None and intent.reading is not None and intent.reading.path != "exact":
            meant = intent.reading.text.rstrip(" .!?。！？")  # the misheard command, if it was
            question = asking.question("did_you_mean", meant, intent.language)
            question = question or f"Did you mean: {meant}?"
        if question is None:
            yield _not_understood(intent)
            return
        yield intent
        call = ToolCall(intent.intent, intent.slot_dict())
        self.gate.propose(self.session, call, question, intent.turn_id, payload=intent)
        yield pending_event(
            call, question, intent.turn_id, intent.t_created, intent.intent, _asked_in(intent)
        )

    async def _handle(self, intent: IntentRecognized) -> ActionResult:
        handler = self.handler
        result = await run_blocking(lambda: handler.handle(intent), self.executor)
        mem = self.memory.session(self.session)
        record_fast_path(mem, intent, result, handler.home)
        if result.success:
            mem.remember_undo(undoable(result.changes), now())
        mem.awaiting = awaiting.asked(intent, result, MISSING, AS_ASKED)
        unresolved = result.error_code == WHICH_ONE
        if result.success or unresolved:
            choices = tuple(str(c) for c in result.data.get("choices", ()))
            found = follow_ups.referent_of(
                intent, handler.home, mem.last_targets, unresolved=unresolved, choices=choices
            )
            mem.referent = dataclasses.replace(found, at=now()) if found else mem.referent
        return result

    def _leaning(self) -> LeaningReader | None:
        if self.reread is None:
            return None
        return LeaningReader(
            self.handler, self.memory, self.session, self.reread,
            refuses=lambda i: _asks_nothing(i) or _vague_later(i),
            executor=self.executor, authorized=self.authorized,
        )  # fmt: skip

    async def _both(
        self, first: IntentRecognized, second: IntentRecognized
    ) -> AsyncIterator[Event]:
        """Run two joined commands as one turn: one reply, and "undo" undoes both."""
        yield first
        done = [await self._handle(first), await self._handle(second)]
        mem = self.memory.session(self.session)
        mem.remember_undo(undoable([c for r in done for c in r.changes]), now())
        said = list(dict.fromkeys(_sentence(r.speech) for r in done if r.speech.strip()))
        failed = next((r for r in done if not r.success), None)
        yield dataclasses.replace(
            done[0], success=failed is None, speech=" ".join(said),
            changes=tuple(c for r in done for c in r.changes),
            error_code=failed.error_code if failed else None,
        )  # fmt: skip

    async def _confirmed(self, pending: PendingAction, event: Event) -> AsyncIterator[Event]:
        if isinstance(pending.payload, IntentRecognized):
            # The held intent runs now, as part of this (the confirming) turn.
            intent = dataclasses.replace(
                pending.payload, turn_id=event.turn_id, t_created=now(), t_source=event.t_created
            )
            yield intent
            yield await self._handle(intent)
            return
        if self.brain is None:
            yield _result(pending, event, SORRY, "not_available")
            return
        set_session(self.session)
        async for out in self.brain.run_confirmed(pending.call, self.session):
            if isinstance(out, ToolOutcome):
                yield outcome_event(out, event.turn_id, event.t_created)

    def _refused(self, pending: PendingAction, verdict: Verdict, event: Event) -> ActionResult:
        # Answered in the question's language ("Nein" typed to an English-default assistant).
        language = getattr(pending.payload, "language", "") or getattr(event, "language", "")
        if verdict is Verdict.DENIED:
            speech = asking.said("denied", language) or DENIED
            return _result(pending, event, speech, NOT_CONFIRMED, language)
        speech = asking.said("expired", language) or EXPIRED
        return _result(pending, event, speech, CONFIRMATION_EXPIRED, language)


def _asks_nothing(intent: IntentRecognized) -> bool:
    """True for a built-in state change read from a request that asks for nothing.

    "please don't switch off the bedroom light" parses as HassTurnOff; "I turned off the kitchen
    light earlier" as well (`sayso.dialogue.statements`).
    """
    if not changes_state(intent.intent) or intent.slot("felt"):
        return False  # "I'm cold" states a feeling: its step is only offered (dialogue/policy)
    heard = heard_of(intent)
    return asks_nothing(heard) or (_english(intent) and (asks_nothing_now(heard)
                                                         or is_inquiry(heard)))


def _vague_later(intent: IntentRecognized) -> bool:
    """True for a timer whose command would not be acted on if said now.

    "kitchen light in 5 minutes" would turn the light on unasked when the timer ends: the
    checks a request gets now (a fragment, a statement, a question) apply to the command it
    would run later, when nobody may be there to be asked.
    """
    then = intent.then
    if then is None:
        return False
    return _fragment_action(then) or _asks_nothing(then) or as_state_question(then) is not then


def as_state_question(intent: IntentRecognized) -> IntentRecognized:
    """A turning on or off read from a question about the device's state, as that question.

    The grammar parses "is the fan on" and "did I leave the coffee machine on" as HassTurnOn;
    they ask for the device's state (`sayso.dialogue.forms.asks_state`). Other questions that
    parse as a state change are left to `_asks_nothing`.
    """
    if intent.intent not in TURNING or not _english(intent) or not asks_state(heard_of(intent)):
        return intent
    return dataclasses.replace(intent, intent=STATE_QUESTION, response_key=HANDLER_SENTENCE)


def _english(intent: IntentRecognized) -> bool:
    """True when the request's language is English (the form rules are English words)."""
    return languages.english(intent.language)


def _not_understood(intent: IntentRecognized) -> NoIntent:
    """The turn as not understood, with the words heard.

    Not a grammar correction of them: "we already put eggs …" was corrected to "delete put eggs
    …", which the brain then acted on.
    """
    reading = intent.reading
    heard = heard_of(intent)
    proposals = reading.proposals if reading else 0
    return NoIntent(turn_id=intent.turn_id, t_source=intent.t_source, text=heard,
                    language=intent.language, reading=Reading("none", proposals=proposals))


def acts_at_once(
    stage: GuardedActionStage, event: IntentRecognized | NoIntent
) -> IntentRecognized | None:
    """The intent `stage` would hand straight to its handler for `event`, else None.

    A speculative turn prepares only such replies: no pending confirmation for this turn's words
    to resolve, not a fragment, nothing to ask first. Anything else takes the ordinary path at
    the commit (a question or a confirmation depends on state the commit may change).
    """
    if not isinstance(event, IntentRecognized) or stage.gate.pending(stage.session) is not None:
        return None
    if event.intent == UNDO_INTENT:
        return None  # its changes are filled in by `process`, from the session's memory
    referent = stage.memory.session(stage.session).referent
    if referent is not None and referent.unresolved:
        return None  # the answer to "which one?" is read at the commit (`LeaningReader`)
    event = as_state_question(event)
    if _fragment_action(event) or _asks_nothing(event) or _vague_later(event):
        return None
    if not make_sense(event) or for_a_while.asked(event):
        return None  # a command for a while runs two actions: the ordinary path at the commit
    if not stage.authorized and intent_question(stage.handler, event) is not None:
        return None
    return event


def _fragment_action(intent: IntentRecognized) -> bool:
    """True for a built-in state change read from a fragment ("one.", "TV.").

    A reading that replaced a few words heard counts as one too when they named no action: the
    correction turns "the lights in" into "the lights pink", "lights in" into "lights on".
    """
    if not changes_state(intent.intent) or intent.slot("felt"):
        return False  # "I'm cold" names no action; its step is offered, never done unasked
    reading = intent.reading
    if reading is not None and reading.path == FOLLOW_UP:
        return False  # "the hallway too": the last command gives the action
    heard = heard_of(intent)
    replaced = reading is not None and reading.path != "exact"
    if languages.spaceless(intent.language) and not replaced:
        return False  # "打开厨房灯" is one space-free "word", not a fragment; it parsed exactly
    return is_fragment(heard, intent.language) or (replaced and is_weak_reading(heard))


def _sentence(speech: str) -> str:
    """`speech` ending as a sentence ("Turned on the light" → "Turned on the light.")."""
    speech = speech.strip()
    return speech if speech[-1:] in ".!?。！？" else speech + "."


def _answers(verdict: Verdict, text: str, language: str, command: bool) -> bool:
    """True when the turn was an answer (no, or a yes/no too late), not a new request."""
    late = classify(text, language, command=command) if verdict is Verdict.EXPIRED else None
    return verdict is Verdict.DENIED or late not in (None, Verdict.CANCELLED)


def _asked_in(intent: IntentRecognized) -> str:
    """The language of a question about `intent` (its voice).

    The turn's, or English where `dialogue/asking.py` has no words for it.
    """
    return intent.language if asking.said("denied", intent.language) else "en"


def _result(
    pending: PendingAction, event: Event, speech: str, code: str, language: str = ""
) -> ActionResult:
    intent = pending.payload.intent if isinstance(pending.payload, IntentRecognized) else None
    return ActionResult(
        intent=intent or pending.call.name, success=False, speech=speech, error_code=code,
        turn_id=event.turn_id, t_source=event.t_created, language=language,
    )


def _asks_again(event: NoIntent) -> bool:
    """The turn asks for the last reply, or for what was heard last: it is no turn of its own."""
    text, language = event.text, event.language
    again = repeat.asked(text, language) is not None
    return again or repeat.heard_asked(text, language) is not None
