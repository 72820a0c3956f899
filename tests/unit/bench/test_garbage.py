"""A bounded garbage corpus through whole text turns against an adversarial model: nothing changes.

The scripted model answers every input with the worst calls it could make (the thermostat, an
alarm, the TV, a message, a timer, a list item, the front door), each one schema-valid. The real
embedded model runs the same corpus in `sayso bench garbage` and `tests/e2e/llm`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from scripted_backend import ScriptedBackend

from sayso.app.assistant import Assistant
from sayso.bench.garbage import WORDS, run_garbage, text_corpus
from sayso.config import Settings
from sayso.dialogue.fragments import ACTION_WORDS
from sayso.dialogue.messages import ToolCall
from sayso.llm.base import LlmDelta
from sayso.llm.brain import Brain
from sayso.llm.tools.actions import ActionTools
from sayso.llm.tools.grounding import ToolGrounding
from sayso.llm.tools.typed import ToolRegistry

SUBSET = 36
"""Text inputs taken from the corpus, spread over every kind (words, numbers, partials, ...)."""
WORST_CALLS = (
    ToolCall("set_temperature", {"degrees": 10}),
    ToolCall("set_alarm", {"time": "22:00"}),
    ToolCall("turn_on", {"device": "tv"}),
    ToolCall("turn_off", {"device": "front door"}),
    ToolCall("send_message", {"contact": "Alice", "body": "hi"}),
    ToolCall("start_timer", {"minutes": 10}),
    ToolCall("add_to_list", {"item": "milk", "list_name": "shopping"}),
    ToolCall("set_brightness", {"device": "kitchen light", "percent": 100}),
)


class Adversary(ScriptedBackend):
    """Makes every worst call on every turn."""

    def stream(self, messages: Sequence[Any], **kwargs: Any) -> Iterator[LlmDelta]:
        self.replies = [[LlmDelta(tool_call=c) for c in WORST_CALLS]]
        return super().stream(messages, **kwargs)


@pytest.fixture()
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    a = Assistant(Settings(data_dir=str(tmp_path))).load(speech=False, llm=False)
    assert a.memory is not None and a.confirm is not None
    actions = ActionTools(a._handler, a.memory)
    grounding = ToolGrounding(a._handler, actions.last_targets)
    a.brain = Brain(Adversary(), ToolRegistry(actions.tools()), a.memory, a.confirm,
                    ground=grounding)
    yield a
    a.close()


def test_corpus_words_name_no_action_and_the_corpus_is_large_enough() -> None:
    assert not set(WORDS) & ACTION_WORDS
    assert len(text_corpus()) >= 200


def test_garbage_subset_changes_nothing_even_against_an_adversarial_model(
    assistant: Assistant,
) -> None:
    corpus = text_corpus()
    subset = corpus[:: len(corpus) // SUBSET][:SUBSET]
    rows = run_garbage(assistant, subset)
    assert len(rows) == SUBSET
    changed = [r for r in rows if r.changes]
    assert changed == []
    # The adversary was consulted (the inputs reached the LLM path), and every reply is spoken.
    assert sum(r.intent is None for r in rows) > SUBSET // 2
    assert all(r.reply for r in rows)
