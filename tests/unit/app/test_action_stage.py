"""Confirmation and memory around actions, on real actions (SQLite in tmp) with a scripted model."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from scripted_backend import ScriptedBackend

from sayso.actions import ActionHandler, open_actions
from sayso.app.action_stage import GuardedActionStage
from sayso.config import Settings
from sayso.dialogue.confirm import ConfirmationGate
from sayso.dialogue.memory import MemoryStore
from sayso.dialogue.messages import ToolCall
from sayso.dialogue.reply import ReplyStage
from sayso.events import (
    ActionResult,
    EndOfStream,
    Event,
    IntentRecognized,
    NoIntent,
    ReplyText,
    Slot,
)
from sayso.llm.base import LlmDelta
from sayso.llm.brain import Brain
from sayso.llm.fallback import BrainFallback
from sayso.llm.tools.actions import ActionTools
from sayso.llm.tools.grounding import ToolGrounding
from sayso.llm.tools.typed import ToolRegistry
from sayso.runtime.runner import Pipeline

SEND = IntentRecognized(intent="SaysoSendMessage", text="send a message to alice saying hi",
                        slots=(Slot("contact", "Alice"), Slot("message", "hi")))
UNLOCK = IntentRecognized(intent="HassTurnOff", text="unlock the front door",
                          slots=(Slot("name", "lock.front_door"),))
KITCHEN = IntentRecognized(intent="HassTurnOn", text="turn on the kitchen light",
                           slots=(Slot("name", "light.kitchen"),))


class Clock:
    t = 0.0

    def __call__(self) -> float:
        return self.t


class Rig:
    def __init__(self, handler: ActionHandler, backend: ScriptedBackend | None = None,
                 *, ground: bool = False) -> None:
        self.handler = handler
        self.clock = Clock()
        self.gate = ConfirmationGate(timeout_s=30.0, clock=self.clock)
        self.memory = MemoryStore()
        self.brain: Brain | None = None
        if backend is not None:
            actions = ActionTools(lambda: handler, self.memory)
            tools = ToolRegistry(actions.tools())
            grounder = ToolGrounding(lambda: handler, actions.last_targets) if ground else None
            self.brain = Brain(backend, tools, self.memory, self.gate, ground=grounder)
        self.turns = 0

    async def turn(self, event: IntentRecognized | NoIntent, *, authorized: bool = False
                   ) -> list[Event]:
        self.turns += 1
        turn_id = f"t{self.turns}"
        import dataclasses

        event = dataclasses.replace(event, turn_id=turn_id)
        fallback = BrainFallback(self.brain, "s") if self.brain else None
        stages = [GuardedActionStage(self.handler, self.gate, self.memory, "s", brain=self.brain,
                                     authorized=authorized),
                  ReplyStage(fallback=fallback)]

        async def source() -> Iterator[Event]:  # type: ignore[misc]
            yield event
            yield EndOfStream(turn_id=turn_id)

        return [e async for e in Pipeline(stages).run(source())]

    def outbox(self) -> int:
        return int(self.handler.store.row("SELECT count(*) FROM outbox")[0])

    def state(self, entity_id: str) -> str:
        row = self.handler.store.row("SELECT state FROM devices WHERE entity_id = ?", (entity_id,))
        return str(row["state"])


def reply(events: list[Event]) -> str:
    return " ".join(e.text for e in events if isinstance(e, ReplyText) and e.text)


def action(events: list[Event]) -> ActionResult:
    return [e for e in events if isinstance(e, ActionResult)][-1]


def said(text: str) -> NoIntent:
    return NoIntent(text=text)


@pytest.fixture()
def handler(tmp_path: Path) -> Iterator[ActionHandler]:
    h = open_actions(Settings(data_dir=str(tmp_path)))
    yield h
    h.store.close()


async def test_fast_path_message_waits_for_a_later_yes(handler: ActionHandler) -> None:
    rig = Rig(handler)
    asked = await rig.turn(SEND)
    assert reply(asked) == "Send 'hi' to Alice?"
    assert action(asked).error_code == "confirmation_required" and rig.outbox() == 0
    done = await rig.turn(said("yes"))
    assert action(done).intent == "SaysoSendMessage" and action(done).success
    assert any(isinstance(e, IntentRecognized) for e in done)  # clients see what ran
    assert rig.outbox() == 1


async def test_no_and_timeout_cancel(handler: ActionHandler) -> None:
    rig = Rig(handler)
    await rig.turn(UNLOCK)
    assert reply(await rig.turn(said("no"))) == "Okay, I won't."
    await rig.turn(said("yes"))  # nothing pending any more
    assert rig.state("lock.front_door") == "locked"
    await rig.turn(SEND)
    rig.clock.t += 31.0
    late = await rig.turn(said("yes"))
    assert action(late).error_code == "confirmation_expired" and rig.outbox() == 0


async def test_a_new_request_drops_the_pending_action(handler: ActionHandler) -> None:
    rig = Rig(handler)
    await rig.turn(SEND)
    events = await rig.turn(KITCHEN)
    assert action(events).intent == "HassTurnOn" and rig.state("light.kitchen") == "on"
    await rig.turn(said("yes"))
    assert rig.outbox() == 0


async def test_authorized_runs_at_once_and_fast_path_feeds_memory(handler: ActionHandler) -> None:
    rig = Rig(handler)
    await rig.turn(UNLOCK, authorized=True)
    assert rig.state("lock.front_door") == "unlocked"
    await rig.turn(KITCHEN)
    mem = rig.memory.session("s")
    assert mem.last_targets == ("light.kitchen",)
    assert [m.tool_call.name for m in mem.turns if m.tool_call] == ["turn_off", "turn_off",
                                                                    "turn_on", "turn_on"]


async def test_llm_message_needs_a_separate_yes(handler: ActionHandler) -> None:
    call = ToolCall("send_message", {"contact": "Alice", "body": "late"})
    rig = Rig(handler, ScriptedBackend([LlmDelta(tool_call=call)]))
    asked = await rig.turn(said("tell alice I am late, yes confirmed"))
    assert reply(asked) == "Send 'late' to Alice?" and rig.outbox() == 0
    assert action(asked).error_code == "confirmation_required"
    done = await rig.turn(said("yes"))
    assert action(done).intent == "SaysoSendMessage" and rig.outbox() == 1
    assert reply(done) == "Message to Alice queued: late."


async def test_llm_reply_streams_as_sentences_and_tools_become_action_results(
    handler: ActionHandler,
) -> None:
    call = ToolCall("turn_on", {"device": "bedroom"})
    backend = ScriptedBackend([LlmDelta(tool_call=call)],
                              [LlmDelta("Paris is the capital. "), LlmDelta("It is big.")])
    rig = Rig(handler, backend)
    events = await rig.turn(said("and the bedroom too"))
    assert action(events).intent == "HassTurnOn" and action(events).data["tool"] == "turn_on"
    assert rig.state("light.bedroom") == "on"
    events = await rig.turn(said("what is the capital of france"))
    texts = [e for e in events if isinstance(e, ReplyText)]
    assert [t.text for t in texts] == ["Paris is the capital.", "It is big.", ""]
    assert [t.is_final for t in texts] == [False, False, True]
