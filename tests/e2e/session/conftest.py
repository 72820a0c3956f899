"""Real engines for the live-session tests: one assistant (Silero, tiny.en, Piper) per module,
plus espeak-ng as a second, different voice for the user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.config import HomeConfig, IntentsConfig, LlmConfig, Settings
from sayso.constants import SAMPLE_RATE

from ...conftest import DETERMINISTIC_TTS
from .harness import render

STORY_INTENTS = Path(__file__).parent / "story.yaml"
LEAD_SILENCE_S = 0.3


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    state = tmp_path_factory.mktemp("session-state")
    settings = Settings(
        intents=IntentsConfig(custom=(str(STORY_INTENTS),)),
        home=HomeConfig(db_path=str(state / "state.sqlite3")),
        data_dir=str(state),
        llm=LlmConfig(engine="none"),  # turn-taking is under test; tests/e2e/llm covers the LLM
        tts=DETERMINISTIC_TTS,
    )
    loaded = Assistant(settings).load()
    # As `sayso serve` does before its first session: a turn that first needs the constrained
    # decoder would otherwise pay its 1-3 s of preparation (4 s on a loaded machine), after the
    # endpoint of a test that waits for the reply to be prepared during the trailing silence.
    loaded.warm_up(wait=True)
    yield loaded
    loaded.close()



@pytest.fixture(scope="module")
def piper_says(assistant: Assistant) -> dict[str, np.ndarray]:
    """User utterances in the Piper voice, with a little silence in front."""
    lead = np.zeros(round(LEAD_SILENCE_S * SAMPLE_RATE), np.float32)
    texts = ["Turn on the kitchen light.", "Please tell me a long story.", "Turn on the kitchen"]
    texts += ["light.", "Add milk to my shopping list", "and eggs."]
    texts += ["Set a timer for ninety minutes", "and thirty seconds."]
    return {t: np.concatenate([lead, render(assistant.tts, t)]) for t in texts}
