"""Fast-path turns recorded in the conversation memory, so the LLM can follow up on them.

A turn the intent path handled ("turn on the kitchen light") is written to the session's memory
as the tool call the LLM would have made, with its result, and its targets become `last_targets`.
The model then sees the pattern it should continue for "and the bedroom too".
"""

from __future__ import annotations

from typing import Any

from sayso.actions.home import HomeSpec
from sayso.dialogue.memory import ConversationMemory
from sayso.dialogue.messages import Message, ToolCall
from sayso.events import ActionResult, IntentRecognized
from sayso.llm.tools.actions import as_tool_result


def record_fast_path(
    mem: ConversationMemory, intent: IntentRecognized, result: ActionResult, home: HomeSpec
) -> None:
    """Add the user's words, what was done and what was said; remember the targets."""
    mem.add(Message("user", intent.text))
    call = intent_as_call(intent, home) if result.success else None
    if call is None:
        mem.add(Message("assistant", result.speech))
    else:
        mem.add(Message("assistant", tool_call=call))
        mem.add(Message("tool", result.speech, tool_call=call))
    if result.success:
        mem.remember_targets(as_tool_result(result).targets)


def intent_as_call(intent: IntentRecognized, home: HomeSpec) -> ToolCall | None:
    """The built-in tool call equivalent to `intent`, or None when no tool has its shape."""
    name, slots = intent.intent, intent.slot_dict()
    device = _device(intent, home)
    calls: dict[str, tuple[str, dict[str, Any]] | None] = {
        "HassTurnOn": ("turn_on", {"device": device}) if device else None,
        "HassTurnOff": ("turn_off", {"device": device}) if device else None,
        "HassLightSet": ("set_brightness", {"device": device, "percent": slots.get("brightness")})
        if device and slots.get("brightness") is not None else None,
        "HassGetState": ("get_state", {"device": device}) if device else None,
        "HassStartTimer": ("start_timer", {"minutes": slots.get("minutes")})
        if slots.get("minutes") is not None else None,
        "HassClimateSetTemperature": ("set_temperature", {"degrees": slots.get("temperature")}),
        "HassGetCurrentTime": ("get_time", {}),
        "SaysoSetAlarm": ("set_alarm", {"time": slots.get("alarm_time")}),
        "SaysoSendMessage": ("send_message",
                             {"contact": slots.get("contact"), "body": slots.get("message")}),
        "HassListAddItem": ("add_to_list", {"item": slots.get("item"),
                                            "list_name": slots.get("name")}),
        "HassShoppingListAddItem": ("add_to_list", {"item": slots.get("item"),
                                                    "list_name": "shopping"}),
    }
    found = calls.get(name)
    if found is None or any(v is None for v in found[1].values()):
        return None
    return ToolCall(found[0], found[1])


def _device(intent: IntentRecognized, home: HomeSpec) -> str | None:
    """How the user named the target: the device's name, or the area (+ kind)."""
    entity = intent.slot("name")
    if entity:
        spec = next((d for d in home.devices if d.entity_id == entity), None)
        return spec.name.lower() if spec else str(entity)
    area = intent.slot("area")
    return str(area).lower() if area else None
