"""The one place every pipeline is assembled from the assistant's loaded engines.

Every entry point builds its stages here — file turns (`run_turn`), typed turns (`run_text`), live
sessions (`understand` + `reply_stages`, `reply_preparer`), the Wyoming server
(`reply_stages(speak=False)`) — so what is measured is what users run. `Pipelines` is the half of
`Assistant` that builds; `app/assistant.py` is the half that loads.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

import numpy as np

from sayso.app.turn import TurnResult
from sayso.asr.stage import AsrStage
from sayso.config import Settings
from sayso.dialogue.reply import ReplyStage
from sayso.errors import BadInput, ConfigError
from sayso.events import EndOfStream, Event, Transcript
from sayso.runtime.pool import Priority, PriorityPool
from sayso.runtime.runner import Pipeline
from sayso.runtime.stage import Stage, run_blocking
from sayso.tts.cache import CachedTts, ReplyAudioCache
from sayso.understanding.understand import Understander, Understood

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from sayso.actions.handlers import ActionHandler
    from sayso.app.prepare import ReplyPreparer
    from sayso.asr.base import AsrEngine
    from sayso.dialogue.confirm import ConfirmationGate
    from sayso.dialogue.memory import MemoryStore
    from sayso.llm.brain import Brain
    from sayso.tts.base import TtsEngine
    from sayso.tts.voices import VoiceBook
    from sayso.understanding.base import IntentRecognizer
    from sayso.understanding.response_book import ResponseBook
    from sayso.vad.base import VadEngine

DEFAULT_SESSION = "default"
"""Conversation used by callers that name none (one-shot turns, single-user clients)."""


class Pipelines:
    """Builds stages from the engines `Assistant.load()` set (the attributes declared here)."""

    settings: Settings
    executor: PriorityPool
    vad: VadEngine | None
    asr: AsrEngine | None
    recognizer: IntentRecognizer | None
    tts: TtsEngine | None
    voices: VoiceBook | None
    responses: ResponseBook | None
    brain: Brain | None
    confirm: ConfirmationGate | None
    memory: MemoryStore | None
    reply_audio: ReplyAudioCache

    @property
    def understander(self) -> Understander:
        """The understanding step every turn runs (`Assistant` provides it once loaded)."""
        raise NotImplementedError

    def _handler(self) -> ActionHandler:
        """The loaded action handler (`Assistant` provides it)."""
        raise NotImplementedError

    def take_notices(self) -> list[str]:
        """Pending announcements, handed out once (`Assistant` provides them)."""
        raise NotImplementedError

    async def understand(
        self, transcript: Transcript, *, priority: Priority = Priority.INTERACTIVE
    ) -> Understood:
        """The understanding step for one transcript, in the inference pool."""
        understand = self.understander.understand
        return await run_blocking(lambda: understand(transcript), self.executor.at(priority))

    def read_typed(self, text: str, language: str) -> Understood:
        """`text` read as typed in `language` (a follow-up's rewrite: "turn off the fan")."""
        return self.understander.understand(Transcript(text=text, language=language, typed=True))

    def expected_answers(self, session_id: str) -> tuple[str, ...]:
        """The answers session `session_id` expects now, decoded first by its next spoken turn.

        Yes/no while a confirmation is pending (in English, and in the language the question
        was asked in); the offered names and places after "which one?" (`choosing.answers`).
        """
        from sayso.dialogue import asking, choosing, follow_ups
        from sayso.dialogue.confirm import ANSWERS

        pending = self.confirm.pending(session_id) if self.confirm is not None else None
        if pending is not None:
            return ANSWERS + asking.answers(getattr(pending.payload, "language", ""))
        if self.memory is None:
            return ()
        home = self._handler().home
        referent = follow_ups.current(self.memory.session(session_id), home)
        if referent is None or not referent.unresolved:
            return ()
        return choosing.answers(referent, home)

    def reply_stages(
        self,
        session_id: str = DEFAULT_SESSION,
        *,
        authorized: bool = False,
        speak: bool = True,
        priority: Priority = Priority.INTERACTIVE,
    ) -> list[Stage]:
        """Stages from an understood turn (`IntentRecognized` / `NoIntent`) to the reply.

        `authorized` pre-approves the sensitive actions of these turns (an explicit `--yes`);
        otherwise sending a message or unlocking waits for a "yes" on a later turn. `speak=False`
        ends at the reply text (the Wyoming server's handle step; its client speaks). `priority`
        is where their inference waits in the pool (a live session's turns come first).
        """
        executor = self.executor.at(priority, key=session_id)  # sessions take turns in the pool
        from sayso.app.action_stage import GuardedActionStage
        from sayso.llm.fallback import BrainFallback

        if self.confirm is None or self.memory is None:
            raise ConfigError("the assistant is not loaded: call Assistant(...).load()")
        fallback = None
        if self.brain is not None:
            fallback = BrainFallback(self.brain, session_id, authorized=authorized)
        stages: list[Stage] = [
            GuardedActionStage(
                self._handler(),
                self.confirm,
                self.memory,
                session_id,
                brain=self.brain,
                authorized=authorized,
                executor=executor,
                reread=self.read_typed,
            ),
            ReplyStage(
                fallback=fallback,
                cancel=fallback.cancel if fallback else None,
                localized=self.responses.not_understood if self.responses else None,
                answers=self.brain.speaks if self.brain is not None else None,
                memory=self.memory.session(session_id),
            ),
        ]
        if speak and self.tts is not None:
            stages.append(self._tts_stage(executor))
        return stages

    def speech_stages(self, session_id: str, *, priority: Priority) -> list[Stage]:
        """Stages that only speak a given `ReplyText` (an announcement), in the reply's voice."""
        executor = self.executor.at(priority, key=session_id)
        return [self._tts_stage(executor)] if self.tts is not None else []

    def _tts_stage(self, executor: Executor) -> Stage:
        """The TTS stage; recurring sentences come from the reply audio cache, per voice."""
        from sayso.tts.stage import TtsStage

        tts, voices = self._cached_voices()
        return TtsStage(tts, speed=self.settings.tts.speed, executor=executor, voices=voices)

    def _cached_voices(self) -> tuple[TtsEngine, Callable[[str], TtsEngine] | None]:
        """The main voice and the per-language voices, each answering from the reply cache."""
        assert self.tts is not None
        voice = self.settings.tts.voice or self.settings.tts.engine
        cache, book = self.reply_audio, self.voices
        voices = None
        if book is not None:

            def voices(language: str) -> TtsEngine:
                return CachedTts(book(language), cache, f"{voice}|{language}")

        return CachedTts(self.tts, cache, voice), voices

    def reply_preparer(self, session_id: str = DEFAULT_SESSION) -> ReplyPreparer:
        """Prepares a session's speculative replies exactly as `reply_stages` would speak them."""
        from sayso.app.prepare import ReplyPreparer

        if self.confirm is None or self.memory is None:
            raise ConfigError("the assistant is not loaded: call Assistant(...).load()")
        voice_of = None
        if self.tts is not None:
            main, voices = self._cached_voices()

            def voice_of(language: str) -> TtsEngine:
                # As TtsStage picks: the language's voice when it has one, else the main one.
                return voices(language) if voices is not None and language else main

        return ReplyPreparer(
            self._handler(), self.confirm, self.memory, session_id, voice_of,
            speed=self.settings.tts.speed,
            brain=self.brain,
        )

    def text_stages(
        self,
        session_id: str = DEFAULT_SESSION,
        *,
        authorized: bool = False,
        speak: bool = True,
        priority: Priority = Priority.INTERACTIVE,
    ) -> list[Stage]:
        """Stages from a transcript to the reply: understanding, then `reply_stages`."""
        from sayso.understanding.stage import IntentStage

        return [
            IntentStage(
                self.understander,
                executor=self.executor.at(priority),
                expected=lambda: self.expected_answers(session_id),
            ),
            *self.reply_stages(session_id, authorized=authorized, speak=speak, priority=priority),
        ]

    def audio_stages(
        self, *, single_utterance: bool, session_id: str = DEFAULT_SESSION, authorized: bool = False
    ) -> list[Stage]:
        """Every stage from audio frames to reply audio."""
        from sayso.vad.base import fork_vad
        from sayso.vad.stage import VadStage

        if self.vad is None or self.asr is None or self.recognizer is None:
            raise ConfigError("spoken turns need the speech engines: Assistant(...).load()")
        recognizer = self.recognizer
        return [
            # Its own stream of the VAD: turns run at once (a server's requests) share the model,
            # never its state.
            VadStage(fork_vad(self.vad), self.settings.vad, single_utterance=single_utterance),
            AsrStage(
                self.asr,
                language=self.settings.asr.language,
                bias=recognizer.vocabulary if self.settings.bias_vocabulary else None,
                executor=self.executor.at(Priority.INTERACTIVE),
            ),
            *self.text_stages(session_id, authorized=authorized),
        ]

    async def run_turn(
        self,
        samples: np.ndarray,
        *,
        decode_s: float | None = None,
        session_id: str = DEFAULT_SESSION,
        authorized: bool = False,
    ) -> TurnResult:
        """One turn on a whole recording (16 kHz mono float32); see `text_stages` for the rest."""
        from sayso.audio.framing import frame_events

        turn_id = uuid.uuid4().hex[:12]
        result = TurnResult(turn_id=turn_id, notices=self.take_notices())
        result.timeline.decode_s = decode_s
        result.timeline.input_ready = time.monotonic()
        stages = self.audio_stages(
            single_utterance=True, session_id=session_id, authorized=authorized
        )
        async for event in Pipeline(stages).run(frame_events(samples, turn_id=turn_id)):
            result.observe(event)
        if result.transcript is None and not result.errors:
            raise BadInput("no speech found in the input", code="audio_no_speech")
        return result

    async def run_text(
        self, text: str, *, session_id: str = DEFAULT_SESSION, authorized: bool = False
    ) -> TurnResult:
        """One turn on typed text (skips VAD and ASR); used by tests, the LLM path and servers.

        The text is read as written (`Transcript.typed`): no correction of mishearings.
        """
        turn_id = uuid.uuid4().hex[:12]
        result = TurnResult(turn_id=turn_id, notices=self.take_notices())
        result.timeline.input_ready = time.monotonic()

        async def source() -> AsyncIterator[Event]:
            # No language: typed text is read in the default language, then the others.
            yield Transcript(turn_id=turn_id, text=text, language="", typed=True)
            yield EndOfStream(turn_id=turn_id)

        stages = self.text_stages(session_id, authorized=authorized)
        async for event in Pipeline(stages).run(source()):
            result.observe(event)
        return result
