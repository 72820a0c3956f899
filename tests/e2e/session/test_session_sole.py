"""A live session of a single-domain assistant answers a quiet real digit.

A real FSDD "two" (tests/fixtures/speech/fsdd, CC BY-SA; ATTRIBUTION.md there) is quiet enough
that Whisper's free decode of the whole clip calls it silence, while the sole constrained reading
of the digits grammar reads it right (tests/unit/understanding/grammar/test_sole_audio.py). Live,
the endpointer's cut of it is heard as "two,"; either way the turn must be answered, and a turn
whose free transcript is empty but whose grammar reading found a command is answered too
(`session.turns`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import soundfile as sf
import soxr

from sayso.app.assistant import Assistant
from sayso.config import HomeConfig, IntentsConfig, LlmConfig, Settings
from sayso.constants import SAMPLE_RATE
from sayso.events import IntentRecognized, Transcript
from sayso.session import Session

from ...conftest import DETERMINISTIC_TTS, DIGITS_INTENTS
from ...unit.asr.speech_models import SPEECH_DIR
from .harness import Conversation

pytestmark = pytest.mark.slow
WAIT_S = 60.0  # only a hang should trip it: the machine may be busy


@pytest.fixture(scope="module")
def digits_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    state = tmp_path_factory.mktemp("sole-state")
    settings = Settings(
        intents=IntentsConfig(custom=(str(DIGITS_INTENTS),), builtin=False),
        home=HomeConfig(db_path=str(state / "state.sqlite3")),
        data_dir=str(state),
        llm=LlmConfig(engine="none"),
        tts=DETERMINISTIC_TTS,
    )
    loaded = Assistant(settings).load()
    loaded.warm_up(wait=True)
    yield loaded
    loaded.close()


async def test_a_quiet_digit_only_the_grammar_reads_is_answered_live(
    digits_only: Assistant,
) -> None:
    audio, rate = sf.read(SPEECH_DIR / "fsdd" / "2_nicolas_1.wav", dtype="float32")
    digit = np.asarray(soxr.resample(audio, rate, SAMPLE_RATE), np.float32)
    session = Session(digits_only, digits_only.settings.live_session())
    conv = Conversation(session)
    async with conv:
        await conv.silence(0.5)
        await conv.say(digit, until=conv.has(IntentRecognized), timeout_s=WAIT_S)
    [heard] = conv.of(Transcript)
    [found] = conv.of(IntentRecognized)
    assert isinstance(found, IntentRecognized) and found.slot_dict() == {"digit": 2}, found
    assert heard.text
