"""Prepared replies: which turns are prepared, that nothing changes, that the TTS stage finds the
audio (real actions on SQLite in tmp; a scripted TTS voice that counts its calls)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from scripted_backend import ScriptedBackend

from sayso.actions import ActionHandler, open_actions
from sayso.actions.devices import get_device
from sayso.app.prepare import ReplyPreparer
from sayso.config import Settings
from sayso.dialogue.confirm import ConfirmationGate
from sayso.dialogue.memory import MemoryStore
from sayso.dialogue.messages import ToolCall
from sayso.events import EndOfStream, IntentRecognized, NoIntent, ReplyText, Slot
from sayso.llm.base import LlmDelta
from sayso.runtime.testing import run_stages
from sayso.tts.base import TtsCapabilities
from sayso.tts.cache import CachedTts, ReplyAudioCache
from sayso.tts.stage import TtsStage
from tests.unit.llm.test_brain import make

KITCHEN = IntentRecognized(intent="HassTurnOn", text="turn on the kitchen light",
                           slots=(Slot("name", "light.kitchen"),), turn_id="t1")
SEND = IntentRecognized(intent="SaysoSendMessage", text="send a message to alice saying hi",
                        slots=(Slot("contact", "Alice"), Slot("message", "hi")), turn_id="t1")
FRAGMENT = IntentRecognized(intent="HassTurnOn", text="TV.",
                            slots=(Slot("name", "media_player.tv"),), turn_id="t1")


class CountingVoice:
    """A scripted voice: one chunk per sentence, counting what it was asked to say."""

    capabilities = TtsCapabilities(sample_rate=16000, streaming=True)

    def __init__(self) -> None:
        self.said: list[str] = []

    def load(self) -> None:
        """Nothing to load."""

    def synthesize(self, text: str, speed: float = 1.0) -> Iterator[np.ndarray]:
        self.said.append(text)
        yield np.full(160, 0.1, np.float32)


@pytest.fixture()
def handler(tmp_path: Path) -> Iterator[ActionHandler]:
    h = open_actions(Settings(data_dir=str(tmp_path)))
    yield h
    h.store.close()


def rig(handler: ActionHandler) -> tuple[ReplyPreparer, CachedTts, CountingVoice]:
    voice = CountingVoice()
    cached = CachedTts(voice, ReplyAudioCache(), "v")
    preparer = ReplyPreparer(handler, ConfirmationGate(), MemoryStore(), "s", lambda _: cached)
    return preparer, cached, voice


async def test_a_command_is_planned_and_its_first_sentence_synthesised(
    handler: ActionHandler,
) -> None:
    preparer, cached, voice = rig(handler)
    prepared = preparer.prepare(KITCHEN)
    assert prepared is not None and prepared.plan.result.success
    assert get_device(handler.store, "light.kitchen").state == "off"  # type: ignore[union-attr]
    assert voice.said == [prepared.first_sentence]
    # The commit: the TTS stage speaks the same text from the cache, the voice is not asked again.
    reply = ReplyText(turn_id="t1", text=prepared.text)
    out = await run_stages([TtsStage(cached)], [reply, EndOfStream(turn_id="t1")])
    assert any(len(getattr(e, "samples", ())) for e in out)
    assert voice.said == [prepared.first_sentence] and cached.cache.hits == 1


@pytest.mark.parametrize("event", [SEND, FRAGMENT, NoIntent(turn_id="t1", text="what is love")])
def test_turns_that_ask_or_fall_back_are_not_prepared(
    handler: ActionHandler, event: IntentRecognized | NoIntent
) -> None:
    preparer, _, voice = rig(handler)
    assert preparer.prepare(event) is None
    assert voice.said == []


def test_a_pending_confirmation_leaves_the_turn_to_the_commit(handler: ActionHandler) -> None:
    preparer, _, voice = rig(handler)
    preparer.gate.propose("s", ToolCall("send_message", {}), "Send 'hi' to Alice?", "t0")
    assert preparer.prepare(KITCHEN) is None and voice.said == []


def test_an_answer_started_at_a_pause_is_dropped_when_the_words_become_a_command(
    handler: ActionHandler,
) -> None:
    """"turn on the" at a pause is no command: its LLM answer starts. The next speculation
    reads a command: the answer is cancelled (it would hold the model for nothing)."""
    backend = ScriptedBackend([LlmDelta("Turn on "), LlmDelta("what?")], token_delay_s=0.2)
    brain = make(backend)
    voice = CountingVoice()
    cached = CachedTts(voice, ReplyAudioCache(), "v")
    preparer = ReplyPreparer(handler, ConfirmationGate(), MemoryStore(), "s", lambda _: cached,
                             brain=brain)
    assert preparer.prepare(NoIntent(turn_id="t1", text="turn on the")) is None
    assert len(backend.seen) == 1
    prefetch = brain._prefetched["s"]
    prepared = preparer.prepare(KITCHEN)
    assert prepared is not None and prepared.plan.result.success
    assert prefetch.token.cancelled and "s" not in brain._prefetched
