"""`dialogue.awaiting`: which requests wait for their value, and how an answer completes them."""

from __future__ import annotations

import dataclasses

from sayso.dialogue import awaiting
from sayso.dialogue.awaiting import Awaiting
from sayso.events import ActionResult, IntentRecognized
from sayso.events.base import now


def _asked(language: str = "en") -> Awaiting:
    return Awaiting("set an alarm", "SaysoSetAlarm", language, now())


def test_a_value_alone_is_tried_with_each_joining_word_then_as_said() -> None:
    assert awaiting.completions(_asked(), "7 am.") == [
        "set an alarm for 7 am", "set an alarm at 7 am", "set an alarm to 7 am",
        "set an alarm in 7 am", "set an alarm 7 am",
    ]  # fmt: skip


def test_an_answer_with_its_own_joining_word_is_first_joined_as_said() -> None:
    said = awaiting.completions(_asked(), "in 20 minutes")
    assert said[:2] == ["set an alarm in 20 minutes", "set an alarm for in 20 minutes"]


def test_german_joins_with_its_own_words() -> None:
    asked = dataclasses.replace(_asked("de"), text="Stelle einen Wecker")
    assert awaiting.completions(asked, "7 Uhr")[:2] == [
        "Stelle einen Wecker auf 7 Uhr", "Stelle einen Wecker für 7 Uhr"
    ]


def test_nothing_after_the_wait_or_for_an_empty_answer() -> None:
    old = dataclasses.replace(_asked(), at=now() - awaiting.AWAIT_S - 1)
    assert awaiting.completions(old, "7 am") == []
    assert awaiting.completions(_asked(), " ?") == []


def test_only_a_failure_that_asks_for_a_value_waits() -> None:
    intent = IntentRecognized(intent="SaysoSetAlarm", text="Set an alarm.", language="en")
    asks = ActionResult(intent="SaysoSetAlarm", success=False, speech="For what time?",
                        data={"missing": "alarm_time"})  # fmt: skip
    other = dataclasses.replace(asks, data={})
    done = dataclasses.replace(asks, success=True, data={})
    found = awaiting.asked(intent, asks, "missing")
    assert found is not None and (found.text, found.intent) == ("Set an alarm", "SaysoSetAlarm")
    assert awaiting.asked(intent, other, "missing") is None
    assert awaiting.asked(intent, done, "missing") is None
    chinese = dataclasses.replace(intent, language="zh-cn")
    assert awaiting.asked(chinese, asks, "missing") is None  # its value goes inside: not read
