"""sayso's built-in actions as typed LLM tools.

Each tool builds the same `IntentRecognized` the fast path would and runs it through the
`ActionHandler`, so the LLM changes the world through exactly the code (and the transactions) the
intent path uses. Device names are resolved against the home (`device_names`); "it" / "them" mean
the last targets of the current session, which the caller sets with `session_scope`.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
from collections.abc import Callable, Iterator
from typing import Any, Final

from sayso.actions.device_names import Target, UnknownDevice, resolve_devices
from sayso.actions.handlers import ActionHandler
from sayso.dialogue.memory import MemoryStore
from sayso.events import ActionResult, IntentRecognized, Slot
from sayso.events.understanding import HANDLER_SENTENCE
from sayso.llm.tools.typed import Tool, ToolResult

OWN_SENTENCE_INTENTS: Final[frozenset[str]] = frozenset({"HassGetState"})
"""Intents the tools answer with the handler's sentence ("The kitchen light is off."): the
template's default for a state is the bare state ("off"), too short as a spoken answer."""
_SESSION: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "sayso_tool_session", default=None
)


@dataclasses.dataclass(frozen=True)
class ActionToolResult(ToolResult):
    """A tool result that carries the action's own `ActionResult`, for clients."""

    action: ActionResult | None = None
    """What the action handler did (intent, success, state changes)."""


@contextlib.contextmanager
def session_scope(session: str) -> Iterator[None]:
    """Run tools on behalf of `session` ("it" then means that session's last targets)."""
    token = _SESSION.set(session)
    try:
        yield
    finally:
        _SESSION.reset(token)


def set_session(session: str) -> None:
    """Set the session for tools run from the current task.

    Async generators cannot hold a `with` block across a yield safely, so the LLM fallback sets
    the session for its whole task instead.
    """
    _SESSION.set(session)


class ActionTools:
    """Builds the built-in tools over one action handler."""

    def __init__(
        self, handler: Callable[[], ActionHandler], memory: MemoryStore | None = None
    ) -> None:
        # A getter, not the handler: the assistant's handler can be replaced (a fresh state store)
        # without rebuilding the tools the brain holds.
        self._handler = handler
        self.memory = memory

    @property
    def handler(self) -> ActionHandler:
        """The current action handler."""
        return self._handler()

    def tools(self) -> list[Tool]:
        """Every built-in tool."""
        from sayso.llm.tools import definitions  # deferred: the defs import this module

        return definitions.build(self)

    # ---- helpers the tool functions use -----------------------------------------------------

    def last_targets(self) -> tuple[str, ...]:
        """Targets of the last action in the current session ("it")."""
        session = _SESSION.get()
        if self.memory is None or session is None:
            return ()
        return self.memory.session(session).last_targets

    def target(self, device: str) -> Target:
        """The devices `device` names (raises UnknownDevice)."""
        return resolve_devices(self.handler.home, device, self.last_targets())

    def run(self, intent: str, **slots: Any) -> ActionToolResult:
        """Handle one intent built from `slots` (None values are left out)."""
        event = IntentRecognized(
            intent=intent, source="llm",
            slots=tuple(Slot(k, v, str(v)) for k, v in slots.items() if v is not None),
            response_key=HANDLER_SENTENCE if intent in OWN_SENTENCE_INTENTS else None,
        )
        return as_tool_result(self.handler.handle(event))

    def on_devices(self, intent: str, device: str, **slots: Any) -> ActionToolResult:
        """Handle `intent` on whatever `device` names: one device, an area, or several."""
        try:
            found = self.target(device)
        except UnknownDevice as exc:
            return ActionToolResult(exc.speech, data={"success": False})
        if len(found.entity_ids) == 1:
            return self.run(intent, name=found.entity_ids[0], **slots)
        if found.area is not None:
            return self.run(intent, area=found.area, domain=list(found.domains), **slots)
        results = [self.run(intent, name=e, **slots) for e in found.entity_ids]
        return merge(results)


def as_tool_result(action: ActionResult) -> ActionToolResult:
    """The tool-facing view of an action's result."""
    targets = tuple(dict.fromkeys(c.target for c in action.changes if "." in c.target))
    if not targets and action.success:
        targets = entity_ids_in(action.data)
    data = {"intent": action.intent, "success": action.success, "error_code": action.error_code}
    return ActionToolResult(action.speech, targets, data, action)


def entity_ids_in(data: dict[str, Any]) -> tuple[str, ...]:
    """Entity ids mentioned in an action's structured result (queries change nothing)."""
    found: list[str] = []
    if isinstance(data.get("entity_id"), str):
        found.append(data["entity_id"])
    found += [str(e) for e in data.get("entities", [])]
    found += [str(e) for e in data.get("states", {})]
    return tuple(dict.fromkeys(found))


def merge(results: list[ActionToolResult]) -> ActionToolResult:
    """One result for an action run on several devices one by one."""
    actions = [r.action for r in results if r.action is not None]
    speech = " ".join(r.speech for r in results)
    targets = tuple(t for r in results for t in r.targets)
    if not actions:
        return ActionToolResult(speech, targets)
    first = actions[0]
    merged = dataclasses.replace(
        first, speech=speech, success=all(a.success for a in actions),
        changes=tuple(c for a in actions for c in a.changes),
    )
    return ActionToolResult(speech, targets, results[0].data, merged)

