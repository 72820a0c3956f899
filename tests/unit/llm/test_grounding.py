"""Tool calls grounded in the request and the live home (real actions, SQLite in tmp).

The calls are those a small model produces: right and wrong tools, invented arguments. Nothing
here runs a tool; the grounding only decides run / ask / refuse.
"""

from importlib import resources
from typing import Any

import pytest
import yaml

from sayso.actions import ActionHandler
from sayso.dialogue.messages import ToolCall
from sayso.llm.normalize import digits
from sayso.llm.tools.grounding import (
    FRAGMENT,
    NO_DURATION,
    NO_TIME,
    NOT_SURE,
    OFFLINE,
    Grounding,
    Request,
    ToolGrounding,
    Verdict,
)

UNGROUNDED = {FRAGMENT, NOT_SURE, OFFLINE, NO_DURATION, NO_TIME}
BENCH_TOOLS = {"set_timer": "start_timer"}
"""The labelled set's demo tool names → the built-in tools of the same meaning."""


@pytest.fixture()
def ground(handler: ActionHandler) -> ToolGrounding:
    return ToolGrounding(lambda: handler, lambda: ("light.kitchen",))


def check(ground: ToolGrounding, text: str, tool: str, follow_up: bool = False,
          last_tool: str | None = None, **arguments: Any) -> Grounding:
    return ground(ToolCall(tool, arguments), Request(digits(text), follow_up, last_tool))


@pytest.mark.parametrize(("text", "tool", "arguments", "speech"), [
    # The fuzz reproducers: fragments never reach a state-changing tool.
    ("one.", "set_temperature", {"degrees": 10}, FRAGMENT),
    ("watch time.", "set_alarm", {"time": "22:00"}, FRAGMENT),
    ("watch time.", "start_timer", {"minutes": 10}, FRAGMENT),
    ("TV.", "turn_on", {"device": "tv"}, FRAGMENT),
    ("one.", "my_custom_tool", {}, FRAGMENT),
    ("list", "get_state", {"device": "list"}, FRAGMENT),
    ("add to", "add_to_list", {"item": "add to", "list_name": "shopping"}, NOT_SURE),
    ("message to", "send_message", {"contact": "message to", "body": "message"}, NOT_SURE),
    # Open questions and chit-chat never become device actions.
    ("What is the capital of France?", "get_state", {"device": "French"}, OFFLINE),
    ("What is the capital of France?", "get_state", {"device": "France"}, OFFLINE),
    ("who wrote romeo and juliet", "turn_on", {"device": "romeo"}, OFFLINE),
    ("tell me a joke please", "set_temperature", {"degrees": 20}, NOT_SURE),
    ("tell me a joke", "send_message", {"contact": "joke", "body": "joke"}, NOT_SURE),
    # The action is named but an argument was invented.
    ("I'm cold, warm it up", "set_temperature", {"degrees": 25}, NOT_SURE),
    ("set a timer please", "start_timer", {"minutes": 10}, NO_DURATION),
    ("set an alarm please", "set_alarm", {"time": "7:00"}, NO_TIME),
    ("turn on the lights", "turn_on", {"device": "garden lights"}, NOT_SURE),
    ("send a message to alice", "send_message", {"contact": "Alice", "body": "dinner"}, NOT_SURE),
])
def test_refused(ground: ToolGrounding, text: str, tool: str, arguments: dict[str, Any],
                 speech: str) -> None:
    decision = check(ground, text, tool, **arguments)
    assert decision.verdict is Verdict.REFUSE and decision.speech == speech


@pytest.mark.parametrize(("text", "tool", "arguments"), [
    ("turn on the kitchen light", "turn_on", {"device": "kitchen light"}),
    ("lights on in the living room", "turn_on", {"device": "living room lights"}),
    ("make it 22 degrees in here", "set_temperature", {"degrees": 22}),
    ("set the heating to twenty one", "set_temperature", {"degrees": 21}),
    ("start a countdown of fifteen minutes", "start_timer", {"minutes": 15}),
    ("set a timer for an hour", "start_timer", {"minutes": 60}),
    ("wake me up at seven thirty tomorrow", "set_alarm", {"time": "7:30 tomorrow"}),
    ("set an alarm for noon", "set_alarm", {"time": "noon"}),
    ("text Bob that dinner is ready", "send_message",
     {"contact": "Bob", "body": "dinner is ready"}),
    ("add milk to the shopping list", "add_to_list", {"item": "milk", "list_name": "shopping"}),
    ("is the garage door open", "get_state", {"device": "garage door"}),
    ("what time is it", "get_time", {}),
    ("dim the dining room light to 20 percent", "set_brightness",
     {"device": "dining room light", "percent": 20}),
])
def test_grounded_calls_run(ground: ToolGrounding, text: str, tool: str,
                            arguments: dict[str, Any]) -> None:
    assert check(ground, text, tool, **arguments).verdict is Verdict.RUN


def test_follow_ups_name_the_action_by_reference(ground: ToolGrounding) -> None:
    same = check(ground, "and the bedroom too", "turn_on", True, "turn_on", device="bedroom")
    assert same.verdict is Verdict.RUN
    other = check(ground, "and the bedroom too", "turn_off", True, "turn_on", device="bedroom")
    assert other.verdict is Verdict.REFUSE
    it = check(ground, "switch it off", "turn_off", True, "turn_on", device="it")
    assert it.verdict is Verdict.RUN
    assert check(ground, "switch it off", "turn_off", device="it").verdict is Verdict.REFUSE


def test_close_matches_become_one_question(ground: ToolGrounding) -> None:
    lamp = check(ground, "turn on the kitchn light", "turn_on", device="kitchn light")
    assert lamp.verdict is Verdict.ASK and lamp.speech == "Do you mean the kitchen light?"
    assert lamp.call == ToolCall("turn_on", {"device": "kitchen light"})
    lock = check(ground, "turn off the frnt door", "turn_off", device="frnt door")
    assert lock.verdict is Verdict.ASK and lock.speech == "Unlock the front door?"
    alice = check(ground, "text Alise that I'm late", "send_message", contact="Alise",
                  body="I'm late")
    assert alice.verdict is Verdict.ASK and alice.speech == "Send 'I'm late' to Alice?"
    assert alice.call is not None and alice.call.arguments["contact"] == "Alice"


def test_unresolved_arguments_are_said_not_done(ground: ToolGrounding) -> None:
    porch = check(ground, "turn on the porch heater", "turn_on", device="porch heater")
    assert porch.verdict is Verdict.REFUSE and "porch heater" in porch.speech
    nobody = check(ground, "send a message to everyone saying hi", "send_message",
                   contact="everyone", body="hi")
    assert nobody.speech == "Sorry, everyone isn't in your contacts."
    david = check(ground, "tell David the meeting is off", "send_message", contact="David",
                  body="the meeting is off")
    assert david.speech == "Sorry, David isn't in your contacts."
    bad = check(ground, "set an alarm for 99:99", "set_alarm", time="99:99")
    assert bad.verdict is Verdict.REFUSE and "99:99" in bad.speech


def labelled() -> list[dict[str, Any]]:
    ref = resources.files("sayso.data.llm").joinpath("tool_requests.yaml")
    rows: list[dict[str, Any]] = yaml.safe_load(ref.read_text())["requests"]
    return [r for r in rows if r["tool"] is not None]


@pytest.mark.parametrize("row", labelled(), ids=lambda r: r["text"])
def test_labelled_requests_are_never_refused_as_ungrounded(
    ground: ToolGrounding, row: dict[str, Any]
) -> None:
    """The benchmark's requests with their expected calls name their action and target.

    They may still be refused for this home (no porch light here), but never as unasked-for.
    """
    args = dict(row["args"])
    if row["tool"] == "send_message":
        args.setdefault("body", row["text"].split()[-1])
    if row["tool"] == "add_to_list":
        args.setdefault("item", "stamps")
    decision = check(ground, row["text"], BENCH_TOOLS.get(row["tool"], row["tool"]), **args)
    assert decision.speech not in UNGROUNDED, decision


def test_a_list_item_is_not_the_list(ground: ToolGrounding) -> None:
    # Round 32, the embedded model before the grammar served these: "clear the shopping list"
    # added "shopping list" to it; "add call the plumber to my to do list" added the whole tail.
    cleared = check(ground, "clear the shopping list", "add_to_list", item="shopping list",
                    list_name="shopping")  # fmt: skip
    assert cleared.verdict is Verdict.REFUSE
    tail = check(ground, "add call the plumber to my to do list", "add_to_list",
                 item="call the plumber to my to do list", list_name="to-do")  # fmt: skip
    assert tail.verdict is Verdict.RUN and tail.call is not None
    assert tail.call.arguments["item"] == "call the plumber"
    only = check(ground, "add something to my shopping list", "add_to_list",
                 item="to my shopping list", list_name="shopping")  # fmt: skip
    assert only.verdict is Verdict.REFUSE
