"""A timer that runs a command ("turn off the kitchen light in 5 minutes"): read only when the
command is one the grammar reads, with the command understood when the timer is set."""

from __future__ import annotations

import pytest

from sayso.understanding.hassil.recognizer import HassilRecognizer, without_delayed


def test_a_command_said_with_a_delay_is_read_as_a_timer_that_runs_it(
    recognizer: HassilRecognizer,
) -> None:
    for text, seconds in [
        ("turn off the kitchen light in 5 minutes", 300),
        ("in 10 seconds, turn off the kitchen light", 10),
    ]:
        found = recognizer.recognize(text)
        assert found is not None and found.intent == "HassStartTimer"
        assert (found.slot("minutes") or 0) * 60 + (found.slot("seconds") or 0) == seconds
        assert found.then is not None
        assert (found.then.intent, found.then.slot("name")) == ("HassTurnOff", "light.kitchen")
        assert found.then.text == "turn off the kitchen light"
        assert found.free_words == 0  # every word is the grammar's: nothing left to narrow


@pytest.mark.parametrize(
    "text",
    [
        "blah blah foo in 5 minutes",  # HA's template takes any words before the amount
        "timer for 1 hour in 30 seconds",  # a timer that would start a timer: misheard "and"
    ],
)
def test_words_that_are_no_command_are_not_a_timer_that_runs_them(
    recognizer: HassilRecognizer, text: str
) -> None:
    assert recognizer.recognize(text) is None


def test_an_amount_that_may_belong_to_a_free_slot_stays_in_it(
    recognizer: HassilRecognizer,
) -> None:
    found = recognizer.recognize("send a message to mom saying I'm home in 5 minutes")
    assert found is not None and found.intent == "SaysoSendMessage"
    assert found.slot("message") == "I'm home in 5 minutes" and found.then is None


def test_a_plain_timer_has_no_command(recognizer: HassilRecognizer) -> None:
    found = recognizer.recognize("set a timer for 5 minutes")
    assert found is not None and found.intent == "HassStartTimer" and found.then is None


def test_the_grammar_without_delays_keeps_every_other_template(
    recognizer: HassilRecognizer,
) -> None:
    grammar = recognizer.grammar()
    assert grammar is not None
    intents = grammar[0]
    kept = without_delayed(intents)
    assert set(kept.intents) == set(intents.intents)  # plain timers are HassStartTimer too
    before = sum(len(i.data) for i in intents.intents.values())
    after = sum(len(i.data) for i in kept.intents.values())
    delayed = [
        b for b in intents.intents["HassStartTimer"].data
        if any("conversation_command}" in t for t in b.sentence_texts)
    ]
    assert delayed and after == before - len(delayed)


def test_a_switching_for_a_while_carries_its_command(recognizer: HassilRecognizer) -> None:
    found = recognizer.recognize("turn on the kitchen light for 10 minutes")
    assert found is not None and found.intent == "HassStartTimer"
    assert found.slot("for_a_while") and found.slot("minutes") == 10
    assert found.then is not None
    assert (found.then.intent, found.then.slot("name")) == ("HassTurnOn", "light.kitchen")


@pytest.mark.parametrize(
    ("text", "intent"),
    [("pause timer for 1 hour", "HassPauseTimer"), ("stop timer for 5 minutes", "HassCancelTimer"),
     ("remind me to call mom for 10 minutes", "SaysoSetAlarm")],
)  # fmt: skip
def test_only_a_switching_is_done_for_a_while(
    recognizer: HassilRecognizer, text: str, intent: str
) -> None:
    """"Pause timer for 1 hour" names a timer (none runs here): not "pause" for an hour."""
    found = recognizer.recognize(text)
    assert found is not None and found.intent == intent and found.then is None


def test_a_timer_command_with_no_such_timer_is_not_a_thing_to_buy(
    recognizer: HassilRecognizer,
) -> None:
    """"Add 5 minutes to timer for 1 hour" with no timer: the timer's, not "add …" to a list."""
    found = recognizer.recognize("add 5 minutes to timer for 1 hour")
    assert found is not None and found.intent == "HassIncreaseTimer"
