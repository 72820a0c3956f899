"""Could a command go on? (`grammar/continues.py`) on a small hand-built word graph."""

from __future__ import annotations

import pytest

from sayso.understanding.grammar.continues import could_continue
from sayso.understanding.grammar.graph import WILDCARD, Arc, WordGraph, range_label
from sayso.understanding.grammar.match import tokenize


def chain(arcs: dict[int, list[Arc]], start: int, labels: list[str], first_free: int) -> int:
    """Add `labels` as a path from `start` through new states; returns the last state."""
    state = start
    for k, label in enumerate(labels):
        target = first_free + k
        arcs.setdefault(state, []).append(Arc(target, label))
        arcs.setdefault(target, [])
        state = target
    return state


def graph() -> WordGraph:
    """set the thermostat to N [degrees] | turn off the lights [in the kitchen] |
    add <free text> to my list | set a timer for N minutes [and N seconds] | alarm at N [N]."""
    arcs: dict[int, list[Arc]] = {0: []}
    number = chain(arcs, 0, ["set", "the", "thermostat", "to", range_label(10, 30)], 1)
    degrees = chain(arcs, number, ["degrees"], 10)
    lights = chain(arcs, 0, ["turn", "off", "the", "lights"], 20)
    kitchen = chain(arcs, lights, ["in", "the", "kitchen"], 30)
    listed = chain(arcs, 0, ["add", WILDCARD, "to", "my", "list"], 40)
    minutes = chain(arcs, 0, ["set", "a", "timer", "for", range_label(1, 99), "minutes"], 50)
    seconds = chain(arcs, minutes, ["and", range_label(1, 59), "seconds"], 60)
    hour = chain(arcs, 0, ["alarm", "at", range_label(1, 12)], 70)
    minute = chain(arcs, hour, [range_label(10, 59)], 80)
    named = chain(arcs, 0, ["timer", range_label(1, 99), WILDCARD], 90)  # "timer 5 pasta"
    chain(arcs, named, ["and", range_label(1, 59)], 95)
    words = frozenset(a.label for out in arcs.values() for a in out)
    finals = {number, degrees, lights, kitchen, listed, minutes, seconds, hour, minute, named}
    return WordGraph(arcs, 0, frozenset(finals), words, skip_words=("please",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Set the thermostat to 20.", "number"),  # "twenty" → "twenty two"
        ("set the thermostat to twenty", "number"),
        ("Set the thermostat to 22", "words"),  # "… degrees" may follow
        ("Set the thermostat to 22 degrees.", "no"),
        ("Turn off the lights.", "words"),  # "… in the kitchen"
        ("Turn off the lights in the kitchen, please.", "no"),  # skip words are no way on
        ("Add milk and eggs to my list.", "no"),  # free text inside, complete after it
        ("Set a timer for 90 minutes.", "amount"),  # "… and 30 seconds"
        ("set a timer for ninety minutes", "amount"),  # a round ten, but a unit followed it
        ("Set a timer for 90 minutes and 30 seconds.", "no"),
        ("Set a timer for 90 minutes, please.", "words"),  # said and done, but "and …" may come
        ("Alarm at 7", "amount"),  # "… thirty" straight after
        ("Alarm at 7 30", "number"),  # "thirty" → "thirty five"
        ("Alarm at 7 35", "no"),
        ("timer 5 pasta", "words"),  # free text after the number: no unit, no amount
        ("Set the thermostat to", None),  # no complete sentence
        ("Turn on the radio.", None),
        ("", None),
    ],
)
def test_the_grammar_says_how_a_command_could_go_on(text: str, expected: str | None) -> None:
    assert could_continue(graph(), tokenize(text)) == expected


def test_a_round_ten_at_the_top_of_its_range_cannot_take_a_unit() -> None:
    arcs: dict[int, list[Arc]] = {0: []}
    end = chain(arcs, 0, ["volume", range_label(0, 30)], 1)
    small = WordGraph(arcs, 0, frozenset({end}), frozenset({"volume"}))
    assert could_continue(small, tokenize("volume 30")) == "no"
    assert could_continue(small, tokenize("volume 20")) == "number"
