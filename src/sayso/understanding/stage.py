"""The understanding stage: transcripts in, `IntentRecognized` or `NoIntent` out.

The recogniser's N-best list is consulted in order when the best hypothesis matches no intent: a
command misheard in its top hypothesis ("and milk to my shopping list") is often right further down
("add milk to my shopping list"). Templates match whole sentences, so open speech is rarely forced
into an intent this way; the match's confidence is its hypothesis' likelihood relative to the best.

When no hypothesis parses, grammar-aware recognition (`grammar_aware`) reads the N-best list as the
closest sentence the loaded grammar can produce ("and lock the front door" → "unlock the front
door"), if that is close enough; otherwise the turn is NoIntent and goes to the LLM. It runs even
when the recogniser's acoustic check (`sayso.understanding.grammar.rescore`) rejected its proposals: the two
recover different commands (measured; ARCHITECTURE.md, "Grammar-aware recognition").
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import AsyncIterator
from typing import ClassVar

from sayso.events import Event, IntentRecognized, NoIntent, Transcript
from sayso.runtime.stage import Stage
from sayso.understanding.base import IntentRecognizer
from sayso.understanding.grammar.correct import GrammarCorrector, corrector_for

OPEN_ENDED_MIN_LIKELIHOOD = 0.5
"""A lower N-best entry read through a wildcard needs at least this likelihood relative to the
best: a wildcard accepts any words, so an unlikely hypothesis proves nothing about the command."""


class IntentStage(Stage):
    """Runs the fast-path recogniser on each final transcript."""

    consumes: ClassVar[tuple[type[Event], ...]] = (Transcript,)
    name: ClassVar[str] = "intents"

    def __init__(self, recognizer: IntentRecognizer, *, grammar_aware: bool = True) -> None:
        self._recognizer = recognizer
        self._corrector: GrammarCorrector | None = (
            corrector_for(recognizer) if grammar_aware else None
        )

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Yield the intent of the transcript, or NoIntent."""
        assert isinstance(event, Transcript)
        yield self.understand(event)

    def understand(self, transcript: Transcript) -> IntentRecognized | NoIntent:
        """Plain sync recognition: template matching takes milliseconds, so it runs on the loop."""
        found = None
        for text, confidence in _candidates(transcript):
            found = self._recognizer.recognize(text)
            if found is not None and found.open_ended and confidence < OPEN_ENDED_MIN_LIKELIHOOD:
                found = None  # "tell me that joke" far down the list is no message to "me"
            if found is not None:
                found = dataclasses.replace(found, confidence=found.confidence * confidence)
                break
        if found is None and self._corrector is not None and transcript.text:
            correction = self._corrector.correct(transcript)
            found = correction.intent if correction is not None else None
        if found is None:
            return NoIntent(
                turn_id=transcript.turn_id,
                t_source=transcript.t_created,
                text=transcript.text,
                language=transcript.language,
            )
        return dataclasses.replace(
            found,
            turn_id=transcript.turn_id,
            t_source=transcript.t_created,
            language=transcript.language,
        )


def _candidates(transcript: Transcript) -> list[tuple[str, float]]:
    """Distinct texts to try, best first, with their likelihood relative to the best."""
    out: list[tuple[str, float]] = [(transcript.text, 1.0)]
    seen = {_key(transcript.text)}
    best = transcript.hypotheses[0].score if transcript.hypotheses else 0.0
    for hyp in transcript.hypotheses:
        if _key(hyp.text) in seen:
            continue
        seen.add(_key(hyp.text))
        out.append((hyp.text, math.exp(min(0.0, hyp.score - best))))
    return out


def _key(text: str) -> str:
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())
