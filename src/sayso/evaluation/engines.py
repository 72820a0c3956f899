"""The product's real engines wrapped as evaluation scorers: (utterance, condition, audio) → row.

Scorers are built by small frozen, picklable factories, so the same factory builds the engines in
this process (local runs) or once per Ray worker (`sayso.evaluation.ray_eval`). Building a factory
loads nothing; calling it loads the models.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from sayso.config import Settings
from sayso.evaluation.asr_eval import score_asr
from sayso.evaluation.manifest import Utterance
from sayso.evaluation.slu_eval import score_slu

Scorer = Callable[[Utterance, str, np.ndarray], dict[str, Any]]
"""(utterance, condition name, conditioned 16 kHz audio) → one JSON-safe result row."""

ScorerFactory = Callable[[], Scorer]
"""Loads the engines and returns a scorer; must be picklable for Ray."""


def load_asr(settings: Settings) -> Any:
    """The configured ASR engine, loaded."""
    from sayso import registry

    engine = registry.create("asr", settings.asr.engine, settings.asr)
    engine.load()
    return engine


@dataclasses.dataclass(frozen=True)
class AsrScorerFactory:
    """Scores transcripts of the configured ASR engine (plain decoding, no bias phrases)."""

    settings: Settings
    language: str = "en"

    def __call__(self) -> Scorer:
        """Load the engine and return the scorer."""
        from sayso.asr.base import AsrRequest

        engine = load_asr(self.settings)
        request = AsrRequest(language=self.settings.asr.language)

        def transcribe(audio: np.ndarray) -> str:
            return str(engine.transcribe(audio, request).text)

        def score(utt: Utterance, condition: str, audio: np.ndarray) -> dict[str, Any]:
            return score_asr(utt, condition, audio, transcribe, self.language)

        return score


@dataclasses.dataclass(frozen=True)
class SluScorerFactory:
    """Scores what the product understands: ASR (biased to the home) → N-best intent matching.

    With `fixture`, the recogniser is given that Home Assistant fixture home and slots are
    compared the way HA's tests state them (`sayso.evaluation.ha_fixture`); `here` maps an
    utterance id to the area the speaker is in (HA's test `context`).
    """

    settings: Settings
    fixture: Path | None = None
    here: Mapping[str, str] = dataclasses.field(default_factory=dict)
    language: str = "en"

    def __call__(self) -> Scorer:
        """Load the engines and return the scorer."""
        from sayso.asr.base import AsrRequest
        from sayso.events import Transcript
        from sayso.understanding.stage import IntentStage

        asr = load_asr(self.settings)
        recognizer, names = self._recognizer()
        stage = IntentStage(recognizer)

        def score(utt: Utterance, condition: str, audio: np.ndarray) -> dict[str, Any]:
            if hasattr(recognizer, "set_here"):
                recognizer.set_here(self.here.get(utt.id))
            request = AsrRequest(
                language=self.settings.asr.language, bias_phrases=recognizer.vocabulary()
            )
            result = asr.transcribe(audio, request)
            found = stage.understand(
                Transcript(turn_id=utt.id, text=result.text.strip(), hypotheses=result.hypotheses)
            )
            intent, slots = _intent_and_slots(found, names)
            row = score_slu(utt, condition, intent, slots, self.language)
            row["transcript"] = result.text.strip()
            return row

        return score

    def _recognizer(self) -> tuple[Any, Mapping[str, str] | None]:
        from sayso import registry

        if self.fixture is None:
            from sayso.pipeline.assistant import Assistant

            # The default home lives in a state database: use a throwaway one, never the user's.
            data_dir = tempfile.mkdtemp(prefix="sayso-eval-")
            settings = dataclasses.replace(self.settings, data_dir=data_dir)
            return Assistant(settings).load(speech=False, llm=False).recognizer, None
        from sayso.evaluation.ha_fixture import load_fixture_home

        home = load_fixture_home(self.fixture)
        recognizer = registry.create("intents", self.settings.intents.engine, self.settings.intents)
        recognizer.load()
        recognizer.set_home(home.vocabulary)
        return recognizer, home.names


def _intent_and_slots(
    found: Any, names: Mapping[str, str] | None
) -> tuple[str | None, dict[str, Any]]:
    from sayso.events import IntentRecognized

    if not isinstance(found, IntentRecognized):
        return None, {}
    if names is None:
        return found.intent, found.slot_dict()
    from sayso.evaluation.ha_fixture import ha_slots

    return found.intent, ha_slots(found.slots, names)
