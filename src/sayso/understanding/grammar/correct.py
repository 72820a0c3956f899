"""Grammar-aware recognition: read a misheard command as the grammar sentence it most likely was.

Used by the intent stage when no N-best hypothesis parses as is. Each hypothesis is matched
against the word graph of the loaded grammar (`grammar_match`); the cheapest match per anchor word
is accepted only under `ACCEPT_COST_PER_WORD`, calibrated on held-out in-grammar commands and
open sentences (ARCHITECTURE.md, "Grammar-aware recognition"), so open speech falls through to
NoIntent and the LLM instead of being forced into an intent.

The graph is built once per grammar: it is cached per recogniser and rebuilt when the recogniser's
templates or slot lists change (set_home, set_contacts swap them for new objects).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import threading
import time
import weakref

from sayso import languages
from sayso.constants import MS_PER_SECOND
from sayso.events import IntentRecognized, Transcript
from sayso.understanding.base import IntentRecognizer
from sayso.understanding.grammar.graph import WordGraph, build_graph
from sayso.understanding.grammar.match import GrammarMatch, iter_matches, tokenize
from sayso.understanding.grammar.opposites import drops_prefix, reverses

log = logging.getLogger(__name__)

ACCEPT_COST_PER_WORD = 0.175
"""Highest edit cost per anchor word accepted as a command (calibrated; see module docstring)."""
MAX_HYPOTHESES = 5
"""N-best entries matched against the grammar (later ones rarely help and each costs time)."""
ASR_SCORE_WEIGHT = 0.02
"""Cost per nat an N-best entry scores below the best one: prefer what Whisper preferred."""
READINGS_PER_HYPOTHESIS = 3
"""Grammar readings tried per N-best entry (the cheapest may name a device of the wrong kind)."""
MIN_ANCHORS = 2
"""A correction must rest on at least this many of the grammar's own words: "play <anything>"
read from "tell leave a bed" is not a command heard."""
MAX_HEARD_WORDS = 24
"""Longer transcripts are dictation, not commands; they are not searched."""
SAID_EXACTLY: frozenset[str] = frozenset({"SaysoSpell", "SaysoSay", "SaysoFeel"})
"""Intents left out of the graph, read only as said: never from replaced words nor drawn to by
the constrained search. A word to spell is the request, anchored by two of the grammar's ("what
is the meaning of life" was read "… spelling of life"); "I'm cold" opens as open speech does,
and in noise drew the search away from "status of 1 hour timer" ("It's kind of for an hour")."""


@dataclasses.dataclass(frozen=True)
class Correction:
    """A transcript read as a grammar sentence, with the intent hassil parsed from it."""

    intent: IntentRecognized
    match: GrammarMatch
    hypothesis_index: int
    """Which N-best entry was corrected (0: the best)."""
    score: float
    """Cost per anchor word plus the ASR penalty: what was compared with the threshold."""


class GrammarCorrector:
    """Finds the grammar sentence behind a misheard transcript, for one recogniser."""

    def __init__(
        self, recognizer: IntentRecognizer, threshold: float = ACCEPT_COST_PER_WORD
    ) -> None:
        self._recognizer = recognizer
        self.threshold = threshold
        self._graph: WordGraph | None = None
        self._key: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self.last_elapsed_ms = 0.0
        """Time the last `correct` call took, in milliseconds."""

    def graph(self) -> WordGraph | None:
        """The word graph of the recogniser's current grammar (built on first use), or None."""
        grammar = self._recognizer.grammar()
        if grammar is None:
            return None
        intents, slot_lists = grammar
        key = (id(intents), id(slot_lists))
        with self._lock:
            if self._key != key:
                started = time.perf_counter()
                spaceless = languages.spaceless(getattr(self._recognizer, "language", "en"))
                self._graph = build_graph(
                    intents, slot_lists, spaceless=spaceless, skip=SAID_EXACTLY
                )
                self._key = key
                log.info(
                    "grammar graph: %d states in %.0f ms",
                    self._graph.size,
                    (time.perf_counter() - started) * MS_PER_SECOND,
                )
            return self._graph

    def correct(self, transcript: Transcript) -> Correction | None:
        """The accepted grammar reading of `transcript`, or None (open speech, or no match)."""
        started = time.perf_counter()
        try:
            return self._correct(transcript)
        finally:
            self.last_elapsed_ms = (time.perf_counter() - started) * MS_PER_SECOND

    def candidates(
        self,
        transcript: Transcript,
        *,
        threshold: float | None = None,
        min_anchors: int = MIN_ANCHORS,
    ) -> list[tuple[float, int, GrammarMatch]]:
        """(score, N-best index, match) for every hypothesis within the budget, best first.

        `threshold` (default: the acceptance threshold) sets the budget; a caller that verifies
        the matches on the audio may search wider and trust fewer anchors.
        """
        limit = self.threshold if threshold is None else threshold
        graph = self.graph()
        if graph is None:
            return []
        found: list[tuple[float, int, GrammarMatch]] = []
        language = getattr(self._recognizer, "language", "en")
        for index, (text, gap) in enumerate(_hypotheses(transcript)[:MAX_HYPOTHESES]):
            heard = tokenize(text)
            if not heard or len(heard) > MAX_HEARD_WORDS:
                continue
            penalty = ASR_SCORE_WEIGHT * gap
            budget = (limit - penalty) * (len(heard) + 2)
            if budget <= 0:
                continue
            readings = itertools.islice(
                iter_matches(graph, heard, budget, language), READINGS_PER_HYPOTHESIS
            )
            found += [
                (match.cost_per_word + penalty, index, match)
                for match in readings
                if match.anchors >= min_anchors
                and not reverses(heard, tokenize(match.text), language)
                and not drops_prefix(heard, tokenize(match.text), language)
            ]
        return sorted(found, key=lambda item: (item[0], item[1]))

    def _correct(self, transcript: Transcript) -> Correction | None:
        for score, index, match in self.candidates(transcript):
            if score > self.threshold:
                break
            intent = self._recognizer.recognize(match.text)
            if intent is not None:
                confidence = max(0.0, 1.0 - score)
                intent = dataclasses.replace(intent, confidence=intent.confidence * confidence)
                return Correction(intent, match, index, score)
        return None


def _hypotheses(transcript: Transcript) -> list[tuple[str, float]]:
    """(text, log-probability gap to the best) of each distinct N-best entry."""
    if not transcript.hypotheses:
        return [(transcript.text, 0.0)]
    best = transcript.hypotheses[0].score
    seen: set[tuple[str, ...]] = set()
    out: list[tuple[str, float]] = []
    for hyp in transcript.hypotheses:
        key = tokenize(hyp.text)
        if key not in seen:
            seen.add(key)
            out.append((hyp.text, max(0.0, best - hyp.score)))
    return out


_CORRECTORS: weakref.WeakKeyDictionary[IntentRecognizer, GrammarCorrector] = (
    weakref.WeakKeyDictionary()
)


def corrector_for(recognizer: IntentRecognizer) -> GrammarCorrector:
    """The shared corrector of `recognizer` (intent stages are built per turn; graphs are not)."""
    corrector = _CORRECTORS.get(recognizer)
    if corrector is None:
        corrector = _CORRECTORS[recognizer] = GrammarCorrector(recognizer)
    return corrector
