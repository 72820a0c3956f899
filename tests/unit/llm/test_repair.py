"""Arguments read off the request, then grounded (the demo home in a real SQLite state file).

The calls are the embedded model's typical slips: a duration in the wrong unit, a device word
taken from the wrong part of the request, an item filed as a list. Nothing here runs a tool.
"""

from typing import Any

import pytest

from sayso.actions import ActionHandler
from sayso.dialogue.messages import ToolCall
from sayso.llm.normalize import digits
from sayso.llm.tools.grounding import NOT_SURE, WONT, Request, ToolGrounding, Verdict
from sayso.llm.tools.repair import ArgumentRepair


@pytest.mark.parametrize(("text", "tool", "said", "fixed"), [
    ("set a timer for an hour", "start_timer", {"minutes": 5}, {"minutes": 60}),
    ("timer for an hour and a half", "start_timer", {"minutes": 5}, {"minutes": 90}),
    ("set a timer for half an hour", "start_timer", {"minutes": 50}, {"minutes": 30}),
    ("reading lamp to half brightness", "set_brightness", {"device": "half", "percent": 100},
     {"device": "reading lamp", "percent": 50}),
    ("make it nineteen degrees", "set_temperature", {"degrees": 9}, {"degrees": 19}),
    ("add bread to the list", "add_to_list", {"item": "bread", "list_name": "bread"},
     {"item": "bread", "list_name": "shopping"}),
    ("put stamps on the to do list", "add_to_list", {"item": "stamps", "list_name": "stamps"},
     {"item": "stamps", "list_name": "to-do"}),
    ("put pay rent on the todo list", "add_to_list", {"item": "pay rent", "list_name": "todo"},
     {"item": "pay rent", "list_name": "to-do"}),
    ("text mum that I'm late", "send_message", {"contact": "late", "body": "I'm late"},
     {"contact": "Mum", "body": "I'm late"}),
    ("switch off the bedroom fan now", "turn_off", {"device": "now"}, {"device": "bedroom fan"}),
])
def test_plainly_stated_values_replace_the_models(
    handler: ActionHandler, text: str, tool: str, said: dict[str, Any], fixed: dict[str, Any]
) -> None:
    repaired = ArgumentRepair(lambda: handler)(ToolCall(tool, said), digits(text))
    assert repaired.name == tool and repaired.arguments == fixed


@pytest.mark.parametrize(("text", "tool", "said"), [
    # Right already: untouched.
    ("set a timer for 10 minutes", "start_timer", {"minutes": 10}),
    ("turn on the kitchen light", "turn_on", {"device": "kitchen light"}),
    # Ambiguous: two numbers, two devices, no duration: the model's value stays (and the
    # grounding refuses it).
    ("set it to 20 or 22 degrees", "set_temperature", {"degrees": 25}),
    ("turn on the desk fan and the tv", "turn_on", {"device": "radio"}),
    ("set a timer please", "start_timer", {"minutes": 10}),
    # A list the user named that the home does not have stays as said (and is refused).
    ("add bread to groceries", "add_to_list", {"item": "bread", "list_name": "groceries"}),
    # Follow-ups refer back: nothing to read off.
    ("switch it off", "turn_off", {"device": "it"}),
])
def test_nothing_is_guessed(handler: ActionHandler, text: str, tool: str,
                            said: dict[str, Any]) -> None:
    call = ToolCall(tool, said)
    assert ArgumentRepair(lambda: handler)(call, digits(text)) is call


def test_a_repaired_call_is_still_grounded(handler: ActionHandler) -> None:
    ground = ToolGrounding(lambda: handler, lambda: ())
    hour = ground(ToolCall("start_timer", {"minutes": 5}), Request("set a timer for an hour"))
    assert hour.verdict is Verdict.RUN and hour.call == ToolCall("start_timer", {"minutes": 60})
    # A report names the action and target, and the repair does not change that it asks nothing.
    told = ground(ToolCall("add_to_list", {"item": "milk", "list_name": "milk"}),
                  Request("i already added milk to the shopping list"))
    assert told.verdict is Verdict.REFUSE and told.speech == NOT_SURE
    never = ground(ToolCall("turn_off", {"device": "hall"}),
                   Request("please don't turn off the hallway light"))
    assert never.verdict is Verdict.REFUSE and never.speech == WONT
    without = ToolGrounding(lambda: handler, lambda: (), repair=False)
    unfixed = without(ToolCall("add_to_list", {"item": "bread", "list_name": "bread"}),
                      Request("add bread to the list"))
    assert unfixed.verdict is Verdict.REFUSE  # an unknown list is never run as is
    groceries = ground(ToolCall("add_to_list", {"item": "bread", "list_name": "groceries"}),
                       Request("add bread to groceries"))
    assert groceries.verdict is Verdict.REFUSE and "groceries" in groceries.speech
    todo = ground(ToolCall("add_to_list", {"item": "pay rent", "list_name": "todo"}),
                  Request("put pay rent on the todo list"))
    assert todo.verdict is Verdict.RUN and todo.call is not None
    assert todo.call.arguments["list_name"] == "to-do"


def test_a_quoted_negation_is_the_messages(handler: ActionHandler) -> None:
    ground = ToolGrounding(lambda: handler, lambda: ())
    call = ToolCall("send_message", {"contact": "Bob", "body": "don't turn off the oven"})
    assert ground(call, Request("text Bob don't turn off the oven")).verdict is Verdict.RUN
    copied = ToolCall("add_to_list", {"item": "i already added eggs", "list_name": "shopping"})
    decision = ground(copied, Request("i already added eggs"))
    assert decision.verdict is Verdict.REFUSE


def test_a_report_copied_into_a_list_item_is_still_a_report(handler: ActionHandler) -> None:
    """A model that copies the report into the item (the whole-turn e2e case ran before this)."""
    ground = ToolGrounding(lambda: handler, lambda: ())
    call = ToolCall("add_to_list", {"item": "already put eggs", "list_name": "shopping"})
    decision = ground(call, Request("we already put eggs on the shopping list"))
    assert decision.verdict is Verdict.REFUSE
