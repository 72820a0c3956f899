"""Understanding, once per turn: a transcript in, `IntentRecognized` or `NoIntent` out.

Every entry point runs this one step (file turns, live sessions, typed turns, the Wyoming and
Realtime servers, the evaluation), in the inference pool, and everything after it reuses the result:
early endpointing, the action stage and the evaluation rows. The paths, in order:

0. **answer** — after a question, the expected answers are decoded first (constrained, below,
   with a grammar of the answers only); a yes/no is then the text the action stage reads, and
   no later path reads it again (unless the words heard are a command of their own and no
   answer: "Cancel all timers."); **aside** — spoken small talk that does not parse ("help",
   "hey say so"; `asides`, the dialogue's table) is read as heard by no later path either;
1. **exact** — the best hypothesis parses as a command; where the grammar could continue it
   ("turn off the lights", "set a timer for 5 minutes"), the constrained search may read the
   longer sentence of the same intent the audio goes on to (**extended**: the free decode ends
   at a pause and leaves "… in the kitchen" unread; off by default, `EXTEND_EXACT`); where it
   fills a wildcard slot, the constrained sentence that leaves fewer words to wildcards, if the
   way out accepts it (**narrowed**: "play the office on the TV and the kitchen" is no search for
   all of it, `NARROW_WILDCARDS`);
2. **constrained** — the audio is decoded again within the grammar (`grammar.constrain`, with
   the recogniser's `Transcript.acoustic` as a `ConstrainedDecoder`), and the model's calibrated
   way out (`grammar.wayout`) decides whether the best sentence is the command or open speech;
3. **rescored** — grammar sentences close to what was heard (`grammar.shortlist`) are checked
   against the audio itself (`grammar.rescore`, with the recogniser's `Transcript.acoustic`); the
   best is taken if the audio supports it about as well as Whisper's own guess;
4. **nbest** — a lower N-best entry parses ("and milk to my shopping list" heard, "add milk …"
   further down); its confidence is its likelihood relative to the best;
5. **corrected** — the closest sentence the grammar can produce to the words heard
   (`grammar.correct`), if it is close enough. It runs even when the audio check rejected its
   proposals: the two recover different commands (measured; ARCHITECTURE.md) — unless the audio
   clearly says what Whisper wrote (`rescore.contradicts`: "make the kitchen warmer" is no "make
   the kitchen orange"). Spoken turns only: typed text was not misheard, and on it the closest
   grammar sentence is more often another command (on↔off).

A reading whose free words are not what its intent needs (`sensible`: the actions'
`free_words.make_sense`, "how far away is the moon" as the days until "the moon") is no reading
on any path of this step: the next path reads on, and the action stage never sees it. (It still
vetoes an answer: "add it." after a question is no sensible item, and no "do it" either.)

A reading that drops a prefix Whisper wrote apart ("and pause TV" read as "Pause TV." where
"unpause" may have been said, `grammar.opposites.drops_prefix`) is refused on every path.

Where the grammar is all that can be said (a single custom domain, `ConstrainedReader.sole`),
path 2 replaces path 1: the audio is always decoded within the grammar, the free transcript (if
it parses) competes with the constrained sentences by likelihood instead of winning by being
first, and the sole way out only stops what is not speech or clearly not the domain
(`grammar.sole`); the older paths behind it are `sole_paths`. When one of them hears a command
the sole way out had refused, the turn is read as the constrained best sentence ("seconded"):
the older path says *whether* it is a command, the search over every grammar sentence *which*.
Over the whole grammar (`SECONDED_WITHIN`) a best sentence of another intent is taken only where
the audio does not score the older reading higher (`heard.audio_prefers`).
With the whole grammar the same is done when the way out refused the sentence narrowly
(`SECONDED_WITHIN`).

Before any of them, the **speech gate** (`heard.py`): an utterance with less voiced audio than
a live turn needs to start (`Transcript.voiced_ms` below `NO_SPEECH_BELOW_MS`) is no speech
(`NoIntent`, path "no_speech"): the constrained search would read noise as a sentence.

A reading from paths 2-5 that stops before the words heard end ("add milk to my shopping list"
for "… list and eggs", `grammar.trailing`) is no command: the way out charges each word left over,
the older paths drop such a reading.

Otherwise the turn is **none** (`NoIntent`), and goes to the LLM. The reading that decided is kept
in the event (`Reading`). Templates match whole sentences, so open speech is rarely forced into an
intent on any path; paths 2 and 4 are calibrated on held-out open speech.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from sayso.config import AsrConfig
from sayso.events import IntentRecognized, NoIntent, Reading, Transcript
from sayso.understanding.base import IntentRecognizer
from sayso.understanding.constrained_paths import ConstrainedPaths, parse, seconded, seconds
from sayso.understanding.grammar.casing import for_language
from sayso.understanding.grammar.constrain import ConstrainedReader, ConstrainedReading
from sayso.understanding.grammar.continues import Continuation, could_continue
from sayso.understanding.grammar.correct import corrector_for
from sayso.understanding.grammar.match import tokenize
from sayso.understanding.grammar.opposites import drops_exception, drops_prefix
from sayso.understanding.grammar.rescore import rescore
from sayso.understanding.grammar.shortlist import GrammarShortlist
from sayso.understanding.grammar.trailing import unexplained_tail
from sayso.understanding.heard import candidates as heard_candidates
from sayso.understanding.heard import denied, misheard, no_speech, unvoiced, with_constrained
from sayso.understanding.paths import (
    LEGACY_PATHS,
    NARROW_WILDCARDS,
    SOLE_PATHS,
    TAIL_PATHS,
)

Understood = IntentRecognized | NoIntent
"""What the understanding step yields for one transcript."""
Sensible = Callable[[IntentRecognized], bool]
"""Whether a reading's free words are what its intent needs (the actions' `free_words.make_sense`):
one that is not ("how far away is the moon" as the days until "the moon", "remove apples on my
sharpened list" as a bare item) is no reading, and the next path reads on."""
Asides = Callable[[str, str], bool]
"""Whether a turn's words (and language) are said to the assistant rather than a command: "help",
"hey sayso", a thanks (the dialogue's small talk, `dialogue.social.is_aside`)."""


class Understander:
    """The understanding step for one recogniser (shared by every turn and session)."""

    def __init__(
        self,
        recognizer: IntentRecognizer,
        *,
        grammar_aware: bool = True,
        rescoring: AsrConfig | None = None,
        constrained: ConstrainedReader | None = None,
        paths: Sequence[str] = LEGACY_PATHS,
        sole_paths: Sequence[str] = SOLE_PATHS,
        asides: Asides | None = None,
        sensible: Sensible | None = None,
    ) -> None:
        """`grammar_aware=False` gives the baseline (exact N-best matching only).

        `constrained` decodes within the grammar when the recogniser can (`ConstrainedReader`);
        `paths` are the older grammar-aware paths still run after it, `sole_paths` those run
        after it where the grammar is all that can be said (`ConstrainedReader.sole`). Words
        that `asides` knows are read as heard, never as the nearest command; a reading that is
        not `sensible` is none.
        """
        self.asides = asides
        self.sensible = sensible
        self.recognizer = recognizer
        # Not `language`: MultilingualUnderstander's is its configured, canonical code.
        self._grammar_language: str = getattr(recognizer, "language", "en")
        self.constrained = constrained if grammar_aware else None
        self.grammar = (
            ConstrainedPaths(
                self.constrained, self._recognize, self._grammar_language, recognizer.recognize
            )
            if self.constrained is not None
            else None
        )
        self.paths = frozenset(paths) if grammar_aware else frozenset({"nbest"})
        self.sole_paths = frozenset(sole_paths) if grammar_aware else frozenset({"nbest"})
        self._corrector = corrector_for(recognizer) if grammar_aware else None
        self._rescoring = rescoring if grammar_aware and rescoring is not None else None
        self._shortlist = GrammarShortlist(recognizer) if self._rescoring is not None else None
        if self._rescoring is not None and not self._rescoring.grammar_rescoring:
            self._rescoring = self._shortlist = None

    def understand(self, transcript: Transcript, expected: Sequence[str] = ()) -> Understood:
        """Read `transcript` (blocking: run it in the inference pool).

        `expected`: the answers to the question sayso just asked, decoded first.
        """
        if unvoiced(transcript):
            return no_speech(transcript)
        grammar = self.grammar
        answered = grammar.answered(transcript, expected) if grammar is not None else None
        if answered is not None:
            # An answer is read as said, like a typed one: a grammar path would read "No." as
            # the nearest command ("Hello?"), and the question would never hear its answer.
            transcript = dataclasses.replace(transcript, text=answered.text)
        candidates = heard_candidates(transcript)
        found = self._parse(*candidates[0], "exact") if candidates[0][0] else None
        if answered is not None or (found is None and self._aside(transcript, candidates)):
            # An aside ("help", "hey sayso") is no misheard command either.
            return self._finish(transcript, found, answered or Reading("aside"), None, 0)
        constrained: ConstrainedReading | None = None
        paths, sole = self.paths, False
        if grammar is not None and grammar.sole:
            found, constrained = grammar.sole_reading(transcript, found)
            paths, sole = self.sole_paths, True
        elif grammar is not None and found is None:
            found, constrained = grammar.constrained(transcript)
        elif grammar is not None and found is not None:
            if found.free_words and NARROW_WILDCARDS:
                found, constrained = grammar.narrowed(transcript, found)
            else:
                found, constrained = grammar.extended(transcript, found, self.continues)
        proposals = 0
        if found is None and transcript.text and "rescored" in paths:
            found, proposals = self._rescored(transcript)
        for text, likelihood in candidates[1:] if "nbest" in paths else ():
            if found is not None:
                break
            if not _refused("nbest", text, transcript):
                found = self._parse(text, likelihood, "nbest")
        if found is None and "corrected" in paths and misheard(transcript) and self._corrector:
            found = self._corrected(transcript)
        if found is not None and seconds(sole, constrained):
            second = seconded(
                self._recognize, self._grammar_language, found, constrained, transcript, sole
            )
            found = found if _drops_prefix(second, transcript) else second
        if found is not None and _drops_prefix(found, transcript):
            found = None  # the sole reading or a narrowed one: no path may drop the prefix
        return self._finish(transcript, found, Reading("none"), constrained, proposals)

    def _finish(
        self,
        transcript: Transcript,
        found: IntentRecognized | None,
        nothing: Reading,
        constrained: ConstrainedReading | None,
        proposals: int,
    ) -> Understood:
        """The turn's result: `found` as read, or no intent with `nothing` as its reading."""
        if found is None:
            return NoIntent(
                turn_id=transcript.turn_id,
                t_source=transcript.t_created,
                text=transcript.text,
                language=transcript.language,
                reading=with_constrained(
                    dataclasses.replace(nothing, proposals=proposals), constrained
                ),
            )
        reading = dataclasses.replace(
            found.reading or Reading("exact"), proposals=proposals, heard=transcript.text
        )
        reading = with_constrained(reading, constrained)
        return dataclasses.replace(
            found,
            turn_id=transcript.turn_id,
            t_source=transcript.t_created,
            language=transcript.language,
            reading=reading,
        )

    def _aside(self, transcript: Transcript, candidates: Sequence[tuple[str, float]]) -> bool:
        """Heard words said to the assistant, not a command (spoken turns; typed ones parse).

        Not where the grammar is all that can be said (a single domain reads every turn within
        it), nor where a lower hypothesis is a command as heard ("No." / "mute").
        """
        if self.asides is None or not misheard(transcript):
            return False
        if self.grammar is not None and self.grammar.sole:
            return False
        if not self.asides(transcript.text, transcript.language):
            return False
        return not any(self._parse(text, odds, "nbest") for text, odds in candidates[1:])

    def continues(self, understood: Understood) -> Continuation | None:
        """Could the command understood go on (`grammar.continues`)? None: cannot tell."""
        if self._corrector is None or not isinstance(understood, IntentRecognized):
            return None
        graph = self._corrector.graph()
        reading = understood.reading
        text = reading.text if reading is not None and reading.text else understood.text
        return could_continue(graph, tokenize(text)) if graph is not None else None

    def _casing(self, transcript: Transcript) -> Mapping[str, str]:
        """How the grammar writes its words, where the language's spelling makes it count."""
        graph = self._corrector.graph() if self._corrector is not None else None
        return for_language(graph.casing, transcript.language or "en") if graph else {}

    def _parse(self, text: str, likelihood: float, path: str) -> IntentRecognized | None:
        return parse(self._recognize, text, likelihood, path)

    def _recognize(self, text: str) -> IntentRecognized | None:
        """The recogniser's parse of `text`, if it makes sense (`sensible`)."""
        found = self.recognizer.recognize(text)
        if found is None or self.sensible is None or self.sensible(found):
            return found
        return None

    def _corrected(self, transcript: Transcript) -> IntentRecognized | None:
        """Path 5: the grammar sentence closest to the words heard, unless the audio denies it."""
        assert self._corrector is not None
        correction = self._corrector.correct(transcript)
        checked = self._rescoring is not None  # no acoustic check when it is turned off
        if (
            correction is None
            or (checked and denied(transcript, correction, self._casing(transcript)))
            or _refused("corrected", correction.match.text, transcript)
            or (self.sensible is not None and not self.sensible(correction.intent))
        ):
            return None
        reading = Reading("corrected", correction.match.text, correction.score)
        return dataclasses.replace(correction.intent, reading=reading)

    def _rescored(self, transcript: Transcript) -> tuple[IntentRecognized | None, int]:
        """Path 2: the best grammar sentence the audio supports, and how many were checked."""
        cfg, shortlist = self._rescoring, self._shortlist
        if cfg is None or shortlist is None or transcript.acoustic is None:
            return None, 0
        proposals = shortlist(transcript)
        if not proposals:
            return None, 0
        verdict = rescore(
            transcript.acoustic,
            transcript.hypotheses,
            proposals,
            cfg.rescoring_margin,
            cfg.rescoring_margin_per_word,
            transcript.language or "en",
            self._casing(transcript),
        )
        if verdict is None or not verdict.accepted:
            return None, len(proposals)
        if _refused("rescored", verdict.proposal, transcript):
            return None, len(proposals)
        found = self._recognize(verdict.proposal)
        if found is None:
            return None, len(proposals)
        left = verdict.score - (verdict.reference - verdict.margin)
        reading = Reading("rescored", verdict.proposal, round(left, 3))
        return dataclasses.replace(found, reading=reading), len(proposals)


def _refused(path: str, text: str, transcript: Transcript) -> bool:
    """An older path's reading the words heard argue against.

    It ends before they do (`TAIL_PATHS`), or drops a prefix they wrote apart
    (`opposites.drops_prefix`).
    """
    if path in TAIL_PATHS and unexplained_tail(text, transcript.text) > 0:
        return True
    return drops_prefix(tokenize(transcript.text), tokenize(text), transcript.language)


def _drops_prefix(found: IntentRecognized, transcript: Transcript) -> bool:
    """The reading drops a prefix the transcript wrote apart, or an exception it made.

    `opposites.drops_prefix` ("and pause TV"), `opposites.drops_exception` ("… except the
    kitchen").
    """
    read = found.reading.text if found.reading is not None and found.reading.text else found.text
    heard, reading = tokenize(transcript.text), tokenize(read)
    language = transcript.language
    return drops_prefix(heard, reading, language) or drops_exception(heard, reading, language)
