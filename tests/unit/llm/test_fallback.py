"""The reply stage's LLM fallback: sentences leave early, and a Cancel stops the generation."""

import asyncio
from collections.abc import AsyncIterator

import demo_tools
from scripted_backend import ScriptedBackend

from sayso.dialogue.confirm import ConfirmationGate
from sayso.dialogue.memory import MemoryStore
from sayso.dialogue.reply import ReplyStage
from sayso.events import Cancel, EndOfStream, Event, NoIntent, ReplyText
from sayso.llm.base import LlmDelta
from sayso.llm.brain import Brain
from sayso.llm.fallback import BrainFallback
from sayso.llm.tools.typed import ToolRegistry
from sayso.runtime.runner import Pipeline
from sayso.runtime.testing import run_stages

TOKEN_DELAY_S = 0.05
WORDS = 100


def brain(backend: ScriptedBackend) -> Brain:
    tools = ToolRegistry()
    tools.load_configured(demo_tools.TARGETS)
    return Brain(backend, tools, MemoryStore(), ConfirmationGate())


def stage_for(b: Brain) -> ReplyStage:
    fallback = BrainFallback(b, "s")
    return ReplyStage(fallback=fallback, cancel=fallback.cancel)


async def test_first_sentence_leaves_before_generation_ends() -> None:
    deltas = [LlmDelta("One. ")] + [LlmDelta("word ") for _ in range(10)] + [LlmDelta("end.")]
    backend = ScriptedBackend(deltas, token_delay_s=TOKEN_DELAY_S)
    out = await run_stages([stage_for(brain(backend))], [NoIntent(turn_id="t", text="talk")])
    texts = [e for e in out if isinstance(e, ReplyText) and e.text]
    assert [t.text for t in texts] == ["One.", "word " * 10 + "end."]
    # The second sentence took ~10 tokens longer: the first left while generation went on.
    assert texts[1].t_created - texts[0].t_created > 5 * TOKEN_DELAY_S


async def test_cancel_stops_generation() -> None:
    backend = ScriptedBackend([LlmDelta("Once. ")] + [LlmDelta("and ") for _ in range(WORDS)],
                              token_delay_s=TOKEN_DELAY_S)
    pipeline = Pipeline([stage_for(brain(backend))])
    started = asyncio.Event()

    async def source() -> AsyncIterator[Event]:
        yield NoIntent(turn_id="t", text="tell me a long story")
        await started.wait()
        pipeline.inbox.put_control(Cancel(turn_id="t", reason="barge_in"))
        await asyncio.sleep(10 * TOKEN_DELAY_S)
        yield EndOfStream(turn_id="t")

    async for event in pipeline.run(source()):
        if isinstance(event, ReplyText):
            started.set()
    emitted = backend.emitted
    await asyncio.sleep(5 * TOKEN_DELAY_S)
    assert emitted < WORDS // 4
    assert backend.emitted <= emitted + 1  # the worker thread stopped, not just the consumer
