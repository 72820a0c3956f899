"""The product's real engines wrapped as evaluation scorers: (utterance, condition, audio) → row.

Scorers are built by small frozen, picklable factories, so the same factory builds the engines in
this process (local runs) or once per Ray worker (`sayso.evaluation.ray_eval`). Building a factory
loads nothing; calling it loads the models.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sayso.config import Settings
from sayso.constants import MS_PER_SECOND
from sayso.evaluation.asr_eval import score_asr
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.metrics.slu import command_accepted
from sayso.evaluation.slu_eval import score_slu

if TYPE_CHECKING:
    from sayso.understanding.base import IntentRecognizer

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
    """Scores what the product understands from speech, as a spoken turn does.

    ASR (biased only if `Settings.bias_vocabulary`) with grammar rescoring
    (`asr.grammar_rescoring`), then N-best intent matching with grammar-aware correction; the
    baseline as well, from the same recognition: exact matching of the plain N-best list
    (`baseline_accepted` in the rows).

    With `fixture`, the recogniser is given that Home Assistant fixture home and slots are
    compared the way HA's tests state them (`sayso.evaluation.data.ha_fixture`); `here` maps an
    utterance id to the area the speaker is in (HA's test `context`). With `gold_from_grammar`,
    an utterance without an intent label is labelled with what the recogniser reads from its
    text (a custom domain's sentence list needs no hand labels).
    """

    settings: Settings
    fixture: Path | None = None
    here: Mapping[str, str] = dataclasses.field(default_factory=dict)
    language: str = "en"
    gold_from_grammar: bool = False

    def __call__(self) -> Scorer:
        """Load the engines and return the scorer."""
        from sayso.asr.base import AsrRequest
        from sayso.asr.stage import transcript_of
        from sayso.events import Transcript
        from sayso.understanding.multilingual import MultilingualUnderstander
        from sayso.understanding.understand import Understander

        cfg = self.settings.asr
        recognizer, names = self._recognizer()
        asr = load_asr(self.settings)
        # The understanding step a spoken turn runs (`Assistant.understander`), and the baseline.
        understanders = (
            MultilingualUnderstander(
                recognizer, language=self.settings.intents.language, rescoring=cfg
            ),
            Understander(recognizer, grammar_aware=False),
        )

        def read(
            transcript: Transcript, baseline: bool = False
        ) -> tuple[str | None, dict[str, Any], Any]:
            found = understanders[baseline].understand(transcript)
            return (*_intent_and_slots(found, names), found.reading)

        def read_text(text: str) -> tuple[str | None, dict[str, Any]]:
            intent, slots, _reading = read(Transcript(turn_id="", text=text))
            return intent, slots

        def score(utt: Utterance, condition: str, audio: np.ndarray) -> dict[str, Any]:
            recognizer.set_here(self.here.get(utt.id))
            if self.gold_from_grammar and utt.intent is None:
                intent, slots = read_text(utt.text)
                utt = dataclasses.replace(utt, intent=intent, slots=slots)
            bias = recognizer.vocabulary() if self.settings.bias_vocabulary else ()
            request = AsrRequest(language=cfg.language, bias_phrases=bias)
            transcript = transcript_of(asr.transcribe(audio, request), bias_phrases=bias)
            started = time.perf_counter()
            base_intent, base_slots, _ = read(transcript, baseline=True)
            base_ms = (time.perf_counter() - started) * MS_PER_SECOND
            started = time.perf_counter()
            intent, slots, reading = read(transcript)
            grammar_ms = (time.perf_counter() - started) * MS_PER_SECOND
            row = score_slu(utt, condition, intent, slots, self.language)
            row["transcript"] = transcript.text
            row["rescored"] = reading.text if reading and reading.path == "rescored" else None
            row["path"] = reading.path if reading else None
            row["path_score"] = reading.score if reading else None
            row["baseline_accepted"] = command_accepted(
                utt.intent, utt.slots, base_intent, base_slots, self.language
            )
            # What grammar-aware recognition adds to the turn after ASR: rescoring and the
            # text-level correction, minus the plain N-best reading it replaces.
            row["grammar_added_ms"] = round(grammar_ms - base_ms, 2)
            # Whether the recogniser accepts the reference text itself: separates what the
            # grammar (or fixture) cannot express from what was misheard.
            row["text_accepted"] = command_accepted(
                utt.intent, utt.slots, *read_text(utt.text), self.language
            )
            return row

        return score

    def _recognizer(self) -> tuple[IntentRecognizer, Mapping[str, str] | None]:
        from sayso import registry

        if self.fixture is None:
            from sayso.app.assistant import Assistant

            # The default home lives in a state database: use a throwaway one, never the user's.
            data_dir = tempfile.mkdtemp(prefix="sayso-eval-")
            settings = dataclasses.replace(self.settings, data_dir=data_dir)
            recognizer = Assistant(settings).load(speech=False, llm=False).recognizer
            assert recognizer is not None  # load() sets it
            return recognizer, None
        from sayso.evaluation.data.ha_fixture import load_fixture_home

        home = load_fixture_home(self.fixture)
        cfg = self.settings.intents
        recognizer = registry.create("intents", cfg.engine, cfg)
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
    from sayso.evaluation.data.ha_fixture import ha_slots

    return found.intent, ha_slots(found.slots, names)
