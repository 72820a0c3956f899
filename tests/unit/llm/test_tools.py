import demo_tools
import pytest

from sayso.dialogue.messages import ToolCall
from sayso.errors import BadInput, ConfigError
from sayso.llm.tools.typed import Tool, ToolRegistry, load_target


def test_schema_from_signature_and_docstring() -> None:
    t = Tool.from_function(demo_tools.add_to_list)
    schema = t.schema
    assert schema["required"] == ["item"]
    assert schema["properties"]["item"]["description"] == "The thing to add."
    assert schema["properties"]["list_name"]["default"] == "shopping"
    assert schema["additionalProperties"] is False
    assert t.description == "Add an item to a named list."
    assert t.spec.examples[0][1]["list_name"] == "hardware"


def test_sensitive_flag_and_constraints() -> None:
    assert Tool.from_function(demo_tools.send_message).sensitive
    timer = Tool.from_function(demo_tools.set_timer)
    assert not timer.sensitive
    assert timer.schema["properties"]["minutes"]["minimum"] == 1
    assert timer.validate({"minutes": "5"}) == {"minutes": 5}
    with pytest.raises(BadInput, match="minutes"):
        timer.validate({"minutes": 0})
    with pytest.raises(BadInput, match="Extra inputs"):
        timer.validate({"minutes": 5, "seconds": 3})


def test_untyped_parameter_is_a_config_error() -> None:
    def bad(x):  # type: ignore[no-untyped-def]
        return x

    with pytest.raises(ConfigError, match="no type hint"):
        Tool.from_function(bad)


def test_allow_list_and_check() -> None:
    registry = ToolRegistry(allow={"set_timer"})
    registry.load_configured(demo_tools.TARGETS)
    assert [t.name for t in registry] == ["set_timer"]
    assert registry.check(ToolCall("set_timer", {"minutes": 3})) == {"minutes": 3}
    with pytest.raises(BadInput, match="not available"):
        registry.check(ToolCall("turn_on", {"device": "lamp"}))
    with pytest.raises(BadInput, match="not available"):
        registry.check(ToolCall("format_disk", {}))


def test_load_target_errors() -> None:
    with pytest.raises(ConfigError, match="module:function"):
        load_target("demo_tools.set_timer")
    with pytest.raises(ConfigError, match="cannot be loaded"):
        load_target("demo_tools:nope")


def test_entry_points_group_empty_is_fine() -> None:
    assert len(ToolRegistry.from_entry_points("sayso.tools.none")) == 0


async def test_run_sync_tool_in_thread() -> None:
    state = demo_tools.reset()
    t = Tool.from_function(demo_tools.set_timer)
    assert await t.run({"minutes": 2}) == "Timer set for 2 minutes."
    assert state.timers == [2]
