"""The wake gate on a fake input clock: the wake word opens it, follow-ups keep it open a while."""

from __future__ import annotations

from sayso.session.wake_gate import Reason, WakeGate

LISTEN_S, FOLLOW_UP_S = 5.0, 6.0


def gate() -> WakeGate:
    return WakeGate(LISTEN_S, FOLLOW_UP_S)


def test_asleep_until_the_wake_word_then_open_for_the_command() -> None:
    g = gate()
    assert not g.is_open(0.0) and not g.is_open(100.0)
    g.woke(10.0)
    assert g.is_open(10.0) and g.is_open(14.9)
    assert not g.is_open(15.0)  # nobody spoke within listen_s
    assert g.expire(15.0) and g.deadline is None
    assert not g.expire(16.0)  # reported once


def test_a_reply_opens_the_follow_up_window_which_then_closes() -> None:
    g = gate()
    g.woke(0.0)
    g.hold()  # the user speaks
    assert g.is_open(1000.0)  # a long utterance is never cut off
    assert g.release(3.0) is Reason.FOLLOW_UP  # the utterance ended
    g.hold()  # the reply plays
    assert g.is_open(50.0)
    assert g.release(8.0) is Reason.FOLLOW_UP  # the reply ended at 8 s
    assert g.is_open(8.0 + FOLLOW_UP_S - 0.1)  # "and the bedroom?" needs no wake word
    assert not g.is_open(8.0 + FOLLOW_UP_S)
    assert g.expire(8.0 + FOLLOW_UP_S)
    assert g.release(30.0) is None  # a reply after the gate closed does not reopen it


def test_a_question_keeps_listening_until_the_answer() -> None:
    g = gate()
    g.woke(0.0)
    g.hold()
    assert g.release(4.0, question=True) is Reason.QUESTION  # "Which room?"
    assert g.is_open(4.0 + 10 * FOLLOW_UP_S)  # however long the user thinks
    g.hold()  # the answer
    assert g.release(90.0) is Reason.FOLLOW_UP
    assert not g.is_open(90.0 + FOLLOW_UP_S)


def test_no_follow_up_window_when_it_is_zero() -> None:
    g = WakeGate(LISTEN_S, 0.0)
    g.woke(0.0)
    g.hold()
    assert g.release(2.0) is None and not g.is_open(2.0)
    g.woke(5.0)
    g.hold()
    assert g.release(7.0, question=True) is Reason.QUESTION  # questions still wait


def test_the_wake_word_during_an_open_window_keeps_it_open() -> None:
    g = gate()
    g.woke(0.0)
    g.hold()
    g.woke(2.0)  # said again mid-turn: the gate stays held, not shortened to listen_s
    assert g.is_open(100.0)
