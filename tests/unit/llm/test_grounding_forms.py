"""The grounding reads the request's form (real actions, SQLite in tmp; nothing runs).

Each class the embedded model turned into a state change on the second held-out set, by a rule of
the sentence's form (`sayso.dialogue.forms`), with the request of the same words that must still
run.
"""

from typing import Any

import pytest

from sayso.actions import ActionHandler
from sayso.dialogue.messages import ToolCall
from sayso.llm.normalize import digits
from sayso.llm.tools.grounding import (
    ADD_ONLY,
    CANT_UNDO,
    NOT_SURE,
    OFFLINE,
    Grounding,
    Request,
    ToolGrounding,
    Verdict,
)


@pytest.fixture()
def ground(handler: ActionHandler) -> ToolGrounding:
    return ToolGrounding(lambda: handler, lambda: ())


def check(ground: ToolGrounding, text: str, tool: str, **arguments: Any) -> Grounding:
    return ground(ToolCall(tool, arguments), Request(digits(text)))


@pytest.mark.parametrize(("text", "tool", "arguments", "device"), [
    ("Is the garage door open?", "turn_on", {"device": "garage door"}, "garage door"),
    ("did I leave the coffee machine on", "turn_on", {"device": "coffee machine"},
     "coffee machine"),
    ("are the bedroom blinds open", "turn_on", {"device": "bedroom blinds"}, "bedroom blinds"),
    ("is the front door unlocked", "turn_off", {"device": "front door"}, "front door"),
    ("what's the thermostat set to", "set_temperature", {"degrees": 10}, "thermostat"),
])
def test_a_question_about_a_state_is_answered_with_get_state(
    ground: ToolGrounding, text: str, tool: str, arguments: dict[str, Any], device: str
) -> None:
    decision = check(ground, text, tool, **arguments)
    assert decision.verdict is Verdict.RUN
    assert decision.call == ToolCall("get_state", {"device": device})


@pytest.mark.parametrize(("text", "tool", "arguments"), [
    ("could you switch off the desk fan", "turn_off", {"device": "desk fan"}),
    ("can you open the garage door", "turn_on", {"device": "garage door"}),
    ("would you mind turning off the television?", "turn_off", {"device": "television"}),
    ("Could you set the temperature to eighteen please?", "set_temperature", {"degrees": 18}),
])
def test_a_polite_request_still_runs(ground: ToolGrounding, text: str, tool: str,
                                     arguments: dict[str, Any]) -> None:
    decision = check(ground, text, tool, **arguments)
    assert decision.verdict is Verdict.RUN
    assert decision.call is None or decision.call.name == tool


@pytest.mark.parametrize(("text", "tool", "arguments", "speech"), [
    # questions that name no device, or ask no state
    ("how do I turn on the tv", "turn_on", {"device": "tv"}, OFFLINE),
    ("is it cold in here", "set_temperature", {"degrees": 20}, OFFLINE),
    # statements of a state, hypotheticals, someone else's words
    ("the garage door was open all night", "turn_on", {"device": "garage door"}, NOT_SURE),
    ("the kitchen light is on", "turn_on", {"device": "kitchen light"}, NOT_SURE),
    ("what would happen if I set the thermostat to 30", "set_temperature", {"degrees": 30},
     OFFLINE),
    ("if I turn off the heating will it get cold", "turn_off", {"device": "heating"}, NOT_SURE),
    ("my sister said she'd text alice later", "send_message",
     {"contact": "alice", "body": "I'd text later"}, NOT_SURE),
    # cue words in another sense; an action the tools do not have
    ("turn up the volume on the tv", "turn_on", {"device": "tv"}, NOT_SURE),
    ("take milk off the shopping list", "add_to_list", {"item": "milk", "list_name": "shopping"},
     ADD_ONLY),
    ("convert 20 degrees celsius to fahrenheit", "set_temperature", {"degrees": 20}, NOT_SURE),
])
def test_refused_by_the_form_of_the_request(
    ground: ToolGrounding, text: str, tool: str, arguments: dict[str, Any], speech: str
) -> None:
    decision = check(ground, text, tool, **arguments)
    assert decision.verdict is Verdict.REFUSE and decision.speech == speech


@pytest.mark.parametrize(("text", "tool", "arguments"), [
    ("the kitchen light is on, turn it off", "turn_off", {"device": "kitchen light"}),
    ("send dad a text telling him the garage door is open", "send_message",
     {"contact": "Dad", "body": "the garage door is open"}),
    ("text bob and ask if he wants to play tennis", "send_message",
     {"contact": "Bob", "body": "do you want to play tennis"}),
    ("turn on the tv", "turn_on", {"device": "tv"}),
    ("coffee maker on", "turn_on", {"device": "coffee maker"}),
    ("put milk on the shopping list", "add_to_list", {"item": "milk", "list_name": "shopping"}),
    ("set the heating to 21", "set_temperature", {"degrees": 21}),
    ("i'd like it to be 20 degrees in here please", "set_temperature", {"degrees": 20}),
    ("it's freezing, 23 degrees please", "set_temperature", {"degrees": 23}),
    ("when you get a chance turn off the kitchen light", "turn_off", {"device": "kitchen light"}),
    ("do turn off the kitchen light", "turn_off", {"device": "kitchen light"}),
])
def test_the_same_words_as_a_request_still_run(ground: ToolGrounding, text: str, tool: str,
                                               arguments: dict[str, Any]) -> None:
    assert check(ground, text, tool, **arguments).verdict is not Verdict.REFUSE


def test_the_clock_answers_only_a_request_for_the_time(ground: ToolGrounding) -> None:
    for text in ("what time is it", "how late is it", "have you got the time?"):
        assert check(ground, text, "get_time").verdict is Verdict.RUN, text
    for text in ("what year did the berlin wall fall", "how long should I boil an egg for"):
        decision = check(ground, text, "get_time")
        assert decision.verdict is Verdict.REFUSE and decision.speech == OFFLINE, text


@pytest.mark.parametrize(("text", "tool", "arguments"), [
    ("delete my last text to alice", "send_message",
     {"contact": "Alice", "body": "delete my last text to alice"}),
    ("cancel my alarm for 7", "set_alarm", {"time": "7"}),
    ("stop the 10 minute timer", "start_timer", {"minutes": 10}),
])
def test_a_request_to_undo_never_creates(
    ground: ToolGrounding, text: str, tool: str, arguments: dict[str, Any]
) -> None:
    assert check(ground, text, tool, **arguments) == Grounding(Verdict.REFUSE, CANT_UNDO)


def test_undoing_words_inside_a_message_body_still_send(ground: ToolGrounding) -> None:
    decision = check(ground, "text bob to cancel the booking", "send_message",
                     contact="Bob", body="cancel the booking")
    assert decision.verdict is not Verdict.REFUSE


def test_a_number_taken_out_of_a_stated_duration_is_not_that_duration(
    ground: ToolGrounding,
) -> None:
    decision = check(ground, "set a timer for two and a half hours", "start_timer", minutes=2)
    # The stated duration is read off the request instead (`tools.repair`).
    assert decision == Grounding(Verdict.RUN, call=ToolCall("start_timer", {"minutes": 150}))
    assert check(ground, "set a timer for two and a half hours", "start_timer",
                 minutes=150).verdict is Verdict.RUN
    assert check(ground, "timer for 2", "start_timer", minutes=2).verdict is Verdict.RUN
