"""The LLM answer started on a speculative transcript (`llm/prefetch.py`), on a scripted model."""

import time

import demo_tools
import pytest
from scripted_backend import ScriptedBackend

from sayso.dialogue.messages import ToolCall
from sayso.llm.base import CancelToken, LlmDelta
from sayso.llm.outputs import ToolCalled
from sayso.llm.prefetch import Prefetch, key_of

from .test_brain import SEND, make, spoken, turn

JOKE = [LlmDelta("Why did "), LlmDelta("the chicken cross?")]


@pytest.fixture(autouse=True)
def state() -> demo_tools.State:
    return demo_tools.reset()


def _wait_done(backend: ScriptedBackend, emitted: int) -> None:
    deadline = time.monotonic() + 5.0
    while backend.emitted < emitted and time.monotonic() < deadline:
        time.sleep(0.01)


async def test_the_turn_takes_the_answer_started_on_its_words() -> None:
    backend = ScriptedBackend(JOKE)
    brain = make(backend)
    assert brain.prefetch("tell me a joke", "s")
    _wait_done(backend, len(JOKE))
    assert brain.memory.session("s").turns == []  # nothing remembered before the turn
    outs = await turn(brain, "tell me a joke")
    assert spoken(outs) == "Why did the chicken cross?"
    assert len(backend.seen) == 1  # one generation, started early
    assert [m.role for m in brain.memory.session("s").turns] == ["user", "assistant"]


async def test_other_words_at_the_endpoint_generate_afresh() -> None:
    backend = ScriptedBackend(JOKE, [LlmDelta("Sunny.")], token_delay_s=0.05)
    brain = make(backend)
    brain.prefetch("tell me a", "s")
    outs = await turn(brain, "what's the weather")
    assert spoken(outs) == "Sunny."
    assert len(backend.seen) == 2 and backend.seen[1][-1].content == "what's the weather"


async def test_a_tool_call_is_decided_early_but_runs_only_in_the_turn(
    state: demo_tools.State,
) -> None:
    call = ToolCall("turn_on", {"device": "kitchen light"})
    backend = ScriptedBackend([LlmDelta(tool_call=call)])
    brain = make(backend)
    brain.prefetch("turn on the kitchen light", "s")
    _wait_done(backend, 1)
    assert state.devices == {}
    outs = await turn(brain, "turn on the kitchen light")
    assert any(isinstance(o, ToolCalled) for o in outs) and state.devices == {"kitchen light": True}


async def test_no_prefetch_while_a_confirmation_waits() -> None:
    backend = ScriptedBackend([LlmDelta(tool_call=SEND)])
    brain = make(backend)
    await turn(brain, "send hi to everyone")
    assert not brain.prefetch("yes", "s")
    assert len(backend.seen) == 1


async def test_the_same_words_again_keep_the_running_prefetch() -> None:
    backend = ScriptedBackend(JOKE, JOKE, token_delay_s=0.05)
    brain = make(backend)
    assert brain.prefetch("tell me a joke", "s")
    assert not brain.prefetch("tell me a joke", "s")
    assert spoken(await turn(brain, "tell me a joke")) == "Why did the chicken cross?"
    assert len(backend.seen) == 1


def test_a_cancelled_reader_stops_the_generation() -> None:
    backend = ScriptedBackend(JOKE * 20, token_delay_s=0.02)
    prefetch = Prefetch(key_of([], [], 8))
    prefetch.start(backend, [], [], 8)
    cancel = CancelToken()
    reader = prefetch.read(cancel)
    next(reader)
    cancel.cancel()
    assert list(reader) == []
    assert prefetch.token.cancelled
    assert not prefetch.fits(prefetch.key)


def test_the_first_sentence_is_handed_over_once_as_the_reply_stage_cuts_it() -> None:
    said: list[str] = []
    backend = ScriptedBackend([LlmDelta("Blue light "), LlmDelta("scatters more. "),
                               LlmDelta("That is why.")])
    prefetch = Prefetch(key_of([], [], 8), said.append)
    prefetch.start(backend, [], [], 8)
    assert "".join(d.text for d in prefetch.read(CancelToken())) == (
        "Blue light scatters more. That is why.")
    assert said == ["Blue light scatters more."]


def test_a_one_sentence_answer_without_a_full_stop_is_handed_over_at_the_end() -> None:
    said: list[str] = []
    prefetch = Prefetch(key_of([], [], 8), said.append)
    prefetch.start(ScriptedBackend([LlmDelta("Paris")]), [], [], 8)
    list(prefetch.read(CancelToken()))
    assert said == ["Paris"]


async def test_warm_up_generates_once_and_leaves_no_trace(state: demo_tools.State) -> None:
    """A server's warm-up evaluates the prompt's head; no session remembers it, no tool runs."""
    call = ToolCall("turn_on", {"device": "kitchen light"})
    backend = ScriptedBackend([LlmDelta(tool_call=call)], JOKE)
    brain = make(backend)
    brain.warm_up()
    assert len(backend.seen) == 1 and backend.seen[0][-1].role == "user"
    assert state.devices == {}  # the warm-up's output is read, never acted on
    assert brain.memory.session("s").turns == []
    outs = await turn(brain, "tell me a joke")
    assert spoken(outs) == "Why did the chicken cross?"


def test_a_call_refused_by_its_name_ends_the_generation_and_prepares_the_refusal() -> None:
    said: list[str] = []
    call = ToolCall("set_temperature", {"degrees": 20})
    backend = ScriptedBackend([LlmDelta(call_name=call.name), LlmDelta(tool_call=call)],
                              token_delay_s=0.05)
    refusals = {"set_temperature": "I can't look that up offline. Sorry."}
    prefetch = Prefetch(key_of([], [], 8), said.append, refusals.get)
    prefetch.start(backend, [], [], 8)
    assert list(prefetch.read(CancelToken())) == [LlmDelta(call_name=call.name)]
    assert backend.emitted == 1  # the arguments were never generated
    assert said == ["I can't look that up offline."]
    assert prefetch.fits(prefetch.key)  # a turn with the same words still takes it
