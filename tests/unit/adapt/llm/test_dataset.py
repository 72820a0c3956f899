"""The brain's generated training set: valid calls, held out by template, no evaluation overlap."""

from __future__ import annotations

from typing import Any

import pytest

from sayso.actions import demo_home_path
from sayso.actions.home import load_home
from sayso.adapt.llm import dataset
from sayso.adapt.llm.encode import answer_for, prompt_for
from sayso.bench.llm import labelled_requests
from sayso.dialogue.messages import ToolCall
from sayso.llm.tools.actions import ActionTools
from sayso.llm.tools.definitions import build
from sayso.llm.tools.typed import ToolRegistry


def _no_handler() -> Any:
    raise AssertionError("specs only")


@pytest.fixture(scope="module")
def data() -> dataset.Dataset:
    labelled = dataset.eval_requests(labelled_requests())
    return dataset.build(load_home(demo_home_path()), labelled)


def test_every_call_validates_against_the_tool_schemas(data: dataset.Dataset) -> None:
    tools = ToolRegistry(build(ActionTools(_no_handler)))
    for example in data.train + data.heldout:
        if example.tool is not None:
            assert tools.check(ToolCall(example.tool, example.arguments)) is not None, example


def test_held_out_templates_never_reach_training(data: dataset.Dataset) -> None:
    trained = {e.template for e in data.train if e.tool is not None}
    held = {e.template for e in data.heldout if e.tool is not None}
    assert held and trained and not trained & held
    assert not {dataset.key(e.request) for e in data.train} & {
        dataset.key(e.request) for e in data.heldout}


def test_no_training_request_is_in_the_labelled_set(data: dataset.Dataset) -> None:
    labelled = {dataset.key(t) for t in dataset.eval_requests(labelled_requests())}
    assert not labelled & {dataset.key(e.request) for e in data.train}


def test_an_excluded_request_is_dropped_and_counted() -> None:
    home = load_home(demo_home_path())
    full = dataset.build(home, [])
    victim = full.train[0].request
    again = dataset.build(home, [victim.upper() + "?"])
    assert victim in again.dropped_overlap
    assert victim not in {e.request for e in again.train}


def test_mix_of_calls_and_no_tool_answers(data: dataset.Dataset) -> None:
    tools = {e.tool for e in data.train}
    assert None in tools and len(tools) == 11  # ten tools and "no tool"
    assert 150 <= len(data.train) <= 600  # hundreds, not thousands


def test_training_text_is_the_adapted_backends_prompt_and_grammar_form() -> None:
    assert prompt_for("hi", []).endswith("Request: hi\nOutput:")
    assert answer_for('{"tool": "get_time", "arguments": {}}').startswith(" {")
    assert answer_for("Say: Hello.") == " Say: Hello.\n"


def test_the_users_intents_become_no_tool_requests() -> None:
    from pathlib import Path

    from sayso.adapt.llm.intents import intent_requests

    home = load_home(demo_home_path())
    pizza = Path(__file__).parents[4] / "examples" / "pizza" / "pizza.yaml"
    domain = intent_requests(pizza, home)
    assert domain and all(isinstance(t, str) and t for t in domain)
    built = dataset.build(home, [], domain=domain)
    taught = [e for e in built.train + built.heldout if e.template == "intents"]
    assert taught and all(e.tool is None for e in taught)


def test_the_form_classes_are_taught_as_the_verifier_reads_them(data: dataset.Dataset) -> None:
    """Statements, hypotheticals and others' words: no tool, and the verifier's rules agree.

    Questions about a state are taught as `get_state`: what the verifier answers them with.
    """
    from sayso.dialogue.forms import asks_nothing_now, asks_removal, asks_state

    examples = data.train + data.heldout
    for category in ("statement", "hypothetical", "others"):
        taught = [e for e in examples if e.template == category]
        assert len(taught) >= 6 and all(e.tool is None for e in taught)
        assert all(asks_nothing_now(e.request) for e in taught), category
    removals = [e.request for e in examples if e.template == "unsupported" and "list" in e.request]
    assert removals and all(asks_removal(r) for r in removals)
    states = [e for e in examples if e.tool == "get_state" and e.template.startswith("state.1")]
    assert states and all(asks_state(e.request) for e in states)
