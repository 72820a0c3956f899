"""What a transcript offers the understanding step before any grammar path reads it.

The speech gate (`unvoiced`, `no_speech`), the texts worth trying (`candidates`), whether the
words may be a mishearing (`misheard`), whether the audio denies a correction (`denied`), and the
constrained reading's trace on a turn's `Reading` (`with_constrained`). Pure functions of the
transcript; the paths and their switches are `understand.py`'s.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from sayso.constants import MIN_SPEECH_MS
from sayso.events import NoIntent, Reading, Transcript
from sayso.languages import first_upper
from sayso.understanding.grammar.constrain import ConstrainedReading
from sayso.understanding.grammar.correct import Correction
from sayso.understanding.grammar.rescore import contradicts

NO_SPEECH_BELOW_MS: float = MIN_SPEECH_MS
"""Voiced audio (ms, frames at the VAD threshold) below which an utterance is no speech: the
shortest voiced run that starts a live turn (`vad.min_speech_ms`'s default), so every turn the
endpointer started passes. Chosen on a tuning part (FSDD recordings 0-1, every other noise clip;
BENCHMARKS.md, "Speech gate before the only domain (round 5)"): 32-160 ms keep every digit (the
quietest has 160 ms), 96 and 128 ms stop as much noise, 96 is a live turn's own onset."""


def unvoiced(transcript: Transcript) -> bool:
    """The VAD measured the utterance, and it holds too little voiced audio to be speech."""
    voiced = transcript.voiced_ms
    return voiced is not None and not transcript.typed and voiced < NO_SPEECH_BELOW_MS


def no_speech(transcript: Transcript) -> NoIntent:
    """No command, and no text for the LLM: the reply says nothing was heard."""
    return NoIntent(
        turn_id=transcript.turn_id,
        t_source=transcript.t_created,
        text="",
        language=transcript.language,
        reading=Reading("no_speech", score=transcript.voiced_ms, heard=transcript.text),
    )


def denied(
    transcript: Transcript, correction: Correction, casing: Mapping[str, str] | None = None
) -> bool:
    """The audio clearly says what Whisper wrote, not the grammar's nearest sentence.

    `casing`: how the grammar writes its words, the form the correction is scored in.
    """
    text, language = correction.match.text, transcript.language or "en"
    return contradicts(transcript.acoustic, transcript.hypotheses, text, language, casing)


def with_constrained(reading: Reading, constrained: ConstrainedReading | None) -> Reading:
    """`reading` with the constrained search's score, sentence and time (for the rows)."""
    if constrained is None:
        return reading
    return dataclasses.replace(
        reading,
        constrained=None if constrained.score is None else round(constrained.score, 3),
        constrained_text=constrained.best.text if constrained.best else "",
        constrained_ms=round(constrained.elapsed_ms, 2),
    )


def misheard(transcript: Transcript) -> bool:
    """True when the words may be a mishearing (spoken, not typed): worth correcting."""
    return bool(transcript.text) and not transcript.typed


def candidates(transcript: Transcript) -> list[tuple[str, float]]:
    """Distinct texts to try, best first, with their likelihood relative to the best."""
    out: list[tuple[str, float]] = [(transcript.text, 1.0)]
    seen = {key(transcript.text)}
    best = transcript.hypotheses[0].score if transcript.hypotheses else 0.0
    for hyp in transcript.hypotheses:
        if key(hyp.text) in seen:
            continue
        seen.add(key(hyp.text))
        out.append((hyp.text, math.exp(min(0.0, hyp.score - best))))
    return out


def key(text: str) -> str:
    """`text` for comparing: lower case, letters, digits and single spaces."""
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def audio_prefers(transcript: Transcript, older: str, best: str) -> bool:
    """Whether the audio scores the older path's sentence above the search's best one.

    Log-probabilities of the text tokens; the older sentence as the grammar writes it and as
    Whisper would (a capital, a full stop), the better of the two (the search's sentence is
    already in Whisper's spelling, punctuation included).
    """
    scorer = transcript.acoustic
    if scorer is None or not older.strip():
        return False
    written = first_upper(older.strip().rstrip(".?!")) + "."
    scores = scorer([older, written, best])
    return max(scores[0], scores[1]) > scores[2]
