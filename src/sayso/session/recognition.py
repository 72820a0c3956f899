"""Recognition jobs of a session, run in the assistant's shared inference pool."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from sayso.asr.base import AsrEngine, AsrRequest
from sayso.asr.stage import transcript_of
from sayso.events import Transcript
from sayso.events.speech import SentenceEndScorer
from sayso.runtime.pool import Priority, PriorityPool
from sayso.session.prosody import final_prosody
from sayso.session.turn_end import Cues, cues_of
from sayso.understanding.understand import Understander, Understood
from sayso.vad.turn_model import TurnModel

PARTIAL_BEAM = 1
"""Greedy decoding for partial and barge-in transcripts: they only need to be fast."""

BiasSource = Callable[[], tuple[str, ...]]
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Heard:
    """A finished utterance: its transcript and what the understanding step made of it."""

    transcript: Transcript
    understood: Understood
    """Computed in the same pool job as the transcript, so early endpointing and the reply
    reuse it instead of understanding the turn again."""
    pitch_change_st: float | None = None
    """Final pitch against the utterance's median, semitones (`session.prosody`)."""
    lengthening: float | None = None
    """Last voiced stretch against the utterance's median one (`session.prosody`)."""
    end_prob: float | None = None
    """Whisper's probability that the sentence ends after the last word (`SentenceEndScorer`)."""
    pause_prob: float | None = None
    """Whisper's probability of "," or "..." after the last word: a pause, more to come."""
    continues: str | None = None
    """How the grammar could go on after the command understood: "no", "words", "number" or
    "amount" (`Understander.continues`); None: no complete command."""
    turn_prob: float | None = None
    """The audio end-of-turn model's P(complete) (`session.turn_model`; None: no model)."""

    def cues(self) -> Cues:
        """The end-of-turn cues of this result (`session.turn_end`)."""
        return cues_of(
            self.transcript.text, self.understood, self.pitch_change_st,
            end_prob=self.end_prob, pause_prob=self.pause_prob, continues=self.continues,
            lengthening=self.lengthening, turn_prob=self.turn_prob,
        )


class SpeechJobs:
    """Submits a session's recognition jobs to the assistant's shared inference pool."""

    def __init__(
        self,
        engine: AsrEngine,
        understander: Understander,
        pool: PriorityPool,
        *,
        language: str | None,
        bias: BiasSource | None = None,
        expected: Callable[[], Sequence[str]] | None = None,
        key: str | None = None,
        turn_model: TurnModel | None = None,
    ) -> None:
        self.engine = engine
        self.turn_model = turn_model
        """The audio end-of-turn model read with the other cues (None: not used)."""
        self.expected = expected
        """The answers the conversation expects now (decoded first by the understanding step)."""
        self.key = key
        """Whose jobs these are in the pool (the session id): sessions take turns there."""
        self.understander = understander
        self.pool = pool
        self.language = language
        self.bias = bias

    def recognize(
        self,
        audio: np.ndarray,
        then: Callable[[Heard], object] | None = None,
        *,
        voiced_ms: float | None = None,
        lead_in_s: float = 0.0,
    ) -> asyncio.Future[Heard]:
        """Transcribe and understand a whole utterance (`audio` is copied), in the pool.

        `voiced_ms`: the voiced audio the listener's VAD counted in it (the speech gate's
        measure, `Transcript.voiced_ms`). `lead_in_s`: the audio before the onset it begins
        with (`AsrRequest.lead_in_s`).

        `then(heard)` runs in the same pool job right after the result is handed to the event
        loop (a speculative turn prepares its reply there: no second wait in the pool queue).
        Cancelling the returned future before the job starts keeps it from running.
        """
        if then is None:
            job = self.hearing(audio, voiced_ms, lead_in_s=lead_in_s)
            return asyncio.wrap_future(self.pool.submit_at(Priority.TURN, job, key=self.key))
        loop = asyncio.get_running_loop()
        result: asyncio.Future[Heard] = loop.create_future()
        hearing = self.hearing(audio, voiced_ms, lead_in_s=lead_in_s)

        def hear_then() -> None:
            if result.done():
                return  # discarded while queued (its cancel may not have reached the pool yet)
            try:
                heard = hearing()
            except BaseException as exc:
                loop.call_soon_threadsafe(settle, result, None, exc)
                raise
            loop.call_soon_threadsafe(settle, result, heard, None)
            then(heard)

        pooled = self.pool.submit_at(Priority.TURN, hear_then, key=self.key)
        result.add_done_callback(lambda f: pooled.cancel() if f.cancelled() else None)
        pooled.add_done_callback(
            lambda f: loop.call_soon_threadsafe(result.cancel) if f.cancelled() else None
        )
        return result

    def hearing(
        self, audio: np.ndarray, voiced_ms: float | None = None, *, lead_in_s: float = 0.0
    ) -> Callable[[], Heard]:
        """The blocking job of `recognize`: transcript, understanding and the end-of-turn cues."""
        samples = np.array(audio, dtype=np.float32, copy=True)
        transcribe = self._job(samples, quick=False, voiced_ms=voiced_ms, lead_in_s=lead_in_s)
        understander = self.understander
        expected = self.expected() if self.expected is not None else ()
        turn_model = self.turn_model

        def job() -> Heard:
            transcript = transcribe()
            understood = understander.understand(transcript, expected)
            prosody = final_prosody(samples)
            acoustic = transcript.acoustic
            ending = (acoustic.sentence_end(transcript.text)
                      if isinstance(acoustic, SentenceEndScorer) else None)
            return Heard(
                transcript, understood, prosody.pitch_change_st,
                lengthening=prosody.lengthening,
                end_prob=ending.ends if ending else None,
                pause_prob=ending.pauses if ending else None,
                continues=understander.continues(understood),
                turn_prob=turn_model.complete(samples) if turn_model is not None else None,
            )

        return job

    def transcribe_quick(
        self, audio: np.ndarray, priority: Priority = Priority.BACKGROUND, *,
        lead_in_s: float = 0.0,
    ) -> asyncio.Future[Transcript]:
        """A fast, greedy transcript of speech in progress (partials, barge-in checks).

        No grammar work: these only need words, quickly. `audio` is copied. Partials wait
        behind every turn (`BACKGROUND`); a barge-in check is `INTERACTIVE`. Either replaces the
        session's job still queued at its priority: the newer one covers more of the speech.
        """
        job = self._job(audio, quick=True, lead_in_s=lead_in_s)
        return asyncio.wrap_future(
            self.pool.submit_at(priority, job, key=self.key, replace=True)
        )

    def _job(
        self, audio: np.ndarray, *, quick: bool, voiced_ms: float | None = None,
        lead_in_s: float = 0.0,
    ) -> Callable[[], Transcript]:
        samples = np.array(audio, dtype=np.float32, copy=True)
        phrases = self.bias() if self.bias else ()
        request = AsrRequest(
            language=self.language,
            bias_phrases=phrases,
            beam_size=PARTIAL_BEAM if quick else None,
            partial=quick,
            word_timings=False,  # a live turn never reads them: no alignment pass
            lead_in_s=lead_in_s,
        )
        engine = self.engine

        def job() -> Transcript:
            result = engine.transcribe(samples, request)
            return transcript_of(result, bias_phrases=phrases, voiced_ms=voiced_ms)

        return job


def session_jobs(assistant: Any, session_id: str | None = None) -> SpeechJobs:
    """The recognition jobs a live session of a loaded `Assistant` runs.

    Sessions and the offline replays (`sayso eval dialogue --turn-end`, the scripts that
    measure a turn) build their jobs here, so a replay hears what a session hears: the same
    engines, language, audio end-of-turn model, and the grammar's vocabulary bias where it is
    on (`Settings.bias_vocabulary`: a single custom domain), which changes Whisper's decode and
    so its end-of-sentence cues. `session_id`: the session whose expected answers are decoded
    first, and whose jobs take turns in the pool with other sessions' (None: a replay).
    """
    a = assistant
    bias = a.recognizer.vocabulary if a.settings.bias_vocabulary else None
    expected = None if session_id is None else (lambda: a.expected_answers(session_id))
    return SpeechJobs(
        a.asr, a.understander, a.executor, language=a.settings.asr.language, bias=bias,
        expected=expected, key=session_id, turn_model=a.turn_model,
    )


def settle(future: asyncio.Future[T], value: T | None, error: BaseException | None) -> None:
    """Hand a pool job's outcome to its future on the loop (nothing if it was dropped meanwhile)."""
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        assert value is not None
        future.set_result(value)


_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
"""A word: letters (any script) or digits. Whisper writes a spoken number as digits ("Three." →
"3"), and a number said over the reply is an answer, not silence (it was dropped before round
9). Letters of any script: with ASCII only, "Arrête" was "arr te" and a Chinese transcript was
no words at all, so it counted as feedback and Chinese never interrupted a reply."""
_HUM = re.compile(r"(?:[mh]+|[aou]+h+)")
"""A hum or interjection however Whisper spells it: "mmm", "mhm", "mmhm", "hmm", "uhh", "ohh"."""


def normalise(text: str) -> str:
    """Lower-case words and numbers only, hyphens as spaces ("Mm-hm." → "mm hm")."""
    return " ".join(_WORD.findall(text.lower())).replace("-", " ")


def is_stop(text: str, stop_words: tuple[str, ...]) -> bool:
    """True when `text` is only a request to stop ("Stop.", "Be quiet!", "Stop, stop!")."""
    words = normalise(text).split()
    for phrase in {normalise(w) for w in stop_words}:
        said = phrase.split()
        times = len(words) // len(said) if said else 0
        if times and words == said * times:
            return True
    return False


def is_backchannel(text: str, backchannels: tuple[str, ...]) -> bool:
    """True when `text` is empty or only listener feedback ("yeah", "mm-hm, okay")."""
    words = normalise(text)
    if not words:
        return True
    phrases = sorted({normalise(b) for b in backchannels if normalise(b)}, key=len, reverse=True)
    rest = f" {words} "
    for phrase in phrases:
        while f" {phrase} " in rest:
            rest = rest.replace(f" {phrase} ", " ")
    return all(_HUM.fullmatch(word) for word in rest.split())
