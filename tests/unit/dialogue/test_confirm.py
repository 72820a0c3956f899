import pytest

from sayso.dialogue.confirm import ConfirmationGate, Verdict, classify, question_for
from sayso.dialogue.messages import ToolCall

CALL = ToolCall("send_message", {"contact": "Alice", "body": "I'm late"})


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


@pytest.mark.parametrize("text", ["yes", "Yes please.", "sure", "do it", "yeah go ahead", "OK"])
def test_yes(text: str) -> None:
    assert classify(text) is Verdict.CONFIRMED


@pytest.mark.parametrize(
    "text", ["no", "No thanks", "cancel", "don't", "never mind", "Cancel it.", "stop that"]
)
def test_no(text: str) -> None:
    assert classify(text) is Verdict.DENIED


@pytest.mark.parametrize("text", ["what's the weather", "yes and also email everyone", ""])
def test_other(text: str) -> None:
    assert classify(text) is Verdict.CANCELLED


@pytest.mark.parametrize(
    ("text", "verdict"),
    [("Uh, do it.", Verdict.CONFIRMED), ("well, yes", Verdict.CONFIRMED),
     ("so no", Verdict.DENIED), ("um, don't", Verdict.DENIED), ("so", Verdict.CANCELLED),
     ("And do it.", Verdict.CANCELLED), ("and do that", Verdict.CANCELLED)],
)  # fmt: skip
def test_a_filler_before_the_answer_changes_nothing(text: str, verdict: Verdict) -> None:
    """Round 39: "uh, do it" was no yes. "And do it." stays none: it is also how Whisper writes
    a quick "undo it", which must never confirm a sensitive action."""
    assert classify(text) is verdict


def test_a_stop_word_opens_a_no_unless_the_turn_is_a_command_of_its_own() -> None:
    # "Cancel all timers" after "Did you mean: add a minute?" is a new command, not a no.
    for text in ("cancel all timers", "stop the music"):
        assert classify(text, command=True) is Verdict.CANCELLED
        assert classify(text) is Verdict.DENIED
    for text in ("cancel the unlock", "stop, don't send it", "abort mission"):
        assert classify(text) is Verdict.DENIED
    for text in ("stop", "Cancel it.", "stop that please"):  # alone: a no, even as a command
        assert classify(text, command=True) is Verdict.DENIED


def test_question() -> None:
    assert question_for(CALL) == "Send 'I'm late' to Alice?"
    assert question_for(ToolCall("unlock", {"door": "front"})) == "Should I unlock with door front?"


def test_confirm_on_later_turn() -> None:
    gate = ConfirmationGate(clock=Clock())
    gate.propose("s", CALL, "q?", turn_id="t1")
    assert gate.resolve("s", "yes", turn_id="t2") == (Verdict.CONFIRMED, gate_action(CALL))
    assert gate.pending("s") is None


def gate_action(call: ToolCall):  # type: ignore[no-untyped-def]
    class Match:
        def __eq__(self, other: object) -> bool:
            return getattr(other, "call", None) == call

    return Match()


def test_same_turn_cannot_confirm() -> None:
    gate = ConfirmationGate(clock=Clock())
    gate.propose("s", CALL, "q?", turn_id="t1")
    assert gate.resolve("s", "yes do it", turn_id="t1") == (Verdict.NONE, None)
    assert gate.pending("s") is not None


def test_timeout_expires() -> None:
    clock = Clock()
    gate = ConfirmationGate(timeout_s=30.0, clock=clock)
    gate.propose("s", CALL, "q?", turn_id="t1")
    clock.t += 31.0
    verdict, _ = gate.resolve("s", "yes", turn_id="t2")
    assert verdict is Verdict.EXPIRED
    gate.propose("s", CALL, "q?", turn_id="t3")
    clock.t += 31.0
    assert gate.pending("s") is None


def test_sessions_are_separate() -> None:
    gate = ConfirmationGate(clock=Clock())
    gate.propose("a", CALL, "q?", turn_id="t1")
    assert gate.resolve("b", "yes", turn_id="t2") == (Verdict.NONE, None)
    assert gate.pending("a") is not None
