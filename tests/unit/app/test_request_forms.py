"""The fast path reads the request's form too (real actions, scripted model).

The grammar parses "is the fan on" and "did I leave the coffee machine on" as HassTurnOn and
"the kitchen light is on" as well (checked with `sayso turn --text`): a question about a state is
answered with the state, a statement is handed to the brain (whose grounding refuses the call),
and a polite request still runs.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from scripted_backend import ScriptedBackend

from sayso.actions import ActionHandler, open_actions
from sayso.config import Settings
from sayso.dialogue.messages import ToolCall
from sayso.events import IntentRecognized, NoIntent, Slot
from sayso.llm.base import LlmDelta

from .test_action_stage import Rig, action, reply
from .test_no_invented_actions import snapshot

FANS = (Slot("domain", "fan"),)
COFFEE = (Slot("name", "switch.coffee_machine"),)
KITCHEN = (Slot("name", "light.kitchen"),)


@pytest.fixture()
def handler(tmp_path: Path) -> Iterator[ActionHandler]:
    h = open_actions(Settings(data_dir=str(tmp_path)))
    yield h
    h.store.close()


def parsed(intent: str, text: str, slots: tuple[Slot, ...]) -> IntentRecognized:
    return IntentRecognized(intent=intent, text=text, slots=slots)


@pytest.mark.parametrize(("text", "slots", "said"), [
    ("is the fan on", FANS, "fan"),
    ("did I leave the coffee machine on", COFFEE, "The coffee machine is off."),
])
async def test_a_question_about_a_state_is_answered_not_acted_on(
    handler: ActionHandler, text: str, slots: tuple[Slot, ...], said: str
) -> None:
    before = snapshot(handler)
    events = await Rig(handler).turn(parsed("HassTurnOn", text, slots))
    result = action(events)
    assert result.intent == "HassGetState" and result.success
    assert said in reply(events)
    assert snapshot(handler) == before


async def test_a_polite_request_of_the_same_words_runs(handler: ActionHandler) -> None:
    rig = Rig(handler)
    await rig.turn(parsed("HassTurnOn", "could you turn on the coffee machine", COFFEE))
    assert rig.state("switch.coffee_machine") == "on"
    await rig.turn(parsed("HassTurnOff", "switch off the coffee machine please", COFFEE))
    assert rig.state("switch.coffee_machine") == "off"


@pytest.mark.parametrize("text", [
    "the kitchen light is on",
    "what would happen if I turn on the kitchen light",
    "my sister said she'd turn on the kitchen light",
    "how do I turn on the kitchen light",
])
async def test_statements_and_questions_go_to_the_brain_which_refuses(
    handler: ActionHandler, text: str
) -> None:
    model = ScriptedBackend([LlmDelta(tool_call=ToolCall("turn_on", {"device": "kitchen light"}))])
    rig = Rig(handler, model, ground=True)
    before = snapshot(handler)
    events = await rig.turn(parsed("HassTurnOn", text, KITCHEN))
    assert not any(isinstance(e, IntentRecognized) for e in events)
    assert reply(events).strip()
    assert snapshot(handler) == before and rig.state("light.kitchen") == "off"
    assert not any(isinstance(e, NoIntent) and e.text != text for e in events)
