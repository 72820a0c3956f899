"""The assistant: engines loaded once, and the one place every pipeline is assembled.

Construction loads nothing; `load()` loads every engine explicitly, so a command that needs only the
home (``sayso home``) or only TTS never pays for ASR. Every entry point builds its stages here —
file turns (`run_turn`), typed turns (`run_text`), live sessions (`understand` + `reply_stages`),
the Wyoming server (`reply_stages(speak=False)`) and the evaluation (`understander`) — so what is
measured is what users run.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from sayso import registry
from sayso.app.turn import TurnResult
from sayso.asr.stage import AsrStage
from sayso.config import Settings, WakeConfig
from sayso.dialogue.reply import ReplyStage
from sayso.errors import BadInput, ConfigError
from sayso.events import EndOfStream, Event, Transcript
from sayso.registry import EngineSource
from sayso.runtime.pool import Priority, PriorityPool
from sayso.runtime.runner import Pipeline
from sayso.runtime.stage import Stage, run_blocking
from sayso.tts.cache import CachedTts, ReplyAudioCache
from sayso.understanding.grammar.constrain import constrained_reader
from sayso.understanding.understand import Understander, Understood

if TYPE_CHECKING:
    from sayso.app.prepare import ReplyPreparer
    from sayso.understanding.multilingual import MultilingualUnderstander

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from sayso.actions.handlers import ActionHandler
    from sayso.actions.store import Store
    from sayso.asr.base import AsrEngine
    from sayso.dialogue.confirm import ConfirmationGate
    from sayso.dialogue.memory import MemoryStore
    from sayso.llm.base import LlmBackend
    from sayso.llm.brain import Brain
    from sayso.tts.base import TtsEngine
    from sayso.tts.voices import VoiceBook
    from sayso.understanding.base import IntentRecognizer
    from sayso.understanding.response_book import ResponseBook
    from sayso.vad.base import VadEngine
    from sayso.wake.base import WakeEngine

log = logging.getLogger(__name__)

DEFAULT_SESSION = "default"
"""Conversation used by callers that name none (one-shot turns, single-user clients)."""
INFERENCE_WORKERS = 2
"""Threads for blocking inference; models parallelise internally, so more would only contend."""


class Assistant:
    """Owns the engines and builds every pipeline from them."""

    def __init__(
        self, settings: Settings | None = None, engines: EngineSource | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.engines = engines
        """Where engines come from when not built here (Ray Serve replicas: `sayso.scale`)."""
        self.executor = PriorityPool(INFERENCE_WORKERS)
        """Blocking inference of every turn, session and request, served by priority."""
        self.vad: VadEngine | None = None
        self.asr: AsrEngine | None = None
        self.recognizer: IntentRecognizer | None = None
        self._understander: Understander | None = None
        self.actions: ActionHandler | None = None
        self.tts: TtsEngine | None = None
        self.voices: VoiceBook | None = None
        """The voice per reply language (the main `tts` for its own language)."""
        self.responses: ResponseBook | None = None
        self.notices: list[str] = []
        """What came due while nothing ran (missed alarms, finished timers), said once."""
        self.llm: LlmBackend | None = None
        """The loaded LLM backend, or None (engine "none", or not installed under "auto")."""
        self.brain: Brain | None = None
        """The LLM brain answering what the fast path does not match, or None."""
        self.confirm: ConfirmationGate | None = None
        """Pending sensitive actions per session, shared by the fast path and the brain."""
        self.memory: MemoryStore | None = None
        """Conversation memory per session, shared by the fast path and the brain."""
        self._wake: dict[tuple[str, str], WakeEngine] = {}
        self.reply_audio = ReplyAudioCache()
        """Audio of recent short reply sentences, reused by every reply (per voice)."""
        self._dialogue_store: Store | None = None

    def load(self, *, speech: bool = True, llm: bool = True) -> Assistant:
        """Load the engines; `speech=False` skips VAD, ASR and TTS, `llm=False` the LLM."""
        from sayso.actions import open_actions
        from sayso.understanding.multilingual import MultilingualUnderstander
        from sayso.understanding.response_book import ResponseBook

        s = self.settings
        self.responses = ResponseBook(s.intents.language, s.intents.custom)
        self.actions = open_actions(
            s, responder=self.responses.for_action, failure_text=self.responses.failure
        )
        home = self.actions.home
        self.responses.localize = lambda entity_id, language: home.display_name(
            entity_id, "", language
        ) or None
        self.notices = self._startup_notices(self.actions)
        recognizer = self.load_recognizer(s.intents.language)
        self.recognizer = recognizer
        self._understander = MultilingualUnderstander(
            recognizer,
            language=s.intents.language,
            others=s.intents.languages,
            build=self.load_recognizer,
            rescoring=s.asr,
            constrained=constrained_reader(s, recognizer),
            readers=lambda other: constrained_reader(s, other),
        )
        self._warm_grammar(self._understander)
        self._open_dialogue()
        if llm:
            self.load_llm()
        if speech:
            from sayso.vad import create_vad

            self.vad = create_vad(s.vad)
            # Detection chooses among the languages the assistant understands.
            asr_cfg = dataclasses.replace(
                s.asr, languages=s.asr.languages or s.intents.all_languages
            )
            asr: AsrEngine = self._provided("asr", asr_cfg) or registry.create(
                "asr", s.asr.engine, asr_cfg
            )
            asr.load()
            self.asr = asr
            if asr.capabilities.languages == ("en",) and s.intents.all_languages != ("en",):
                # German intents behind tiny.en hear German as English words: say why up front.
                log.warning(
                    "ASR model %s is English-only; intents in %s need a multilingual model "
                    "(asr.model: base)", s.asr.model, ", ".join(s.intents.all_languages)
                )
            self.load_tts()
            if s.wake.enabled:  # a missing extra or model fails here, before any session
                self.wake_engine(s.wake)
        return self

    def load_recognizer(self, language: str) -> IntentRecognizer:
        """The loaded recogniser of `language`, with the home's names in that language.

        Custom intent files are in the default language; other languages get HA's intents only.
        """
        s = self.settings
        cfg = dataclasses.replace(s.intents, language=language, languages=())
        if language != s.intents.language:
            cfg = dataclasses.replace(cfg, custom=(), builtin=True)
        recognizer: IntentRecognizer = registry.create("intents", cfg.engine, cfg)
        recognizer.load()
        home = self._handler().home
        recognizer.set_home(home.vocabulary(language))
        recognizer.set_contacts(home.contacts)
        return recognizer

    @property
    def understander(self) -> Understander:
        """The understanding step every turn runs (after `load()`)."""
        if self._understander is None:
            raise ConfigError("the assistant is not loaded: call Assistant(...).load()")
        return self._understander

    def _open_dialogue(self) -> None:
        """Confirmations and memory, kept in the state database so a restart keeps them."""
        from sayso.dialogue.confirm import ConfirmationGate
        from sayso.dialogue.memory import MemoryStore
        from sayso.dialogue.persist import ConversationTable, PendingTable

        cfg = self.settings.llm
        pending = PendingTable(self._state_store)
        self.confirm = ConfirmationGate(timeout_s=cfg.confirm_timeout_s, table=pending)
        table = ConversationTable(self._state_store)
        self.memory = MemoryStore(budget_tokens=cfg.budget_tokens, table=table)

    def _state_store(self) -> Store | None:
        """The current state store; memories read from a previous one are dropped."""
        store = self.actions.store if self.actions is not None else None
        if store is not self._dialogue_store and self.memory is not None:
            self.memory.reset_cache()  # the assistant was pointed at another state file
        self._dialogue_store = store
        return store

    def load_llm(self) -> Brain | None:
        """Load the LLM brain per `settings.llm` (None when the engine resolves to "none")."""
        from sayso.dialogue.policy import call_question
        from sayso.llm import factory
        from sayso.llm.tools.actions import ActionTools
        from sayso.llm.tools.grounding import ToolGrounding

        if self.brain is not None or self.actions is None:
            return self.brain
        if self.memory is None or self.confirm is None:
            self._open_dialogue()
        assert self.memory is not None and self.confirm is not None
        cfg = self.settings.llm
        backend = self._provided("llm", cfg) or factory.create_backend(cfg)
        if backend is None:
            return None
        backend.load()
        factory.attach_retriever(cfg, backend, self._handler().home)
        self.llm = backend
        self.memory.count_tokens = backend.count_tokens
        actions = ActionTools(lambda: self._handler(), self.memory)
        tools = factory.build_tools(cfg, actions.tools())
        ask = call_question(lambda: self._handler(), actions.last_targets)
        ground = ToolGrounding(lambda: self._handler(), actions.last_targets)
        self.brain = factory.build_brain(
            cfg, backend, tools, self.memory, self.confirm, ask, ground
        )
        return self.brain

    def _provided(self, kind: str, config: object) -> Any:
        """The engine `self.engines` provides for `kind`, or None to build it here."""
        return self.engines.create(kind, config) if self.engines is not None else None

    def _handler(self) -> ActionHandler:
        if self.actions is None:
            raise ConfigError("the assistant is not loaded: call Assistant(...).load()")
        return self.actions

    def warm_up(self) -> None:
        """Prepare in the background what the first turns would otherwise wait for (servers).

        Constrained decoding reads and quantizes the decoder's weights on first use (about 1-3 s);
        a long-running process does it now, while no one is talking. One-shot commands skip it.
        """
        prepare = getattr(self.asr, "prepare_constrained", None)
        if self.settings.asr.constrained_decoding and prepare is not None:
            threading.Thread(target=_quietly, args=(prepare,), daemon=True).start()

    @staticmethod
    def _warm_grammar(understander: MultilingualUnderstander) -> None:
        """Build the grammar graph now (1-2 s) rather than in the first misheard turn."""
        from sayso.understanding.grammar.correct import corrector_for

        if understander.grammar_aware:
            corrector_for(understander.recognizer).graph()

    @staticmethod
    def _startup_notices(actions: ActionHandler) -> list[str]:
        from sayso.actions.timers import on_startup

        now = actions.clock.now()
        zone = now.tzinfo or datetime.UTC  # the clock is always zone-aware; UTC only as a floor
        return [item.speech(zone) for item in on_startup(actions.store, now)]

    def take_notices(self) -> list[str]:
        """Pending announcements, handed out once."""
        notices, self.notices = self.notices, []
        return notices

    def wake_engine(self, config: WakeConfig) -> WakeEngine:
        """The wake-word engine of `config`, loaded on first use and shared (blocking: ~0.1 s)."""
        key = (config.engine, config.model)
        engine = self._wake.get(key)
        if engine is None:
            from sayso.wake import create_wake

            engine = self._wake[key] = create_wake(config)
        return engine

    def load_tts(self) -> TtsEngine:
        """Load only the TTS engine (for ``sayso say``)."""
        if self.tts is None:
            from sayso.tts.voices import VoiceBook

            cfg = self.settings.tts
            tts: TtsEngine = self._provided("tts", cfg) or registry.create("tts", cfg.engine, cfg)
            tts.load()
            self.tts = tts
            self.voices = VoiceBook(self.settings.tts, tts)
        return self.tts

    def close(self) -> None:
        """Release the inference pool and the state store."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.actions is not None:
            self.actions.store.close()

    # ---- assembly: every pipeline is built here --------------------------------------------

    async def understand(
        self, transcript: Transcript, *, priority: Priority = Priority.INTERACTIVE
    ) -> Understood:
        """The understanding step for one transcript, in the inference pool."""
        understand = self.understander.understand
        return await run_blocking(lambda: understand(transcript), self.executor.at(priority))

    def expected_answers(self, session_id: str) -> tuple[str, ...]:
        """The answers session `session_id` expects now: yes/no while a confirmation is pending."""
        from sayso.dialogue.confirm import ANSWERS

        return ANSWERS if self.confirm is not None and self.confirm.pending(session_id) else ()

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
            ),
            ReplyStage(
                fallback=fallback,
                cancel=fallback.cancel if fallback else None,
                localized=self.responses.not_understood if self.responses else None,
            ),
        ]
        if speak and self.tts is not None:
            stages.append(self._tts_stage(executor))
        return stages

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
        from sayso.vad.stage import VadStage

        if self.vad is None or self.asr is None or self.recognizer is None:
            raise ConfigError("spoken turns need the speech engines: Assistant(...).load()")
        recognizer = self.recognizer
        return [
            VadStage(self.vad, self.settings.vad, single_utterance=single_utterance),
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
        """One turn on text (skips VAD and ASR); used by tests, the LLM path and servers."""
        turn_id = uuid.uuid4().hex[:12]
        result = TurnResult(turn_id=turn_id, notices=self.take_notices())
        result.timeline.input_ready = time.monotonic()

        async def source() -> AsyncIterator[Event]:
            # No language: typed text is read in the default language, then the others.
            yield Transcript(turn_id=turn_id, text=text, language="")
            yield EndOfStream(turn_id=turn_id)

        stages = self.text_stages(session_id, authorized=authorized)
        async for event in Pipeline(stages).run(source()):
            result.observe(event)
        return result


def _quietly(job: Callable[[], object]) -> None:
    """Run a warm-up job; a failure only means the first turn pays for it (logged)."""
    try:
        job()
    except Exception as exc:
        log.warning("warm-up failed (the first turn will try again): %s", exc)
