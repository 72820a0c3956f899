"""Built-in action tools over a real action handler (SQLite in tmp), and device-name resolution."""


import pytest

from sayso.actions import ActionHandler
from sayso.actions.device_names import UnknownDevice, resolve_devices
from sayso.actions.home import HomeSpec
from sayso.dialogue.memory import MemoryStore
from sayso.dialogue.messages import ToolCall
from sayso.dialogue.policy import call_question
from sayso.errors import BadInput
from sayso.llm.tools.actions import ActionToolResult, ActionTools, session_scope
from sayso.llm.tools.typed import ToolRegistry


@pytest.fixture()
def home(handler: ActionHandler) -> HomeSpec:
    return handler.home


def state(handler: ActionHandler, entity_id: str) -> str:
    return str(handler.store.row("SELECT state FROM devices WHERE entity_id = ?",
                                 (entity_id,))["state"])


@pytest.mark.parametrize(("text", "expected"), [
    ("kitchen light", ("light.kitchen",)),
    ("the Kitchen Ceiling Light", ("light.kitchen",)),
    ("light.office", ("light.office",)),
    ("bedroom", ("light.bedroom", "light.bedside_lamp")),
    ("living room lights", ("light.living_room", "light.living_room_lamp")),
    ("bedroom blinds", ("cover.bedroom_blinds",)),
    ("kitchn light", ("light.kitchen",)),
])
def test_resolve_by_name_alias_area_and_spelling(
    home: HomeSpec, text: str, expected: tuple[str, ...]
) -> None:
    assert resolve_devices(home, text).entity_ids == expected


def test_pronouns_and_area_follow_ups_use_the_last_targets(home: HomeSpec) -> None:
    assert resolve_devices(home, "it", ("light.kitchen",)).entity_ids == ("light.kitchen",)
    # "the bedroom too" after a fan: the bedroom's fans, not its lights.
    fans = resolve_devices(home, "the bedroom too", ("fan.office_desk_fan",))
    assert fans.entity_ids == ("fan.bedroom_ceiling_fan",)
    with pytest.raises(UnknownDevice):
        resolve_devices(home, "them")
    with pytest.raises(UnknownDevice, match="porch"):
        resolve_devices(home, "porch heater")


def registry_for(handler: ActionHandler, memory: MemoryStore | None = None) -> ToolRegistry:
    return ToolRegistry(ActionTools(lambda: handler, memory).tools())


async def test_tools_act_through_the_handler(handler: ActionHandler) -> None:
    tools = registry_for(handler)
    result = await tools.get("turn_on").run({"device": "kitchen light"})  # type: ignore[union-attr]
    assert isinstance(result, ActionToolResult) and result.action is not None
    assert result.action.intent == "HassTurnOn" and result.action.success
    assert result.targets == ("light.kitchen",)
    assert state(handler, "light.kitchen") == "on"
    timer = await tools.get("start_timer").run({"minutes": 5})  # type: ignore[union-attr]
    assert timer.action.success and "5 minutes" in timer.speech


async def test_tool_arguments_are_validated_before_anything_runs(handler: ActionHandler) -> None:
    tools = registry_for(handler)
    with pytest.raises(BadInput, match="percent"):
        tools.check(ToolCall("set_brightness", {"device": "kitchen light", "percent": 250}))
    with pytest.raises(BadInput):
        tools.check(ToolCall("start_timer", {"minutes": 0}))
    assert tools.get("send_message").sensitive  # type: ignore[union-attr]


async def test_it_means_the_sessions_last_targets(handler: ActionHandler) -> None:
    memory = MemoryStore()
    memory.session("a").remember_targets(["light.bedroom"])
    tools = registry_for(handler, memory)
    with session_scope("a"):
        result = await tools.get("turn_on").run({"device": "it"})  # type: ignore[union-attr]
    assert result.targets == ("light.bedroom",)
    assert state(handler, "light.bedroom") == "on"


async def test_unknown_device_is_spoken_not_raised(handler: ActionHandler) -> None:
    result = await registry_for(handler).get("turn_off").run({"device": "porch light"})  # type: ignore[union-attr]
    assert "porch light" in result.speech and result.data["success"] is False


def test_turning_a_lock_off_needs_confirmation(handler: ActionHandler) -> None:
    ask = call_question(lambda: handler, lambda: ())
    assert ask(ToolCall("turn_off", {"device": "front door"})) == "Unlock the front door?"
    assert ask(ToolCall("turn_off", {"device": "kitchen light"})) is None
    assert ask(ToolCall("turn_on", {"device": "front door"})) is None



async def test_get_state_answers_in_a_sentence(handler: ActionHandler) -> None:
    """Not HassGetState's template default, the bare state ("off")."""
    tools = registry_for(handler)
    result = await tools.get("get_state").run({"device": "kitchen light"})  # type: ignore[union-attr]
    assert result.speech == "The kitchen light is off."
    assert state(handler, "light.kitchen") == "off"
