"""No invented actions, through the action stage and the brain (real actions, scripted model).

The scripted model makes the calls the embedded model was caught making (issue 14): the
thermostat for "one.", an alarm for "watch time.", `get_state` on "French" for a question about
France. The world must not change; a close match is asked about and runs only on a later yes.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from scripted_backend import ScriptedBackend

from sayso.actions import ActionHandler, open_actions
from sayso.config import Settings
from sayso.dialogue.messages import ToolCall
from sayso.dialogue.reply import NOT_UNDERSTOOD
from sayso.events import IntentRecognized, NoIntent, Reading, Slot
from sayso.llm.base import LlmDelta
from sayso.llm.tools.grounding import FRAGMENT, OFFLINE

from .test_action_stage import Rig, action, reply, said

TV = IntentRecognized(intent="HassTurnOn", text="TV.",
                      slots=(Slot("name", "media_player.living_room_tv"),))
KITCHEN = IntentRecognized(intent="HassTurnOn", text="turn on the kitchen light",
                           slots=(Slot("name", "light.kitchen"),))
PAUSE = IntentRecognized(intent="HassMediaPause", text="pause")
ONE_AS_TEMPERATURE = IntentRecognized(intent="HassClimateSetTemperature", text="one.",
                                      slots=(Slot("temperature", 1),))


@pytest.fixture()
def handler(tmp_path: Path) -> Iterator[ActionHandler]:
    h = open_actions(Settings(data_dir=str(tmp_path)))
    yield h
    h.store.close()


def snapshot(handler: ActionHandler) -> list[tuple[object, ...]]:
    """Every row of every table that holds the world's state."""
    tables = ("devices", "timers", "alarms", "outbox", "list_items")
    return [tuple(r) for t in tables for r in handler.store.rows(f"SELECT * FROM {t}")]


def calls(*call: ToolCall) -> ScriptedBackend:
    return ScriptedBackend(*([LlmDelta(tool_call=c)] for c in call))


async def test_fuzz_reproducers_change_nothing_on_the_llm_path(handler: ActionHandler) -> None:
    before = snapshot(handler)
    rig = Rig(handler, calls(ToolCall("set_temperature", {"degrees": 10}),
                             ToolCall("set_alarm", {"time": "22:00"})), ground=True)
    assert reply(await rig.turn(said("one."))) == FRAGMENT
    assert reply(await rig.turn(said("watch time."))) == FRAGMENT
    assert snapshot(handler) == before


async def test_open_question_gets_an_honest_reply_and_no_device_call(
    handler: ActionHandler,
) -> None:
    rig = Rig(handler, calls(ToolCall("get_state", {"device": "French"})), ground=True)
    events = await rig.turn(said("What is the capital of France?"))
    assert reply(events) == OFFLINE
    assert not any(e for e in events if getattr(e, "intent", None) == "HassGetState")


async def test_close_device_match_is_asked_then_run_on_yes(handler: ActionHandler) -> None:
    rig = Rig(handler, calls(ToolCall("turn_on", {"device": "kitchn light"})), ground=True)
    asked = await rig.turn(said("turn on the kitchn light"))
    assert reply(asked) == "Do you mean the kitchen light?"
    assert rig.state("light.kitchen") == "off"
    done = await rig.turn(said("yes"))
    assert action(done).success and rig.state("light.kitchen") == "on"


async def test_unknown_contact_sends_nothing(handler: ActionHandler) -> None:
    call = ToolCall("send_message", {"contact": "everyone", "body": "hi"})
    rig = Rig(handler, calls(call), ground=True)
    events = await rig.turn(said("send a message to everyone saying hi"))
    assert reply(events) == "Sorry, everyone isn't in your contacts."
    assert rig.outbox() == 0 and rig.gate.pending("s") is None


async def test_fast_path_fragment_is_asked_not_run(handler: ActionHandler) -> None:
    rig = Rig(handler)
    asked = await rig.turn(TV)
    assert reply(asked) == "Turn on the living room TV?"
    assert rig.state("media_player.living_room_tv") == "off"
    await rig.turn(said("yes"))
    assert rig.state("media_player.living_room_tv") == "on"


async def test_fast_path_fragment_without_a_question_is_not_understood(
    handler: ActionHandler,
) -> None:
    before = snapshot(handler)
    events = await Rig(handler).turn(ONE_AS_TEMPERATURE)
    assert reply(events) == NOT_UNDERSTOOD
    assert any(isinstance(e, NoIntent) for e in events)
    assert snapshot(handler) == before


async def test_fast_path_commands_still_run_at_once(handler: ActionHandler) -> None:
    rig = Rig(handler)
    await rig.turn(KITCHEN)
    assert rig.state("light.kitchen") == "on"
    assert action(await rig.turn(PAUSE)).intent == "HassMediaPause"


async def test_close_contact_is_asked_even_when_pre_authorised(handler: ActionHandler) -> None:
    call = ToolCall("send_message", {"contact": "Alise", "body": "I'm late"})
    rig = Rig(handler, calls(call), ground=True)
    asked = await rig.turn(said("text Alise that I'm late"), authorized=True)
    assert reply(asked) == "Send 'I'm late' to Alice?" and rig.outbox() == 0
    done = await rig.turn(said("yes"))
    assert action(done).success and rig.outbox() == 1


async def test_one_word_answers_keep_working(handler: ActionHandler) -> None:
    """A digit of a closed answer set (a custom intent) and a yes to a question are answers."""
    digit = IntentRecognized(intent="SaysoDigit", text="eight", slots=(Slot("digit", 8),))
    rig = Rig(handler)
    events = await rig.turn(digit)
    assert any(isinstance(e, IntentRecognized) for e in events)
    assert not any(isinstance(e, NoIntent) for e in events)
    assert action(events).error_code != "confirmation_required"
    await rig.turn(IntentRecognized(intent="HassTurnOn", text="kitchen light",
                                    slots=(Slot("name", "light.kitchen"),)))
    assert rig.state("light.kitchen") == "off"
    await rig.turn(said("yes"))
    assert rig.state("light.kitchen") == "on"


async def test_a_correction_of_words_that_named_no_action_is_asked(handler: ActionHandler) -> None:
    """Heard "the lights in", corrected to "the lights pink": every light would turn pink."""
    pink = IntentRecognized(
        intent="HassLightSet", text="the lights pink",
        slots=(Slot("color", "pink"), Slot("domain", "light")),
        reading=Reading("corrected", "the lights pink", 0.17, heard="the lights in"),
    )
    before = snapshot(handler)
    rig = Rig(handler)
    assert reply(await rig.turn(pink)) == "Did you mean: the lights pink?"
    assert snapshot(handler) == before
    # A misheard command whose heard words still name the action runs at once.
    lights_on = IntentRecognized(
        intent="HassTurnOn", text="turn on the kitchen light",
        slots=(Slot("name", "light.kitchen"),),
        reading=Reading("corrected", "turn on the kitchen light", 0.1,
                        heard="turn on the kitchen lie"),
    )
    await rig.turn(lights_on)
    assert rig.state("light.kitchen") == "on"
    # Whisper often hears "add" as "and": six words heard carry the command.
    milk = IntentRecognized(
        intent="HassListAddItem", text="add milk to my shopping list",
        slots=(Slot("item", "milk"), Slot("name", "shopping")),
        reading=Reading("corrected", "add milk to my shopping list", 0.09,
                        heard="And milk to my shopping list."),
    )
    assert action(await rig.turn(milk)).success


async def test_fast_path_never_runs_a_negated_or_reported_command(handler: ActionHandler) -> None:
    """The grammar parses "please don't switch off the ..." as HassTurnOff; it must not run."""
    rig = Rig(handler)
    await rig.turn(KITCHEN)
    before = snapshot(handler)
    for text in ("please don't switch off the kitchen light",
                 "I switched off the kitchen light a minute ago"):
        off = IntentRecognized(intent="HassTurnOff", text=text,
                               slots=(Slot("name", "light.kitchen"),))
        events = await rig.turn(off)
        assert any(isinstance(e, NoIntent) for e in events)
        assert snapshot(handler) == before and rig.state("light.kitchen") == "on"
    await rig.turn(IntentRecognized(intent="HassTurnOff", text="switch off the kitchen light",
                                    slots=(Slot("name", "light.kitchen"),)))
    assert rig.state("light.kitchen") == "off"


def named(call: ToolCall) -> ScriptedBackend:
    """A model that names the tool first and then writes the arguments, as llama.cpp streams."""
    return ScriptedBackend([LlmDelta(call_name=call.name), LlmDelta(tool_call=call)],
                           token_delay_s=0.2)


async def test_a_call_its_name_refuses_stops_the_model_before_the_arguments(
    handler: ActionHandler,
) -> None:
    backend = named(ToolCall("set_temperature", {"degrees": 20}))
    rig = Rig(handler, backend, ground=True)
    before = snapshot(handler)
    assert reply(await rig.turn(said("Who painted the Mona Lisa?"))) == OFFLINE
    assert backend.emitted == 1  # the arguments were never generated
    assert snapshot(handler) == before


async def test_a_call_its_arguments_may_ground_is_read_whole(handler: ActionHandler) -> None:
    backend = named(ToolCall("turn_on", {"device": "kitchen light"}))
    rig = Rig(handler, backend, ground=True)
    await rig.turn(said("turn on the kitchen light"))
    assert backend.emitted == 2 and rig.state("light.kitchen") == "on"
