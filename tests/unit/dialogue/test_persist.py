"""Pending confirmations and conversation memory in a real SQLite file, across a restart."""

from __future__ import annotations

from pathlib import Path

from sayso.actions.store import Store
from sayso.dialogue.confirm import ConfirmationGate, Verdict
from sayso.dialogue.memory import MemoryStore
from sayso.dialogue.messages import Message, ToolCall
from sayso.dialogue.persist import KEPT_MESSAGES, ConversationTable, PendingTable
from sayso.events import IntentRecognized, Slot

CALL = ToolCall("send_message", {"contact": "Alice", "body": "I'm late"})
INTENT = IntentRecognized(
    intent="SaysoSendMessage", text="send a message to Alice saying I'm late",
    slots=(Slot("contact", "Alice", "Alice"), Slot("message", "I'm late", "I'm late")),
)


class Clock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


def gate_on(store: Store, clock: Clock) -> ConfirmationGate:
    return ConfirmationGate(table=PendingTable(lambda: store), clock=clock)


def test_a_pending_action_survives_a_restart_and_runs_once(tmp_path: Path) -> None:
    clock, db = Clock(), tmp_path / "state.db"
    first = Store(db)
    gate_on(first, clock).propose("s", CALL, "Send 'I'm late' to Alice?", "t1", payload=INTENT)
    first.close()  # the process ends between the question and the answer
    second = Store(db)
    gate = gate_on(second, clock)
    pending = gate.pending("s")
    assert pending is not None and pending.call == CALL and pending.question.endswith("?")
    assert pending.payload.intent == "SaysoSendMessage"
    assert pending.payload.slot_dict() == {"contact": "Alice", "message": "I'm late"}
    verdict, action = gate.resolve("s", "yes", "t2")
    assert verdict is Verdict.CONFIRMED and action is not None and action.call == CALL
    assert gate.resolve("s", "yes", "t3") == (Verdict.NONE, None)  # never twice
    second.close()
    assert gate_on(Store(db), clock).pending("s") is None  # nor after another restart


def test_two_processes_answering_yes_run_it_once(tmp_path: Path) -> None:
    clock, db = Clock(), tmp_path / "state.db"
    a, b = Store(db), Store(db)  # two connections: two processes on one file
    gate_on(a, clock).propose("s", CALL, "q?", "t1")
    one, two = gate_on(a, clock), gate_on(b, clock)
    assert one.pending("s") is not None and two.pending("s") is not None
    verdicts = [one.resolve("s", "yes", "t2")[0], two.resolve("s", "yes", "t3")[0]]
    assert verdicts == [Verdict.CONFIRMED, Verdict.NONE]


def test_the_asking_turn_cannot_confirm_after_a_restart(tmp_path: Path) -> None:
    clock, db = Clock(), tmp_path / "state.db"
    gate_on(Store(db), clock).propose("s", CALL, "q?", "t1")
    gate = gate_on(Store(db), clock)
    assert gate.resolve("s", "yes do it", "t1") == (Verdict.NONE, None)
    assert gate.pending("s") is not None


def test_an_expired_confirmation_is_dropped_after_a_restart(tmp_path: Path) -> None:
    clock, db = Clock(), tmp_path / "state.db"
    gate_on(Store(db), clock).propose("s", CALL, "q?", "t1")
    clock.t += 3600.0  # the assistant was down for an hour
    gate = gate_on(Store(db), clock)
    verdict, action = gate.resolve("s", "yes", "t2")
    assert verdict is Verdict.EXPIRED and action is not None
    assert gate.pending("s") is None
    gate.propose("s", CALL, "q?", "t3")
    clock.t += 3600.0
    assert gate.pending("s") is None  # looking at it: not live ...
    assert gate.resolve("s", "yes", "t4")[0] is Verdict.EXPIRED  # ... the next turn says it expired
    assert Store(db).row("SELECT count(*) FROM pending_actions")[0] == 0


def test_memory_and_targets_are_reloaded_after_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    store = Store(db)
    mem = MemoryStore(table=ConversationTable(lambda: store)).session("s")
    mem.add(Message("user", "turn on the kitchen light"))
    call = ToolCall("turn_on", {"device": "kitchen light"})
    mem.add(Message("assistant", tool_call=call))
    mem.add(Message("tool", "Turned on the kitchen light", tool_call=call))
    mem.remember_targets(["light.kitchen"])
    MemoryStore(table=ConversationTable(lambda: store)).session("other").add(Message("user", "x"))
    store.close()
    again = Store(db)
    back = MemoryStore(table=ConversationTable(lambda: again)).session("s")
    assert back.turns == mem.turns and back.last_targets == ("light.kitchen",)
    assert back.is_follow_up("and turn it off")


def test_stored_history_is_bounded(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    mem = MemoryStore(table=ConversationTable(lambda: store)).session("s")
    for i in range(KEPT_MESSAGES + 10):
        mem.add(Message("user", f"request {i}"))
    count = store.row("SELECT count(*) FROM conversation WHERE session = 's'")[0]
    assert count == KEPT_MESSAGES
    back = MemoryStore(table=ConversationTable(lambda: store)).session("s")
    assert back.turns[-1].content == f"request {KEPT_MESSAGES + 9}"


def test_old_conversations_are_not_reloaded(tmp_path: Path) -> None:
    clock, store = Clock(), Store(tmp_path / "state.db")
    MemoryStore(table=ConversationTable(lambda: store, clock=clock)).session("s").add(
        Message("user", "hello")
    )
    clock.t += 2 * 24 * 3600.0
    back = MemoryStore(table=ConversationTable(lambda: store, clock=clock)).session("s")
    assert back.turns == [] and back.last_targets == ()


def test_a_held_timer_keeps_the_command_it_runs(tmp_path: Path) -> None:
    # "Unlock the front door in 2 minutes?" is held across the question like any sensitive
    # intent; the "yes" must start a timer that still carries its command.
    unlock = IntentRecognized(intent="HassTurnOff", text="unlock the front door",
                              slots=(Slot("name", "lock.front_door", "front door"),))
    timer = IntentRecognized(intent="HassStartTimer", text="unlock the front door in 2 minutes",
                             slots=(Slot("minutes", 2, "2"),), then=unlock)
    clock, store = Clock(), Store(tmp_path / "state.db")
    gate = gate_on(store, clock)
    gate.propose("s", ToolCall("HassStartTimer", {}), "Unlock the front door in 2 minutes?", "t1",
                 payload=timer)
    verdict, action = gate.resolve("s", "yes", "t2")
    assert verdict is Verdict.CONFIRMED and action is not None
    held = action.payload
    assert isinstance(held, IntentRecognized) and held.then is not None
    assert (held.then.intent, held.then.slot("name")) == ("HassTurnOff", "lock.front_door")
    store.close()
