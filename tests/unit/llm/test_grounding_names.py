"""A call refused by its tool's name alone is refused the same whatever its arguments.

`ToolGrounding.before_arguments` lets the brain stop the model once it has named a tool. It must
never refuse a call the full check would run or ask about, nor say other words than the full
check says: every request of the packaged sets (with and without a tool) × every built-in tool ×
the arguments those sets give that tool is checked both ways (real actions, SQLite in tmp).
"""

from collections import defaultdict
from importlib import resources
from typing import Any

import pytest
import yaml

from sayso.actions import ActionHandler
from sayso.dialogue.memory import MemoryStore
from sayso.dialogue.messages import ToolCall
from sayso.llm.normalize import digits
from sayso.llm.tools.actions import ActionTools
from sayso.llm.tools.grounding import OFFLINE, Request, ToolGrounding, Verdict
from sayso.llm.tools.typed import ToolRegistry

SETS = ("tool_requests.yaml", "heldout.yaml", "heldout2.yaml", "heldout3.yaml")
BENCH_TOOLS = {"set_timer": "start_timer"}
EXTRA_ARGUMENTS: dict[str, list[dict[str, Any]]] = {
    "set_temperature": [{"degrees": 20}, {"degrees": 22}],
    "set_brightness": [{"device": "kitchen light", "percent": 50}],
    "get_state": [{"device": "French"}, {"device": "garage door"}],
}
"""Calls the embedded model was seen making, for tools the packaged sets rarely label."""


def rows() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in SETS:
        ref = resources.files("sayso.data.llm").joinpath(name)
        out += yaml.safe_load(ref.read_text())["requests"]
    return out


def arguments_by_tool(requests: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    seen: dict[str, list[dict[str, Any]]] = defaultdict(list, EXTRA_ARGUMENTS)
    for row in requests:
        if row["tool"] is None:
            continue
        args = dict(row.get("args") or {})
        tool = BENCH_TOOLS.get(row["tool"], row["tool"])
        if tool == "send_message":
            args.setdefault("body", row["text"].split()[-1])
        if tool == "add_to_list":
            args.setdefault("item", "stamps")
        if args not in seen[tool]:
            seen[tool].append(args)
    return seen


@pytest.fixture()
def setup(handler: ActionHandler) -> tuple[ToolGrounding, ToolRegistry]:
    actions = ActionTools(lambda: handler, MemoryStore())
    return ToolGrounding(lambda: handler, actions.last_targets), ToolRegistry(actions.tools())


def test_a_refusal_by_name_is_the_refusal_of_every_call(
    setup: tuple[ToolGrounding, ToolRegistry],
) -> None:
    ground, tools = setup
    requests = rows()
    by_tool = arguments_by_tool(requests)
    refused = checked = 0
    for row in requests:
        request = Request(digits(row["text"]))
        for tool in tools:
            early = ground.before_arguments(tool.name, tool.model.model_fields, request)
            if early is None:
                continue
            refused += 1
            for args in by_tool[tool.name]:
                full = ground(ToolCall(tool.name, args), request)
                checked += 1
                assert (full.verdict, full.speech) == (Verdict.REFUSE, early.speech), (
                    row["text"], tool.name, args)
    assert refused > 100 and checked > 1000  # the property was exercised, not vacuous


def test_an_open_question_is_refused_by_a_device_tool_name(
    setup: tuple[ToolGrounding, ToolRegistry],
) -> None:
    ground, tools = setup
    request = Request("Who painted the Mona Lisa?")

    def early(name: str) -> str | None:
        tool = tools.get(name)
        assert tool is not None
        decision = ground.before_arguments(name, tool.model.model_fields, request)
        return None if decision is None else decision.speech

    assert early("set_temperature") == OFFLINE and early("turn_on") == OFFLINE
    assert early("get_state") is None  # the device named decides
    assert early("send_message") is None  # the quoted body decides
