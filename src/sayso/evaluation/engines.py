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

DECIDED_BY = {
    "constrained": "constrained",
    "extended": "constrained",
    "narrowed": "constrained",
    "answer": "constrained",
    "exact": "free",
    "aside": "free",
    "no_speech": "gate",
}
"""Which decoder a row's reading came from: the constrained search, the free decode read as it
is, the speech gate (too little voiced audio to read at all), or a fallback (the older paths
reading the free transcript after the fact, or nothing)."""

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
        from sayso.actions.free_words import make_sense
        from sayso.asr.base import AsrRequest
        from sayso.asr.stage import transcript_of
        from sayso.dialogue import social
        from sayso.events import Transcript
        from sayso.understanding.grammar.constrain import constrained_reader
        from sayso.understanding.multilingual import MultilingualUnderstander
        from sayso.understanding.understand import Understander
        from sayso.vad import create_vad
        from sayso.vad.voiced import voiced_ms

        cfg = self.settings.asr
        recognizer, names = self._recognizer()
        asr = load_asr(self.settings)
        # The speech gate's measure, as a spoken turn's VAD takes it (`Transcript.voiced_ms`).
        vad = create_vad(self.settings.vad)
        reader = constrained_reader(self.settings, recognizer)
        # The understanding step a spoken turn runs (`Assistant.understander`), the baseline, and
        # the step without constrained decoding (what the older paths alone accept).
        understanders = (
            MultilingualUnderstander(
                recognizer,
                language=self.settings.intents.language,
                rescoring=cfg,
                constrained=reader,
                asides=social.is_aside,
                sensible=make_sense,
            ),
            Understander(recognizer, grammar_aware=False),
            Understander(recognizer, rescoring=cfg, sensible=make_sense),
        )

        def read(transcript: Transcript, which: int = 0) -> tuple[str | None, dict[str, Any], Any]:
            found = understanders[which].understand(transcript)
            return (*_intent_and_slots(found, names), found.reading)

        def read_text(text: str) -> tuple[str | None, dict[str, Any]]:
            intent, slots, _reading = read(Transcript(turn_id="", text=text))
            return intent, slots

        def timed(transcript: Transcript, which: int) -> tuple[Any, float]:
            started = time.perf_counter()
            found = read(transcript, which)
            return found, (time.perf_counter() - started) * MS_PER_SECOND

        def score(utt: Utterance, condition: str, audio: np.ndarray) -> dict[str, Any]:
            recognizer.set_here(self.here.get(utt.id))
            if self.gold_from_grammar and utt.intent is None:
                intent, slots = read_text(utt.text)
                utt = dataclasses.replace(utt, intent=intent, slots=slots)
            bias = recognizer.vocabulary() if self.settings.bias_vocabulary else ()
            request = AsrRequest(language=cfg.language, bias_phrases=bias)
            voiced = voiced_ms(audio, vad, self.settings.vad.threshold)
            result = asr.transcribe(audio, request)
            transcript = transcript_of(result, bias_phrases=bias, voiced_ms=voiced)
            (base_intent, base_slots, _), base_ms = timed(transcript, 1)
            (legacy_intent, legacy_slots, legacy), legacy_ms = timed(transcript, 2)
            (intent, slots, reading), grammar_ms = timed(transcript, 0)
            row = score_slu(utt, condition, intent, slots, self.language)
            row["transcript"] = transcript.text
            row["voiced_ms"] = voiced
            row["rescored"] = reading.text if reading and reading.path == "rescored" else None
            row["path"] = reading.path if reading else None
            row["reading_text"] = reading.text if reading else None
            row["decided_by"] = DECIDED_BY.get(row["path"] or "none", "fallback")
            # Rows whose free transcript parsed never reach the way out (calibration skips them).
            row["free_parsed"] = bool(transcript.text) and read_text(transcript.text)[0] is not None
            row["path_score"] = reading.score if reading else None
            row["baseline_accepted"] = command_accepted(
                utt.intent, utt.slots, base_intent, base_slots, self.language
            )
            row["legacy_accepted"] = command_accepted(
                utt.intent, utt.slots, legacy_intent, legacy_slots, self.language
            )
            row["legacy_path"] = legacy.path if legacy else None
            row.update(_constrained_fields(utt, reading, read_text, self.language))
            row.update(
                _calibration_fields(
                    transcript, reader, row["constrained_score"], row["constrained_text"]
                )
            )
            # What grammar-aware recognition adds to the turn after ASR: constrained decoding,
            # rescoring and the text-level correction, minus the plain N-best reading.
            row["grammar_added_ms"] = round(grammar_ms - base_ms, 2)
            row["legacy_added_ms"] = round(legacy_ms - base_ms, 2)
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
        home.apply(recognizer)
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


def _constrained_fields(
    utt: Utterance,
    reading: Any,
    read_text: Callable[[str], tuple[str | None, dict[str, Any]]],
    language: str,
) -> dict[str, Any]:
    """The constrained decode of one row: its sentence, way-out score, and whether it was right.

    `constrained_right` says whether the sentence reads as the gold command (for open speech:
    whether it reads as any intent, i.e. would force one if taken), whatever the way out
    decided; with `constrained_score` it gives the acceptance / forced trade-off curve.
    """
    from sayso.understanding.grammar.rescore import comparable

    text = reading.constrained_text if reading is not None else ""
    right = False
    if text:
        # As the understanding step reads it: a digit the decoder wrote ("7.") as its word.
        intent, slots = read_text(text)
        if intent is None:
            intent, slots = read_text(comparable(text))
        if utt.intent is None:
            right = intent is not None
        else:
            right = command_accepted(utt.intent, utt.slots, intent, slots, language)
    return {
        "constrained_text": text or None,
        "constrained_score": reading.constrained if reading is not None else None,
        "constrained_ms": (reading.constrained_ms or None) if reading is not None else None,
        "constrained_right": right,
    }


def _calibration_fields(
    transcript: Any, reader: Any, score: float | None, text: str | None
) -> dict[str, Any]:
    """What `sayso eval calibrate` fits from: the likelihood ratio, free length, no-speech."""
    from sayso.understanding.grammar.trailing import unexplained_tail
    from sayso.understanding.grammar.wayout import sole_identity

    decoder = transcript.acoustic
    if score is None or not text or reader is None or not hasattr(decoder, "model_identity"):
        return {"no_speech_prob": round(transcript.no_speech_prob, 4)}
    space = decoder.token_space()
    # A sole reading of audio the free decode called silence has no free transcript to compare.
    heard = transcript.text
    tokens = len(space.encode(" " + heard.strip())) + 1 if heard else 0
    said = len(space.encode(" " + text.strip())) + 1
    identity = decoder.model_identity()
    if reader.sole:
        from sayso.understanding.grammar.sole import effective_tokens

        # A loop keeps its distinct words' length, as `sole.read_sole` reads it.
        identity, tokens = sole_identity(identity), effective_tokens(heard, tokens)
    rule = reader.wayout(identity)
    # Words heard after the sentence ends, charged by the way out (not where the grammar is
    # all that can be said: `sole.read_sole` does not charge them).
    tail = 0 if reader.sole else unexplained_tail(text, heard)
    return {
        "model_identity": identity,
        "constrained_ratio": round(score - rule.score(0.0, 0.0, tokens, said, tail), 3),
        "free_tokens": tokens,
        "constrained_tokens": said,
        "constrained_tail": tail,
        "no_speech_prob": round(transcript.no_speech_prob, 4),
    }
