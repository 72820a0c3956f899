"""The verifier between the embedded model's calls and the world, on the real model (issue 14).

Whole typed turns through the assistant (fast path, then llama.cpp with gemma-3-270m, the
grounding and the argument repair, real SQLite). What the small model chooses is not asserted;
what reaches the world is: a negated or reported request changes nothing, and a call the
assistant does run never carries an argument the home does not know.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sayso.app.assistant import Assistant
from sayso.bench.garbage import snapshot
from sayso.config import LlmConfig, Settings
from sayso.llm.outputs import BrainOutput, ReplyDelta, ToolCalled
from sayso.llm.tools.grounding import READ_ONLY_TOOLS

from ..conftest import with_fresh_state

pytestmark = pytest.mark.slow

ASKS_NOTHING = (
    "please don't switch off the bedroom light",
    "never unlock the front door",
    "I switched the kitchen light off a minute ago",
    "we already put eggs on the shopping list",
    "Alice texted me about dinner",
    "did I leave the kitchen light on",
    "the bedroom light was on all night",
    "what would happen if I switched off the bedroom light",
    "my sister said she'd turn off the kitchen light",
)
"""Requests that name an action and its target but ask for nothing (a question about a state,
a statement, a hypothetical, someone else's words)."""


@pytest.fixture(scope="module")
def text_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """Text turns only: no speech engines, the embedded LLM on one thread."""
    data = tmp_path_factory.mktemp("verifier-state")
    settings = Settings(data_dir=str(data), llm=LlmConfig(engine="llama-cpp", n_threads=1))
    a = Assistant(settings).load(speech=False)
    yield a
    a.close()


@pytest.fixture()
def llm(text_assistant: Assistant, tmp_path: Path) -> Assistant:
    if text_assistant.brain is None:
        pytest.fail("the LLM did not load: pip install 'sayso[llm]'")
    return with_fresh_state(text_assistant, tmp_path)


def typed(a: Assistant, text: str) -> str:
    result = asyncio.run(a.run_text(text, session_id=uuid.uuid4().hex[:8]))
    print(f"{text!r} -> {result.to_dict()['action']} {result.reply_text!r}")
    assert result.reply_text.strip(), result.to_dict()
    return result.reply_text


@pytest.mark.parametrize("text", ASKS_NOTHING)
def test_negated_and_reported_requests_change_nothing(llm: Assistant, text: str) -> None:
    """Whole turns (the fast path parses some of these as commands), with the lights on."""
    typed(llm, "turn on the bedroom light")
    typed(llm, "turn on the kitchen light")
    before = snapshot(llm)
    typed(llm, text)
    assert snapshot(llm) == before


def test_the_model_and_verifier_alone_change_nothing(llm: Assistant) -> None:
    """The same requests straight to the brain: the embedded model's calls meet the grounding."""
    assert llm.brain is not None
    typed(llm, "turn on the bedroom light")
    before = snapshot(llm)
    for text in ASKS_NOTHING:
        outs = asyncio.run(_respond(llm, text))
        print(text, "->", [o for o in outs if not isinstance(o, ReplyDelta)],
              "".join(o.text for o in outs if isinstance(o, ReplyDelta)))
        assert not any(isinstance(o, ToolCalled) and o.call.name not in READ_ONLY_TOOLS
                       for o in outs)
        assert "".join(o.text for o in outs if isinstance(o, ReplyDelta)).strip()
    assert snapshot(llm) == before


async def _respond(a: Assistant, text: str) -> list[BrainOutput]:
    assert a.brain is not None
    return [o async for o in a.brain.respond(text, uuid.uuid4().hex[:8])]


def test_an_unnamed_list_is_the_default_one_never_an_invented_list(llm: Assistant) -> None:
    typed(llm, "add stamps to the list")
    lists = {r[0] for r in llm.actions.store.rows("SELECT list_name FROM list_items")}
    assert lists <= set(llm.actions.home.lists)


def test_a_duration_in_hours_is_never_run_with_another_number(llm: Assistant) -> None:
    typed(llm, "start a timer for two hours")
    durations = [r[0] for r in llm.actions.store.rows("SELECT duration_s FROM timers")]
    assert all(d == 2 * 3600 for d in durations), durations
