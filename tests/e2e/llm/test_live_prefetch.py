"""A live LLM turn starts its answer during the trailing silence (real engines, `llm/prefetch.py`).

The embedded gemma-3-270m, Silero, tiny.en and Piper in a live `Session`. The silence timeout is
long (6 s) and early endpointing off, so the speculation has all the time it needs on a loaded
machine: the assertions are about what was generated when, never about how long it took.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.config import LlmConfig, Settings, VadConfig
from sayso.events import ReplyText, ResponseDone, Transcript
from sayso.llm.prefetch import Prefetch
from sayso.session import Session, SessionConfig

from ...conftest import DETERMINISTIC_TTS
from ..session.harness import Conversation, render
from ..session.test_session_prepared import prepared

pytestmark = pytest.mark.slow
QUESTION = "Why is the sky blue?"
PATIENT = SessionConfig(
    vad=VadConfig(min_silence_ms=6000), early_endpoint_ms=0, partial_interval_ms=0
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    data = tmp_path_factory.mktemp("prefetch-state")
    settings = Settings(data_dir=str(data), llm=LlmConfig(engine="llama-cpp"),
                        tts=DETERMINISTIC_TTS)
    loaded = Assistant(settings).load()
    if loaded.brain is None:
        pytest.fail("the LLM did not load: pip install 'sayso[llm]'")
    loaded.warm_up(wait=True)
    yield loaded
    loaded.close()


def _prefetch(assistant: Assistant, session: Session) -> Prefetch | None:
    assert assistant.brain is not None
    return assistant.brain._prefetched.get(session.session_id)


async def test_the_answer_is_generated_before_the_endpoint_and_taken_by_the_turn(
    assistant: Assistant, tmp_path: Path
) -> None:
    speech = np.concatenate([np.zeros(4800, np.float32), render(assistant.tts, QUESTION)])
    session = Session(assistant, PATIENT)
    async with Conversation(session) as conv:
        await conv.say(speech, until=lambda: _prefetch(assistant, session) is not None)
        started = _prefetch(assistant, session)
        assert started is not None
        memory = assistant.memory.session(session.session_id) if assistant.memory else None
        assert memory is not None and memory.turns == []  # nothing remembered before the turn
        await conv.say(np.zeros(0, np.float32), until=conv.has(ResponseDone))
    heard = conv.of(Transcript)[-1]
    assert isinstance(heard, Transcript) and "sky" in heard.text.lower()
    assert _prefetch(assistant, session) is None  # taken by the turn ...
    assert not started.token.cancelled  # ... and read, not thrown away
    assert [m.role for m in memory.turns][:1] == ["user"]
    replies = [e for e in conv.of(ReplyText) if isinstance(e, ReplyText)]
    assert replies and replies[0].text.strip()


async def test_without_prepare_llm_nothing_is_started_early(assistant: Assistant) -> None:
    speech = np.concatenate([np.zeros(4800, np.float32), render(assistant.tts, QUESTION)])
    config = dataclasses.replace(PATIENT, prepare_llm=False)
    session = Session(assistant, config)
    async with Conversation(session) as conv:
        await conv.say(speech, until=lambda: prepared(session))  # the speculation is done
        assert _prefetch(assistant, session) is None
        await conv.say(np.zeros(0, np.float32), until=conv.has(ResponseDone))
    assert conv.of(ReplyText)
