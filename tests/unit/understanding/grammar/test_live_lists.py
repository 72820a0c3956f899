"""Live lists: "pause the pizza timer" names a running timer, "set a timer called …" any.

HA reads both as a wildcard; sayso closes the name of an existing timer to the timers that run
(`hassil/live.py`), without recompiling the grammar when they change.
"""

from __future__ import annotations

import pytest

from sayso.config import IntentsConfig
from sayso.understanding.grammar.automaton import TokenAutomaton
from sayso.understanding.grammar.constrain import ConstrainedReader
from sayso.understanding.grammar.graph import Arc, WordGraph, live_label
from sayso.understanding.hassil.live import TIMER_NAME, TODO_ITEM
from sayso.understanding.hassil.recognizer import HassilRecognizer

from .conftest import HOME
from .fake_tokens import FakeTokenizer
from .fake_tokens import accepts as _accepts


def _pause_graph() -> WordGraph:
    labels = ("pause", "the", live_label(TIMER_NAME), "timer")
    arcs = {i: [Arc(i + 1, label)] for i, label in enumerate(labels)}
    arcs[len(labels)] = []
    return WordGraph(arcs, 0, frozenset({len(labels)}), frozenset())


def test_a_live_arc_spells_the_values_it_is_given_and_nothing_else() -> None:
    tok = FakeTokenizer()
    graph = _pause_graph()
    pizza = TokenAutomaton(graph, tok, live={TIMER_NAME: ("pizza", "chocolate cake")})
    assert _accepts(pizza, tok, " Pause the pizza timer.")
    assert _accepts(pizza, tok, " pause the Chocolate Cake timer")
    assert not _accepts(pizza, tok, " pause the beats a timer")
    tea = TokenAutomaton(graph, tok, live={TIMER_NAME: ("tea",)})
    assert not _accepts(tea, tok, " pause the pizza timer")
    # No running timer: the arc is dead, not a wildcard.
    assert not _accepts(TokenAutomaton(graph, tok), tok, " pause the pizza timer")


@pytest.fixture(scope="module")
def timers_recognizer() -> tuple[HassilRecognizer, list[str]]:
    running = ["pizza"]
    items = ["apples", "take out the trash", "the milk"]
    recognizer = HassilRecognizer(IntentsConfig())
    recognizer.load()
    recognizer.set_home(HOME)
    recognizer.set_live_lists(
        {
            TIMER_NAME: lambda: tuple(running),
            "timer_start_hours": lambda: ("1",),
            TODO_ITEM: lambda: items,
        }
    )
    return recognizer, running


def test_existing_timers_are_named_from_the_live_ones_new_timers_freely(
    timers_recognizer: tuple[HassilRecognizer, list[str]],
) -> None:
    recognizer, running = timers_recognizer
    found = recognizer.recognize("pause the pizza timer")
    assert found is not None and found.slot_dict() == {"name": "pizza"} and found.free_words == 0
    # No such timer runs: HA's wildcard reading stays, as free words (the understanding step
    # then looks for a constrained sentence naming a running timer, else the action says so).
    free = recognizer.recognize("pause the beats a timer")
    assert free is not None and free.slot_dict() == {"name": "beats a"} and free.free_words == 2
    started = recognizer.recognize("set a timer called beats for 5 minutes")
    assert started is not None and started.intent == "HassStartTimer"
    assert started.slot_dict() == {"name": "beats", "minutes": 5}
    grammar = recognizer.grammar()
    running[:] = ["tea"]
    found = recognizer.recognize("how long is left on the tea timer")
    assert found is not None and found.intent == "HassTimerStatus"
    assert found.slot_dict() == {"name": "tea"}
    gone = recognizer.recognize("cancel the pizza timer")
    assert gone is not None and gone.free_words == 1  # pizza no longer runs
    assert recognizer.grammar() is not None and recognizer.grammar()[0] is grammar[0]  # not rebuilt
    running[:] = ["pizza"]


def test_the_constrained_automaton_follows_the_live_names_on_one_graph(
    timers_recognizer: tuple[HassilRecognizer, list[str]],
) -> None:
    recognizer, running = timers_recognizer
    reader = ConstrainedReader(recognizer)
    tok = FakeTokenizer()
    first = reader.automaton(tok)
    assert isinstance(first, TokenAutomaton) and first.live[TIMER_NAME] == ("pizza",)
    assert reader.automaton(tok) is first  # cached while nothing changes
    assert _accepts(first, tok, " Pause the pizza timer.")
    assert not _accepts(first, tok, " Pause the tea timer.")
    running[:] = ["tea"]
    second = reader.automaton(tok)
    assert second is not first and second.graph is first.graph
    assert _accepts(second, tok, " Pause the tea timer.")
    assert _accepts(second, tok, " Set a timer called pizza for 5 minutes.")  # new: any name
    running[:] = ["pizza"]


def test_an_item_checked_off_is_one_on_the_list_an_item_added_is_any(
    timers_recognizer: tuple[HassilRecognizer, list[str]],
) -> None:
    recognizer, _running = timers_recognizer
    done = recognizer.recognize("check off take out the trash from my shopping list")
    assert done is not None and done.intent == "HassListCompleteItem"
    assert done.slot_dict()["item"] == "take out the trash" and done.free_words == 0
    heard = recognizer.recognize("check apple's off from my shopping list")  # not on the list
    assert heard is not None and heard.slot_dict()["item"] == "apple's" and heard.free_words == 1
    added = recognizer.recognize("add pears to my shopping list")
    assert added is not None and added.slot_dict()["item"] == "pears" and added.free_words == 1
    # An entry stored with its article (before round 40, or by the brain) is found as it is;
    # an item the words filled loses the article (`slots.list_item_slots`).
    milk = recognizer.recognize("check off the milk from my shopping list")
    assert milk is not None and milk.slot_dict()["item"] == "the milk" and milk.free_words == 0
    pears = recognizer.recognize("check off the pears from my shopping list")
    assert pears is not None and pears.slot_dict()["item"] == "pears"


def test_an_unknown_live_list_is_refused() -> None:
    with pytest.raises(ValueError, match="no live list"):
        HassilRecognizer(IntentsConfig()).set_live_lists({"pizza_topping": lambda: ()})


def test_a_running_timer_s_length_is_one_that_runs_an_amount_any(
    timers_recognizer: tuple[HassilRecognizer, list[str]],
) -> None:
    recognizer, _running = timers_recognizer
    one = recognizer.recognize("pause the 1 hour timer")
    assert one is not None and one.slot_dict() == {"start_hours": 1} and one.free_words == 0
    said = recognizer.recognize("how long is left on my one hour timer")
    assert said is not None and said.slot_dict() == {"start_hours": 1}
    # No 12-hour timer runs: HA's reading stays, counted as a free word (narrowed next).
    twelve = recognizer.recognize("pause the 12 hour timer")
    assert twelve is not None and twelve.slot_dict() == {"start_hours": 12}
    assert twelve.free_words == 1
    # The amount added is any number; only the timer's own length is live.
    added = recognizer.recognize("add 12 hours to the 1 hour timer")
    assert added is not None and added.slot_dict() == {"hours": 12, "start_hours": 1}
    assert added.free_words == 0
    started = recognizer.recognize("set a timer for 12 hours")
    assert started is not None and started.slot_dict() == {"hours": 12}
    reader = ConstrainedReader(recognizer)
    tok = FakeTokenizer()
    automaton = reader.automaton(tok)
    assert isinstance(automaton, TokenAutomaton)
    for text in (" Pause the one hour timer.", " Pause the 1 hour timer"):
        assert _accepts(automaton, tok, text), text
    assert not _accepts(automaton, tok, " Pause the 12 hour timer.")
    assert _accepts(automaton, tok, " Add 12 hours to the one hour timer.")


def test_text_matching_reads_a_live_name_as_free_words_a_live_length_as_a_number() -> None:
    from sayso.understanding.grammar.graph import is_free, number_bounds

    assert is_free(live_label(TIMER_NAME)) and number_bounds(live_label(TIMER_NAME)) is None
    length = live_label("timer_start_hours")
    assert not is_free(length) and number_bounds(length) == (0, 999)
