"""Brain outputs as pipeline events: reply text per sentence, tool outcomes as `ActionResult`."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from sayso.dialogue.messages import ToolCall
from sayso.events import ActionResult, Event, ReplyText
from sayso.llm.outputs import BrainOutput, ConfirmationAsked, Filler, ReplyDelta, ToolOutcome
from sayso.llm.tools.actions import ActionToolResult
from sayso.llm.tools.typed import ToolResult

CONFIRMATION_REQUIRED = "confirmation_required"
"""`ActionResult.error_code` of an action held until the user says yes on a later turn."""


async def to_events(
    outputs: AsyncIterator[BrainOutput], turn_id: str, t_source: float | None
) -> AsyncIterator[Event]:
    """Events for `outputs` (already regrouped by sentence), closed by a final empty ReplyText.

    Each sentence leaves as soon as it is complete, so speech starts while the model is still
    generating; the closing piece tells TTS and clients that the reply is over.
    """
    async for out in outputs:
        if isinstance(out, ReplyDelta | Filler) and out.text.strip():
            yield ReplyText(turn_id=turn_id, t_source=t_source, text=out.text.strip(),
                            is_final=False)
        elif isinstance(out, ToolOutcome):
            yield outcome_event(out, turn_id, t_source)
        elif isinstance(out, ConfirmationAsked):
            # The brain speaks the question itself (a ReplyDelta follows); this tells clients.
            yield pending_event(out.call, out.question, turn_id, t_source)
    yield ReplyText(turn_id=turn_id, t_source=t_source, text="", is_final=True)


def outcome_event(out: ToolOutcome, turn_id: str, t_source: float | None) -> ActionResult:
    """What a tool did, as the `ActionResult` clients already understand."""
    result = out.result
    if isinstance(result, ActionToolResult) and result.action is not None:
        action = result.action
        return ActionResult(
            intent=action.intent, success=action.success, speech=action.speech,
            changes=action.changes, data={**action.data, "tool": out.name},
            error_code=action.error_code, turn_id=turn_id, t_source=t_source,
        )
    data: dict[str, Any] = {"tool": out.name}
    if isinstance(result, ToolResult):
        data["result"] = jsonable(result.data)
    elif result is not None:
        data["result"] = jsonable(result)
    return ActionResult(
        intent=out.name, success=out.ok and not _failed(result), speech=out.speech, data=data,
        error_code=None if out.ok else "tool_failed", turn_id=turn_id, t_source=t_source,
    )


def pending_event(
    call: ToolCall, question: str, turn_id: str, t_source: float | None, intent: str = "",
    language: str = "",
) -> ActionResult:
    """An action waiting for the user's yes: nothing changed yet; `speech` is the question.

    `language` is the question's (the turn's), so its voice says it.
    """
    return ActionResult(
        intent=intent or call.name, success=False, speech=question,
        data={"pending": {"tool": call.name, "arguments": jsonable(call.arguments)}},
        error_code=CONFIRMATION_REQUIRED, turn_id=turn_id, t_source=t_source, language=language,
    )


def _failed(result: Any) -> bool:
    return isinstance(result, ToolResult) and result.data.get("success") is False


def jsonable(value: Any) -> Any:
    """`value` if JSON can carry it, else its text."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value
