"""The action handler: dispatch an intent to its small handler function inside one transaction."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable
from typing import Any, Final

from sayso.actions import (
    all_except,
    calendar_days,
    details,
    everything_off,
    handlers_home,
    handlers_lists,
    handlers_media,
    handlers_sayso,
    handlers_time,
    jokes,
    pastimes,
    say_back,
    snooze,
    undo,
    units,
    world_time,
)
from sayso.actions.clock import Clock
from sayso.actions.home import HomeSpec
from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.actions.ringing import Ring, Ringing
from sayso.actions.store import Store
from sayso.errors import SaysoError
from sayso.events.actions import ActionResult, StateChange
from sayso.events.understanding import IntentRecognized

log = logging.getLogger(__name__)

Responder = Callable[[IntentRecognized, dict[str, Any]], str | None]
"""Renders the reply for a successful action from the intent and template variables ("state",
"states", "query", "slots", "data"); returning None (or "") keeps the built-in English sentence."""

HANDLERS: Final[dict[str, HandlerFn]] = {
    **handlers_home.HANDLERS,
    **handlers_media.HANDLERS,
    **handlers_time.HANDLERS,
    **handlers_sayso.HANDLERS,
    **handlers_lists.HANDLERS,
    **undo.HANDLERS,
    **everything_off.HANDLERS,
    **all_except.HANDLERS,
    **snooze.HANDLERS,
    **pastimes.HANDLERS,
    **world_time.HANDLERS,
    **units.HANDLERS,
    **calendar_days.HANDLERS,
    **details.HANDLERS,
    **jokes.HANDLERS,
    **say_back.HANDLERS,
}
"""Every intent with code behind it."""

FailureText = Callable[[IntentRecognized, ActionFailed], str | None]
"""(intent, failure) → the failure reply in the intent's language, or None to keep the action's
own (English) sentence."""

BUILTIN_PREFIXES: Final[tuple[str, ...]] = ("Hass", "Sayso")
"""Intents under these prefixes are built in: without a handler they are unsupported, not custom."""


Scope = Callable[[], contextlib.AbstractContextManager[Store]]
"""Where a handler runs: `Store.transaction` (commit) or `Store.rehearsal` (roll back)."""


@dataclasses.dataclass(frozen=True)
class ActionPlan:
    """What an intent would do and say, computed without changing anything."""

    intent: IntentRecognized
    """The intent to carry out at the commit."""
    result: ActionResult
    """The result it would have had at planning time (its speech is the reply to prepare)."""

    def holds(self, result: ActionResult) -> bool:
        """True when `result` (of the commit) says what the plan said: its reply is still right."""
        return (result.success, result.speech) == (self.result.success, self.result.speech)


class ActionHandler:
    """Carries out recognised intents on the virtual home and the stored state."""

    def __init__(
        self,
        store: Store,
        home: HomeSpec,
        clock: Clock,
        responder: Responder | None = None,
        failure_text: FailureText | None = None,
    ) -> None:
        self.store = store
        self.home = home
        self.clock = clock
        self.responder = responder
        self.failure_text = failure_text
        self.ringing = Ringing()
        """Due timers and alarms being rung (`app/announcer.py`); a "stop" stops them first."""

    def supports(self, intent: str) -> bool:
        """True when `intent` has a handler (custom intents are always accepted)."""
        return intent in HANDLERS or not intent.startswith(BUILTIN_PREFIXES)

    def handle(self, intent: IntentRecognized) -> ActionResult:
        """Run the intent's handler in one transaction; any failure leaves the store unchanged."""
        return self._run(intent, self.store.transaction, commit=True)

    def plan(self, intent: IntentRecognized) -> ActionPlan:
        """What `handle` would do and say now, changing nothing (a speculative turn's plan).

        The handler runs as it would in `handle`, in a transaction that is always rolled back
        (`Store.rehearsal`), so the planned reply and changes are the real ones.
        """
        return ActionPlan(intent, self._run(intent, self.store.rehearsal, commit=False))

    def apply(self, plan: ActionPlan) -> ActionResult:
        """Carry a plan out at the turn's commit: its intent runs in one committed transaction.

        It runs again rather than replaying recorded writes, so what is committed is what a
        turn without speculation would have done, even if the state moved since the plan (then
        `plan.holds(result)` is False and the prepared reply is not used).
        """
        return self.handle(plan.intent)

    def _run(self, intent: IntentRecognized, scope: Scope, *, commit: bool) -> ActionResult:
        rings = self.ringing.meant_by(intent)
        if rings and intent.intent != snooze.SNOOZE_INTENT:
            return self._stop_ringing(intent, rings, commit)  # before any music
        if rings:  # "snooze": the ringing alarms are set again for later, then stop
            intent = snooze.with_rings(intent, [r.key for r in rings])
        result = self._call(intent, scope)
        if rings and commit and result.success:
            self.ringing.stop(rings)
        return result

    def _call(self, intent: IntentRecognized, scope: Scope) -> ActionResult:
        fn = self._handler(intent.intent)
        ctx = Context(store=self.store, home=self.home, now=self.clock.now())
        try:
            with scope():
                outcome = fn(ctx, intent)
        except ActionFailed as exc:
            return self._failure(intent, exc)
        except SaysoError as exc:
            return self._failure(intent, ActionFailed(exc.code, exc.message))
        except Exception:
            # A bug must not kill the conversation: log it, say so, and keep the old state.
            log.exception("action %s failed", intent.intent)
            failed = ActionFailed("internal", "Sorry, something went wrong doing that.")
            return self._failure(intent, failed)
        return ActionResult(
            intent=intent.intent,
            success=True,
            speech=self._speech(intent, outcome),
            changes=tuple(outcome.changes),
            data=outcome.data,
            turn_id=intent.turn_id,
            t_source=intent.t_created,
            language=intent.language,
        )

    def stop_ringing(self, intent: IntentRecognized) -> ActionResult:
        """Stop what rings and was said, for a stop the grammar does not read ("be quiet")."""
        return self._stop_ringing(intent, self.ringing.heard(), commit=True)

    def _stop_ringing(
        self, intent: IntentRecognized, rings: list[Ring], commit: bool
    ) -> ActionResult:
        """Stop the rings a request means (only at the commit: a plan changes nothing); silent."""
        if commit:
            rings = self.ringing.stop(rings)
        return ActionResult(
            intent=intent.intent,
            success=True,
            speech="",  # the ringing stops: that is the answer, as on a kitchen timer
            changes=tuple(StateChange(r.key, "ringing", True, False) for r in rings),
            data={"stopped_ringing": [r.key for r in rings]},
            turn_id=intent.turn_id,
            t_source=intent.t_created,
            language=intent.language,
        )

    def _handler(self, name: str) -> HandlerFn:
        if name in HANDLERS:
            return HANDLERS[name]
        if name.startswith(BUILTIN_PREFIXES):
            return _unsupported
        return handlers_lists.custom

    def _speech(self, intent: IntentRecognized, outcome: Outcome) -> str:
        if self.responder is None:
            return outcome.speech
        extra = {**outcome.extra, "data": outcome.data}
        slots = {**intent.slot_dict(), **extra.get("slots", {})}
        try:
            rendered = self.responder(intent, {**extra, "slots": slots})
        except Exception:
            log.exception("responder failed for %s; using the built-in reply", intent.intent)
            rendered = None
        return rendered.strip() if rendered and rendered.strip() else outcome.speech

    def _failure(self, intent: IntentRecognized, failed: ActionFailed) -> ActionResult:
        local = self.failure_text(intent, failed) if self.failure_text is not None else None
        return ActionResult(
            intent=intent.intent,
            success=False,
            speech=local or failed.speech,
            data=dict(failed.data),
            error_code=failed.code,
            turn_id=intent.turn_id,
            t_source=intent.t_created,
            language=intent.language,
        )


def _unsupported(ctx: Context, intent: IntentRecognized) -> Outcome:
    raise ActionFailed("not_supported", "Sorry, I can't do that in this home yet.")
