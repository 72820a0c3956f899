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


async def test_a_turn_in_a_language_the_brain_does_not_speak_is_not_understood_in_it() -> None:
    # The embedded model answered "¿Cuál es la capital de Francia?" in English.
    backend = ScriptedBackend([LlmDelta("France is the capital of France.")])
    english_only = Brain(backend, ToolRegistry(), MemoryStore(), ConfirmationGate(),
                         languages=frozenset({"en"}))
    fallback = BrainFallback(english_only, "s")
    local = {"es": "Lo siento, no he entendido"}
    stage = ReplyStage(fallback=fallback, localized=local.get, answers=english_only.speaks)
    spanish = NoIntent(turn_id="t", text="¿Cuál es la capital de Francia?", language="es")
    out = await run_stages([stage], [spanish])
    assert [(e.text, e.language) for e in out if isinstance(e, ReplyText)] == [
        ("Lo siento, no he entendido", "es")
    ]
    english = NoIntent(turn_id="u", text="what is the capital of France", language="en-US")
    out = await run_stages([stage], [english])
    assert [e.text for e in out if isinstance(e, ReplyText) and e.text] == [
        "France is the capital of France."
    ]


def test_which_languages_the_brain_answers() -> None:
    from sayso.config import LlmConfig
    from sayso.llm.factory import brain_languages

    assert brain_languages(LlmConfig(engine="llama-cpp")) == frozenset({"en"})  # embedded
    assert brain_languages(LlmConfig(engine="llama-cpp", model_path="/m.gguf")) is None
    assert brain_languages(LlmConfig(engine="openai", base_url="http://127.0.0.1:1/v1")) is None
    chosen = LlmConfig(engine="llama-cpp", languages=("en", "de-CH"))
    assert brain_languages(chosen) == frozenset({"en", "de"})
    anything = Brain(ScriptedBackend([]), ToolRegistry(), MemoryStore(), ConfirmationGate())
    assert anything.speaks("zh-CN")
