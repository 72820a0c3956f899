"""The assistant: engines loaded once, and the one place every pipeline is assembled.

Construction loads nothing; `load()` loads every engine explicitly, so a command that needs only the
home (``sayso home``) or only TTS never pays for ASR. Every entry point builds its stages here —
file turns (`run_turn`), typed turns (`run_text`), live sessions (`understand` + `reply_stages`),
the Wyoming server (`reply_stages(speak=False)`) and the evaluation (`understander`) — so what is
measured is what users run.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import numpy as np

from sayso import registry
from sayso.app.turn import TurnResult
from sayso.asr.stage import AsrStage
from sayso.config import Settings
from sayso.dialogue.reply import ReplyStage
from sayso.errors import BadInput, ConfigError
from sayso.events import EndOfStream, Event, Transcript
from sayso.runtime.pool import Priority, PriorityPool
from sayso.runtime.runner import Pipeline
from sayso.runtime.stage import Stage, run_blocking
from sayso.understanding.understand import Understander, Understood

if TYPE_CHECKING:
    from sayso.actions.handlers import ActionHandler
    from sayso.actions.store import Store
    from sayso.asr.base import AsrEngine
    from sayso.dialogue.confirm import ConfirmationGate
    from sayso.dialogue.memory import MemoryStore
    from sayso.llm.base import LlmBackend
    from sayso.llm.brain import Brain
    from sayso.tts.base import TtsEngine
    from sayso.understanding.base import IntentRecognizer
    from sayso.understanding.responses import ResponseRenderer
    from sayso.vad.base import VadEngine

log = logging.getLogger(__name__)

DEFAULT_SESSION = "default"
"""Conversation used by callers that name none (one-shot turns, single-user clients)."""
INFERENCE_WORKERS = 2
"""Threads for blocking inference; models parallelise internally, so more would only contend."""


class Assistant:
    """Owns the engines and builds every pipeline from them."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.executor = PriorityPool(INFERENCE_WORKERS)
        """Blocking inference of every turn, session and request, served by priority."""
        self.vad: VadEngine | None = None
        self.asr: AsrEngine | None = None
        self.recognizer: IntentRecognizer | None = None
        self._understander: Understander | None = None
        self.actions: ActionHandler | None = None
        self.tts: TtsEngine | None = None
        self.responses: ResponseRenderer | None = None
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
        self._dialogue_store: Store | None = None

    def load(self, *, speech: bool = True, llm: bool = True) -> Assistant:
        """Load the engines; `speech=False` skips VAD, ASR and TTS, `llm=False` the LLM."""
        from sayso.actions import open_actions
        from sayso.understanding.responses import ResponseRenderer

        s = self.settings
        self.responses = ResponseRenderer(s.intents.language, s.intents.custom)
        self.actions = open_actions(s, responder=self.responses.for_action)
        self.notices = self._startup_notices(self.actions)
        recognizer: IntentRecognizer = registry.create("intents", s.intents.engine, s.intents)
        recognizer.load()
        recognizer.set_home(self.actions.home.vocabulary())
        recognizer.set_contacts(self.actions.home.contacts)
        self.recognizer = recognizer
        self._understander = Understander(recognizer, rescoring=s.asr)
        self._warm_grammar(recognizer)
        self._open_dialogue()
        if llm:
            self.load_llm()
        if speech:
            from sayso.vad import create_vad

            self.vad = create_vad(s.vad)
            asr: AsrEngine = registry.create("asr", s.asr.engine, s.asr)
            asr.load()
            self.asr = asr
            self.load_tts()
        return self

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
        backend = factory.create_backend(cfg)
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

    def _handler(self) -> ActionHandler:
        if self.actions is None:
            raise ConfigError("the assistant is not loaded: call Assistant(...).load()")
        return self.actions

    @staticmethod
    def _warm_grammar(recognizer: IntentRecognizer) -> None:
        """Build the grammar graph now (1-2 s) rather than in the first misheard turn."""
        from sayso.understanding.grammar.correct import corrector_for

        corrector_for(recognizer).graph()

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

    def load_tts(self) -> TtsEngine:
        """Load only the TTS engine (for ``sayso say``)."""
        if self.tts is None:
            tts: TtsEngine = registry.create("tts", self.settings.tts.engine, self.settings.tts)
            tts.load()
            self.tts = tts
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
        executor = self.executor.at(priority)
        from sayso.app.action_stage import GuardedActionStage
        from sayso.llm.fallback import BrainFallback
        from sayso.tts.stage import TtsStage

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
            ReplyStage(fallback=fallback, cancel=fallback.cancel if fallback else None),
        ]
        if speak and self.tts is not None:
            stages.append(TtsStage(self.tts, speed=self.settings.tts.speed, executor=executor))
        return stages

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
            IntentStage(self.understander, executor=self.executor.at(priority)),
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
            yield Transcript(turn_id=turn_id, text=text)
            yield EndOfStream(turn_id=turn_id)

        stages = self.text_stages(session_id, authorized=authorized)
        async for event in Pipeline(stages).run(source()):
            result.observe(event)
        return result
