"""Constrained reading: decode the audio again within the grammar, then take the way out or not.

The recogniser hands out a `ConstrainedDecoder` with the transcript (Whisper keeps its encoder
output); this module compiles the recogniser's active grammar for the decoder's tokenizer
(`automaton.TokenAutomaton`, cached per grammar and tokenizer), decodes, and asks the model's
calibrated `WayOut` whether the best sentence is a command or open speech. After a question, the
expected answers form their own small grammar, decoded first.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from pathlib import Path

from sayso.config import Settings
from sayso.events import Transcript
from sayso.events.speech import (
    ConstrainedDecoder,
    PriorScorer,
    TokenConstraint,
    TokenSpace,
)
from sayso.understanding.base import IntentRecognizer
from sayso.understanding.grammar import sole
from sayso.understanding.grammar.automaton import TokenAutomaton, compile_automaton
from sayso.understanding.grammar.correct import corrector_for
from sayso.understanding.grammar.graph import Arc, WordGraph
from sayso.understanding.grammar.match import tokenize
from sayso.understanding.grammar.sole import read_sole
from sayso.understanding.grammar.trailing import unexplained_tail
from sayso.understanding.grammar.wayout import (
    MODEL_CALIBRATION,
    ConstrainedReading,
    WayOut,
    load_wayout,
    sole_identity,
)

BEAM = 4
"""Hypotheses kept by the constrained search."""
SOLE_BEAM = 8
"""Hypotheses kept where the grammar is all that can be said (`sole`): the answer is the best
grammar sentence, so the search is worth a wider beam (a step of 8 hypotheses costs ~4 ms of CPU
with tiny.en against ~3 ms for 4)."""
SOLE_KEEP = 24
"""Finished spellings kept there, so one sentence's spellings ("five", "Five.", "5") add up."""
__all__ = ["ConstrainedReader", "ConstrainedReading", "answer_graph", "constrained_reader"]
OTHER_LANGUAGE_BEAM = 12
"""Hypotheses kept for a grammar in another language than English: Whisper base hears espeak-ng's
German, French and Spanish badly, and with 4 the search lost the sentence in its first words
("und die Eingang" for "mache die Jalousien im Wohnzimmer runter", found with 12)."""
ANSWER_CACHE = 16
"""Compiled answer grammars kept per tokenizer (questions repeat: yes/no, the same choices)."""


_Compiled = tuple[object, object, TokenConstraint]
"""(word graph, live values, automaton): one tokenizer's compiled grammar."""


class ConstrainedReader:
    """Constrained decoding for one recogniser's grammar (shared by every turn and session)."""

    def __init__(
        self,
        recognizer: IntentRecognizer,
        *,
        beam: int = BEAM,
        calibration: Path | None = None,
        model_calibration: Path | None = None,
        sole: bool = False,
    ) -> None:
        """A constrained reader over `recognizer`'s grammar.

        `calibration`: the user's fitted calibrations (JSON), read before the model's own
        (`model_calibration`, in its folder) and the shipped one.

        `sole`: the grammar is all the assistant expects (a single custom domain): the constrained
        search replaces the free decode, and the way out only says "not speech" or "clearly not
        the domain" (`sole.py`).
        """
        self._recognizer = recognizer
        self._corrector = corrector_for(recognizer)
        self.beam = beam
        self.sole = sole
        self._calibration = calibration
        self._model_calibration = model_calibration
        self._lock = threading.Lock()
        self._automata: weakref.WeakKeyDictionary[object, _Compiled] = weakref.WeakKeyDictionary()
        self._answers: dict[tuple[int, tuple[str, ...]], TokenAutomaton] = {}
        self._wayouts: dict[str, WayOut] = {}

    def read(
        self,
        transcript: Transcript,
        expected: Sequence[str] = (),
        *,
        sole: bool = False,
        free_parses: bool = False,
    ) -> ConstrainedReading | None:
        """Decode `transcript`'s audio within the grammar, or the `expected` answers.

        `sole`: the grammar (or the answers) is all that can be said: a wider beam, spellings
        summed, the sole way out, and audio the free decode called silence is decoded too.
        `free_parses`: the free transcript is itself a grammar sentence (sole only): it competes
        with the constrained ones by likelihood. None when the recogniser cannot decode again or
        there is no grammar.
        """
        decoder = transcript.acoustic
        if not isinstance(decoder, ConstrainedDecoder) or not (transcript.text or sole):
            return None
        space = decoder.token_space()
        automaton = self._answer_automaton(space, expected) if expected else self.automaton(space)
        if automaton is None:
            return None
        if sole:
            decoded = decoder.decode_constrained(
                automaton,
                beam=max(self.beam, SOLE_BEAM),
                reference=transcript.text,
                keep=SOLE_KEEP,
            )
            rule = self.wayout(sole_identity(decoder.model_identity()))
            priors = _priors(decoder, [*(f.text for f in decoded.found), transcript.text])
            return read_sole(decoded, transcript, rule, free_parses, priors)
        decoded = decoder.decode_constrained(automaton, beam=self.beam, reference=transcript.text)
        if not decoded.found or decoded.reference is None:
            return ConstrainedReading(None, (), None, False, decoded.elapsed_ms)
        best = decoded.found[0]
        rule = self.wayout(decoder.model_identity())
        # Heard words the sentence stops before ("… shopping list" for "… list and eggs").
        tail = unexplained_tail(best.text, transcript.text)
        score = rule.score(
            best.logprob, decoded.reference, decoded.reference_tokens, best.tokens, tail
        )
        accepted = rule.accepts(score, transcript.no_speech_prob)
        ratio = best.logprob - decoded.reference
        return ConstrainedReading(
            best,
            decoded.found,
            score,
            accepted,
            decoded.elapsed_ms,
            ratio,
            decoded.reference_tokens,
            tail,
        )

    def wayout(self, identity: str) -> WayOut:
        """The calibrated way out of model `identity` (read once; `sole_identity` for sole)."""
        with self._lock:
            if identity not in self._wayouts:
                self._wayouts[identity] = load_wayout(
                    identity, self._calibration, self._model_calibration
                )
            return self._wayouts[identity]

    def set_wayout(self, identity: str, rule: WayOut) -> None:
        """Use `rule` for model `identity` (a fit in progress, an evaluation sweep)."""
        with self._lock:
            self._wayouts[identity] = rule

    def automaton(self, space: TokenSpace) -> TokenConstraint | None:
        """The recogniser's current grammar compiled for `space`.

        Rebuilt when the grammar or its live lists' values change (a new automaton is lazy, so a
        new timer name costs little).
        """
        graph = self._corrector.graph()
        if graph is None:
            return None
        live_values = getattr(self._recognizer, "live_values", None)
        live = live_values() if callable(live_values) else {}
        with self._lock:
            cached = self._automata.get(space)
            if cached is None or cached[0] is not graph or cached[1] != live:
                language = getattr(self._recognizer, "language", "en")
                cached = (graph, live, compile_automaton(graph, space, language, live))
                self._automata[space] = cached
            return cached[2]

    def _answer_automaton(self, space: TokenSpace, answers: Sequence[str]) -> TokenAutomaton:
        key = (id(space), tuple(sorted(set(answers))))
        with self._lock:
            found = self._answers.get(key)
            if found is None:
                if len(self._answers) >= ANSWER_CACHE:
                    self._answers.clear()
                found = self._answers[key] = TokenAutomaton(answer_graph(key[1]), space)
            return found


def _priors(decoder: ConstrainedDecoder, texts: Sequence[str]) -> dict[str, float] | None:
    """The decoder's prior of each text (`PriorScorer`), for the sole ranking; None: none.

    Only where sentences compete on the audio alone (`sole`), and only when taken out at all.
    """
    if not isinstance(decoder, PriorScorer) or sole.PRIOR_WEIGHT == 0.0:
        return None
    wanted = list(dict.fromkeys(t for t in texts if t))
    return dict(zip(wanted, decoder.prior(wanted), strict=True))


def answer_graph(sentences: Sequence[str]) -> WordGraph:
    """A word graph (a trie) accepting exactly `sentences`, in the grammar's word form."""
    arcs: dict[int, list[Arc]] = {0: []}
    finals: set[int] = set()
    words: set[str] = set()
    for sentence in sentences:
        state = 0
        for word in tokenize(sentence):
            words.add(word)
            nxt = next((a.target for a in arcs[state] if a.label == word), None)
            if nxt is None:
                nxt = len(arcs)
                arcs[nxt] = []
                arcs[state].append(Arc(nxt, word))
            state = nxt
        if state != 0:
            finals.add(state)
    return WordGraph(arcs, 0, frozenset(finals), frozenset(words))


CALIBRATION_FILE = "constrained_calibration.json"
"""The user's fitted calibrations, in the data directory (`sayso eval calibrate` writes it)."""


def constrained_reader(
    settings: Settings, recognizer: IntentRecognizer
) -> ConstrainedReader | None:
    """The reader `settings` ask for (None when `asr.constrained_decoding` is off)."""
    if not settings.asr.constrained_decoding:
        return None
    calibration = settings.resolved_data_dir() / CALIBRATION_FILE
    beam = settings.asr.constrained_beam
    if getattr(recognizer, "language", "en") != "en":
        beam = max(beam, OTHER_LANGUAGE_BEAM)
    # A model in a folder of its own (an adapted one) may carry its own fit.
    folder = Path(settings.asr.model)
    own = folder / MODEL_CALIBRATION if folder.is_dir() else None
    return ConstrainedReader(
        recognizer, beam=beam, calibration=calibration, model_calibration=own,
        sole=not settings.intents.builtin,
    )  # fmt: skip
