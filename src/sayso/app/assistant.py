"""The assistant: engines loaded once, shared by every turn and session.

Construction loads nothing; `load()` loads every engine explicitly, so a command that needs only the
home (``sayso home``) or only TTS never pays for ASR.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from sayso import registry
from sayso.app.turn import TurnResult
from sayso.asr.stage import AsrStage
from sayso.config import Settings
from sayso.dialogue.reply import ReplyStage
from sayso.errors import BadInput
from sayso.events import EndOfStream, Event, Transcript
from sayso.runtime.runner import Pipeline
from sayso.runtime.stage import Stage
from sayso.understanding.grammar.shortlist import command_asr

log = logging.getLogger(__name__)

DEFAULT_SESSION = "default"
"""Conversation used by callers that name none (one-shot turns, single-user clients)."""
INFERENCE_WORKERS = 2
"""Threads for blocking inference; models parallelise internally, so more would only contend."""


class Assistant:
    """Owns the engines and builds per-turn pipelines from them."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.executor = ThreadPoolExecutor(INFERENCE_WORKERS, thread_name_prefix="sayso-infer")
        self.vad: Any = None
        self.asr: Any = None
        """The ASR engine as configured (transcription APIs use it as is)."""
        self.command_asr: Any = None
        """What spoken turns use: `asr`, with grammar rescoring when enabled."""
        self.recognizer: Any = None
        self.actions: Any = None
        self.tts: Any = None
        self.responses: Any = None
        self.notices: list[str] = []
        """What came due while nothing ran (missed alarms, finished timers), said once."""
        self.llm: Any = None
        """The loaded LLM backend, or None (engine "none", or not installed under "auto")."""
        self.brain: Any = None
        """The LLM brain answering what the fast path does not match, or None."""
        self.confirm: Any = None
        """Pending sensitive actions per session, shared by the fast path and the brain."""
        self.memory: Any = None
        """Conversation memory per session, shared by the fast path and the brain."""

    def load(self, *, speech: bool = True, llm: bool = True) -> Assistant:
        """Load the engines; `speech=False` skips VAD, ASR and TTS, `llm=False` the LLM."""
        from sayso.actions import open_actions
        from sayso.understanding.responses import ResponseRenderer

        s = self.settings
        self.responses = ResponseRenderer(s.intents.language, s.intents.custom)
        self.actions = open_actions(s, responder=self.responses.for_action)
        self.notices = self._startup_notices()
        self.recognizer = registry.create("intents", s.intents.engine, s.intents)
        self.recognizer.load()
        self.recognizer.set_home(self.actions.home.vocabulary())
        if hasattr(self.recognizer, "set_contacts"):
            self.recognizer.set_contacts(self.actions.home.contacts)
        self._warm_grammar()
        self._open_dialogue()
        if llm:
            self.load_llm()
        if speech:
            from sayso.vad import create_vad

            self.vad = create_vad(s.vad)
            self.asr = registry.create("asr", s.asr.engine, s.asr)
            self.asr.load()
            self.command_asr = command_asr(self.asr, self.recognizer, s.asr)
            self.load_tts()
        return self

    def _open_dialogue(self) -> None:
        from sayso.dialogue.confirm import ConfirmationGate
        from sayso.dialogue.memory import MemoryStore

        cfg = self.settings.llm
        self.confirm = ConfirmationGate(timeout_s=cfg.confirm_timeout_s)
        self.memory = MemoryStore(budget_tokens=cfg.budget_tokens)

    def load_llm(self) -> Any:
        """Load the LLM brain per `settings.llm` (None when the engine resolves to "none")."""
        from sayso.dialogue.policy import call_question
        from sayso.llm import factory
        from sayso.llm.tools.actions import ActionTools

        if self.brain is not None or self.actions is None:
            return self.brain
        cfg = self.settings.llm
        backend = factory.create_backend(cfg)
        if backend is None:
            return None
        backend.load()
        self.llm = backend
        self.memory.count_tokens = backend.count_tokens
        actions = ActionTools(lambda: self.actions, self.memory)
        tools = factory.build_tools(cfg, actions.tools())
        ask = call_question(lambda: self.actions, actions.last_targets)
        self.brain = factory.build_brain(cfg, backend, tools, self.memory, self.confirm, ask)
        return self.brain

    def _warm_grammar(self) -> None:
        """Build the grammar graph now (1-2 s) rather than in the first misheard turn."""
        from sayso.understanding.grammar.correct import corrector_for

        corrector_for(self.recognizer).graph()

    def _startup_notices(self) -> list[str]:
        from sayso.actions.timers import on_startup

        now = self.actions.clock.now()
        return [item.speech(now.tzinfo) for item in on_startup(self.actions.store, now)]

    def take_notices(self) -> list[str]:
        """Pending announcements, handed out once."""
        notices, self.notices = self.notices, []
        return notices

    def load_tts(self) -> Any:
        """Load only the TTS engine (for ``sayso say``)."""
        if self.tts is None:
            self.tts = registry.create("tts", self.settings.tts.engine, self.settings.tts)
            self.tts.load()
        return self.tts

    def close(self) -> None:
        """Release the inference pool and the state store."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.actions is not None:
            self.actions.store.close()

    def text_stages(
        self, session_id: str = DEFAULT_SESSION, *, authorized: bool = False
    ) -> list[Stage]:
        """Stages from transcript to reply audio, for the conversation `session_id`.

        `authorized` pre-approves the sensitive actions of these turns (an explicit `--yes`);
        otherwise sending a message or unlocking waits for a "yes" on a later turn.
        """
        from sayso.app.action_stage import GuardedActionStage
        from sayso.llm.fallback import BrainFallback
        from sayso.tts.stage import TtsStage
        from sayso.understanding.stage import IntentStage

        fallback = None
        if self.brain is not None:
            fallback = BrainFallback(self.brain, session_id, authorized=authorized)
        stages: list[Stage] = [
            IntentStage(self.recognizer),
            GuardedActionStage(
                self.actions,
                self.confirm,
                self.memory,
                session_id,
                brain=self.brain,
                authorized=authorized,
                executor=self.executor,
            ),
            ReplyStage(fallback=fallback, cancel=fallback.cancel if fallback else None),
        ]
        if self.tts is not None:
            stages.append(TtsStage(self.tts, speed=self.settings.tts.speed, executor=self.executor))
        return stages

    def audio_stages(
        self, *, single_utterance: bool, session_id: str = DEFAULT_SESSION, authorized: bool = False
    ) -> list[Stage]:
        """Every stage from audio frames to reply audio."""
        from sayso.vad.stage import VadStage

        return [
            VadStage(self.vad, self.settings.vad, single_utterance=single_utterance),
            AsrStage(
                self.command_asr,
                language=self.settings.asr.language,
                bias=self.recognizer.vocabulary if self.settings.bias_vocabulary else None,
                executor=self.executor,
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
        pipeline = Pipeline(stages)
        async for event in pipeline.run(frame_events(samples, turn_id=turn_id)):
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
