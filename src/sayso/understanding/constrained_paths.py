"""The understanding step's paths that decode the audio within the grammar (`understand.py`).

They all read a `ConstrainedReader`'s search (`grammar.constrain`) and turn its best sentence
into a parse:

- **answer** — after a question, the audio decoded within the expected answers only;
- **constrained** — the best grammar sentence, where the model's way out accepts it;
- **extended** / **narrowed** — an exact parse replaced by the longer sentence of the same
  intent the audio goes on to, or by the sentence that leaves fewer words to wildcards;
- **sole** — where the grammar is all that can be said, the free transcript competes with the
  constrained sentences by likelihood;
- **seconded** — an older path's command read as the constrained best sentence: the older path
  says *whether* the turn is a command, the search over every grammar sentence *which*.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence

from sayso.events import IntentRecognized, Reading, Transcript
from sayso.understanding.grammar.constrain import ConstrainedReader, ConstrainedReading
from sayso.understanding.grammar.continues import Continuation
from sayso.understanding.grammar.match import tokenize
from sayso.understanding.grammar.opposites import drops_prefix
from sayso.understanding.grammar.rescore import comparable
from sayso.understanding.grammar.trailing import unexplained_tail
from sayso.understanding.heard import audio_prefers, key
from sayso.understanding.paths import (
    EXTEND_EXACT,
    LEGACY_PATHS,
    OPEN_ENDED_MIN_LIKELIHOOD,
    SECONDED_WITHIN,
    SOLE_SENTENCE_WINS,
)

Recognize = Callable[[str], IntentRecognized | None]
"""A sentence parsed as a command, or None (the recogniser's, as the understanding step reads)."""
Found = tuple[IntentRecognized | None, ConstrainedReading | None]
"""A path's parse (None: none) and the constrained search's reading it came from."""


def parse(recognize: Recognize, text: str, likelihood: float, path: str) -> IntentRecognized | None:
    """`text` parsed as a command read by `path`, its confidence scaled by `likelihood`."""
    found = recognize(text)
    if found is None or (found.open_ended and likelihood < OPEN_ENDED_MIN_LIKELIHOOD):
        return None  # "tell me that joke" far down the list is no message to "me"
    return dataclasses.replace(
        found, confidence=found.confidence * likelihood, reading=Reading(path, text)
    )


def spellings(
    recognize: Recognize, language: str, sentence: str
) -> Iterator[tuple[str, IntentRecognized]]:
    """The parses of a grammar sentence as written, then as hassil spells it.

    The automaton lets Whisper write a number word as digits ("7."); hassil wants the word.
    """
    for text in dict.fromkeys((sentence, comparable(sentence, language))):
        found = recognize(text)
        if found is not None:
            yield text, found


def seconds(sole: bool, constrained: ConstrainedReading | None) -> bool:
    """Whether an older path's command is read as the constrained best sentence (`seconded`)."""
    if sole:
        return SOLE_SENTENCE_WINS
    score = constrained.score if constrained is not None else None
    return score is not None and score >= -SECONDED_WITHIN


def seconded(
    recognize: Recognize,
    language: str,
    found: IntentRecognized,
    constrained: ConstrainedReading | None,
    transcript: Transcript,
    sole: bool,
) -> IntentRecognized:
    """An older path's command, read as the constrained best sentence (`seconds`).

    The way out had refused the constrained sentence; an older path then heard a command in
    the free transcript. That settles *whether* this is a command, not *which*: the
    constrained search compared the grammar's sentences against the audio, the older paths
    only those close to the words heard. Over the whole grammar the search's beam can miss
    the older path's sentence, so a best sentence of *another intent* is taken only where
    the audio does not score the older one higher ("and do that." corrected to "undo that"
    was read as "Light, On,", and "But Apple on the list." as "open the door."); of the
    same intent it settles the slots as before ("Turn the volume down to 90 percent" →
    "Turn TV volume down to 90%").
    """
    reading = found.reading
    if constrained is None or constrained.best is None or reading is None:
        return found
    if reading.path not in LEGACY_PATHS:
        return found
    for text, second in spellings(recognize, language, constrained.best.text):
        # A wildcard takes any words: a sentence that gives it more of them than the older
        # reading did is no better evidence ("Cancel all timer." is a timer named "all").
        if second.free_words > found.free_words:
            continue
        if (
            not sole
            and second.intent != found.intent
            and audio_prefers(transcript, reading.text, constrained.best.text)
        ):
            return found  # another command altogether, which the audio does not prefer
        score = round(constrained.score or 0.0, 3)
        return dataclasses.replace(second, reading=Reading("seconded", text, score))
    return found


class ConstrainedPaths:
    """The paths that read one recogniser's grammar through a `ConstrainedReader`."""

    def __init__(
        self, reader: ConstrainedReader, recognize: Recognize, language: str, command: Recognize
    ) -> None:
        """`recognize` parses a sentence (as the understanding step reads it) in `language`.

        `command`: the recogniser's own parse, sense or not, which keeps a command said after a
        question from being read as an answer ("add it." is no sensible item, and no "do it").
        """
        self.reader = reader
        self.recognize = recognize
        self.language = language
        self.command = command

    @property
    def sole(self) -> bool:
        """Whether the grammar is all that can be said (`ConstrainedReader.sole`)."""
        return self.reader.sole

    def answered(self, transcript: Transcript, expected: Sequence[str]) -> Reading | None:
        """The expected answer the audio says (decoded first), or None.

        A free transcript that is a command of its own and no answer ("Cancel all timers." after
        "Did you mean: add a minute?") is that command, whatever answer the audio is nearest.
        """
        if not expected:
            return None
        language = transcript.language or "en"
        said = comparable(transcript.text, language)
        answers = {comparable(a, language): a for a in expected}
        if said not in answers and parse(self.command, transcript.text, 1.0, "exact"):
            return None
        # The answers are all the question expects: read as the only grammar (`sole.py`).
        answer = self.reader.read(transcript, expected, sole=True)
        if answer is None or not answer.accepted or answer.best is None:
            return None
        text = answer.best.text
        meant = answers.get(comparable(text, language))
        if meant is not None and tokenize(meant) != tokenize(text):
            # In the question's words: the search spells "the office one" as "The Office 1."
            # too, which then names no device ("turn off the office 1 light").
            text = meant
        return Reading("answer", text, answer.score, heard=transcript.text)

    def constrained(self, transcript: Transcript) -> Found:
        """The best grammar sentence decoded from the audio, if the way out allows."""
        reading = self.reader.read(transcript)
        if reading is None or not reading.accepted or reading.best is None:
            return None, reading
        spelled = next(spellings(self.recognize, self.language, reading.best.text), None)
        if spelled is None:
            return None, reading
        text, found = spelled
        if drops_prefix(tokenize(transcript.text), tokenize(text), transcript.language):
            return None, reading  # the older paths may read it with the prefix
        score = round(reading.score or 0.0, 3)
        return dataclasses.replace(found, reading=Reading("constrained", text, score)), reading

    def extended(
        self,
        transcript: Transcript,
        exact: IntentRecognized,
        continues: Callable[[IntentRecognized], Continuation | None],
    ) -> tuple[IntentRecognized, ConstrainedReading | None]:
        """An exact parse, or the longer grammar sentence of the same intent the audio goes on to.

        Only where the grammar could continue the parsed words (`continues`), so other exact
        parses pay nothing. The longer sentence must say every word heard and more, and score
        at least as well per token (end token included) as the free transcript, as the search
        ranks its sentences: padding the audio does not hold costs several nats a token.
        """
        if not EXTEND_EXACT or continues(exact) not in ("words", "number", "amount"):
            return exact, None
        reading = self.reader.read(transcript)
        if reading is None or reading.ratio is None or not reading.reference_tokens:
            return exact, reading
        best = reading.best
        assert best is not None  # a ratio is only computed for a sentence found
        heard = (best.logprob - reading.ratio) / reading.reference_tokens
        for sentence in reading.candidates:
            longer = unexplained_tail(transcript.text, sentence.text) > 0
            if not longer or sentence.logprob / sentence.tokens < heard:
                continue
            for text, found in spellings(self.recognize, self.language, sentence.text):
                if found.intent == exact.intent:
                    score = round(sentence.logprob / sentence.tokens - heard, 3)
                    return dataclasses.replace(
                        found, reading=Reading("extended", text, score)
                    ), reading
        return exact, reading

    def narrowed(
        self, transcript: Transcript, exact: IntentRecognized
    ) -> tuple[IntentRecognized, ConstrainedReading | None]:
        """An exact parse through a wildcard, or the constrained sentence with fewer free words.

        The constrained sentence must pass the way out as any constrained reading does, and
        give fewer words of the utterance to wildcard slots than the free transcript's parse:
        grammar words a wildcard swallowed ("… on the TV and the kitchen") are read as the
        grammar's, while a search query or list item said as heard stays the exact parse (the
        search reads the same words through the wildcard, no fewer).
        """
        found, reading = self.constrained(transcript)
        if found is None or found.free_words >= exact.free_words or found.reading is None:
            return exact, reading
        narrowed = dataclasses.replace(found.reading, path="narrowed")
        return dataclasses.replace(found, reading=narrowed), reading

    def sole_reading(self, transcript: Transcript, exact: IntentRecognized | None) -> Found:
        """The grammar is all that can be said: the best-supported sentence, the free one too."""
        reading = self.reader.read(transcript, sole=True, free_parses=exact is not None)
        if reading is None or not reading.accepted or reading.best is None:
            return exact, reading
        best = reading.best.text
        score = round(reading.score or 0.0, 3)
        if exact is not None and key(best) == key(transcript.text):
            return dataclasses.replace(exact, reading=Reading("exact", best, score)), reading
        spelled = next(spellings(self.recognize, self.language, best), None)
        if spelled is None:
            return exact, reading
        text, found = spelled
        return dataclasses.replace(found, reading=Reading("constrained", text, score)), reading
