"""The form of a request: each rule in both directions (the request still acts, the rest not)."""

import pytest

from sayso.dialogue.forms import (
    asks_nothing_now,
    asks_removal,
    asks_state,
    is_hypothetical,
    is_inquiry,
    is_polite_request,
    is_reported_speech,
    particle,
    states_a_state,
)

POLITE = ("could you switch off the fan", "can you turn on the kitchen light",
          "would you mind turning off the television?", "will you lock the back door",
          "can we turn the heating up to 21", "hey, could you dim the lamp to 30 percent",
          "is it possible to turn on the porch light", "what about the bedroom")


@pytest.mark.parametrize("text", POLITE)
def test_polite_requests_are_requests_not_inquiries(text: str) -> None:
    assert is_polite_request(text) and not is_inquiry(text) and not asks_state(text)


@pytest.mark.parametrize("text", [
    "is the fan on", "Is the garage door open?", "did I leave the coffee machine on",
    "are the bedroom blinds open", "what's the thermostat set to", "hey, was the front door locked",
    "did you turn off the kitchen light",
])
def test_questions_about_a_state(text: str) -> None:
    assert is_inquiry(text) and asks_state(text)


@pytest.mark.parametrize("text", ["how do I turn on the tv", "what year did the wall fall",
                                  "why is the sky blue"])
def test_other_questions_are_inquiries_not_about_a_state(text: str) -> None:
    assert is_inquiry(text) and not asks_state(text)


@pytest.mark.parametrize("text", ["turn on the fan", "lights on in the kitchen",
                                  "I'm freezing, can you put the heat up to 23",
                                  "do turn off the kitchen light",
                                  "when you get a chance turn off the kitchen light",
                                  "is it ok to turn off the heating"])
def test_commands_are_no_inquiries(text: str) -> None:
    """Also a command opened by an auxiliary or a clause of time."""
    assert not is_inquiry(text)


@pytest.mark.parametrize(("text", "hypothetical"), [
    ("what would happen if I set the thermostat to thirty", True),
    ("what if I turned off the heating", True),
    ("if I turn off the heating will it get cold", True),
    ("suppose we lock the back door", True),
    ("if you could turn off the light that'd be great", False),
    ("turn off the heating", False),
])
def test_hypotheticals(text: str, hypothetical: bool) -> None:
    assert is_hypothetical(text) is hypothetical


@pytest.mark.parametrize(("text", "reported"), [
    ("my sister said she'd text alice later", True),
    ("Bob says the heating is broken", True),
    ("the kids wanted the lights on", True),
    ("my wife wants the heating at 21", False),
    ("mum reckons we need more milk", True),
    ("when she's back she'll lock the door", True),
    ("I said turn off the lights", False),
    ("text bob and ask if he wants to play tennis", False),
    ("tell Alice that Bob said hi", False),
    ("can you send Alice a text that says thanks", False),
])
def test_reported_speech(text: str, reported: bool) -> None:
    assert is_reported_speech(text) is reported


@pytest.mark.parametrize(("text", "statement"), [
    ("the garage door was open all night", True),
    ("the kitchen light is on", True),
    ("the back door's still unlocked", True),
    ("the kitchen light is on, turn it off", False),
    ("send dad a text telling him the garage door is open", False),
    ("I want the front door locked", False),
    ("make sure the back door is locked", False),
    ("is the fan on", False),
])
def test_statements_of_a_state(text: str, statement: bool) -> None:
    assert states_a_state(text) is statement


@pytest.mark.parametrize(("text", "word", "said_as_action"), [
    ("turn on the tv", "on", True),
    ("coffee maker on", "on", True),
    ("turn the hallway light on please", "on", True),
    ("turn the lights on in the kitchen", "on", True),
    ("switch off the lights", "off", True),
    ("turn up the volume on the tv", "on", False),
    ("take milk off the shopping list", "off", False),
    ("is the lamp on the desk still there", "on", False),
    ("turn the fan on the highest setting", "on", True),
])
def test_on_and_off_as_the_action_or_a_preposition(text: str, word: str,
                                                   said_as_action: bool) -> None:
    assert particle(text, word) is said_as_action


def test_removal_is_not_an_addition() -> None:
    assert asks_removal("take milk off the shopping list")
    assert asks_removal("remove eggs from my list")
    assert not asks_removal("add milk to the shopping list")
    assert not asks_removal("put eggs on the list")
    assert asks_removal("mark bread as done on my shopping list")  # the brain added it again
    assert not asks_removal("add bread to my list when you're done")


def test_asks_nothing_now_combines_the_three() -> None:
    assert asks_nothing_now("the garage door was open all night")
    assert asks_nothing_now("what would happen if I set the thermostat to thirty")
    assert asks_nothing_now("my sister said she'd text alice later")
    assert not asks_nothing_now("text alice that I'll be late")
    assert not asks_nothing_now("could you switch off the fan")


def test_a_hypothetical_question_is_not_about_a_state() -> None:
    assert not asks_state("what would happen if I turn on the kitchen light")


@pytest.mark.parametrize("text", ["And do that.", "do it", "do this"])
def test_do_with_no_subject_and_verb_asks_nothing(text: str) -> None:
    """Whisper's "And do that." for a quick "undo that" (round 39) is no question."""
    assert not is_inquiry(text)
    assert is_inquiry("do you?") and is_inquiry("do they")
