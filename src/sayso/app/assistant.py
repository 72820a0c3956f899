"""The assistant: engines loaded once; the pipelines built from them (`app/pipelines.py`).

Construction loads nothing; `load()` loads every engine explicitly, so a command that needs only the
home (``sayso home``) or only TTS never pays for ASR. Every entry point builds its stages from the
methods `Assistant` inherits from `Pipelines` — file turns, typed turns, live sessions, the
Wyoming server — and the evaluation uses `understander`, so what is measured is what users run.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import logging
import threading
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from sayso import registry
from sayso.app.announcer import Announcer
from sayso.app.pipelines import Pipelines
from sayso.config import Settings, WakeConfig
from sayso.errors import ConfigError
from sayso.registry import EngineSource
from sayso.runtime.pool import PriorityPool
from sayso.tts.cache import ReplyAudioCache
from sayso.understanding.grammar.constrain import constrained_reader
from sayso.understanding.understand import Understander
from sayso.vad.turn_model import TurnModel, load_turn_model

if TYPE_CHECKING:
    from sayso.understanding.multilingual import MultilingualUnderstander

if TYPE_CHECKING:

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

INFERENCE_WORKERS = 2
"""Threads for blocking inference; models parallelise internally, so more would only contend."""


class Assistant(Pipelines):
    """Owns the engines; builds every pipeline from them (`Pipelines`)."""

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
        self._notices_lock = threading.Lock()
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
        self.turn_model: TurnModel | None = None
        """The audio end-of-turn model live sessions read as a cue (None: not found or off)."""
        self.reply_audio = ReplyAudioCache()
        """Audio of recent short reply sentences, reused by every reply (per voice)."""
        self._dialogue_store: Store | None = None
        self.announcer = Announcer(self)
        """Says due timers and alarms to the live sessions inside `announcing()`."""

    def load(self, *, speech: bool = True, llm: bool = True) -> Assistant:
        """Load the engines; `speech=False` skips VAD, ASR and TTS, `llm=False` the LLM."""
        from sayso.actions import open_actions
        from sayso.actions.free_words import make_sense
        from sayso.dialogue import social
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
        self.notices = self._startup_notices(self.actions, s.intents.language)
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
            asides=social.is_aside,
            sensible=make_sense,
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
            self.turn_model = load_turn_model(str(s.session.turn_model))
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
        if hasattr(recognizer, "set_live_lists"):
            recognizer.set_live_lists(live_sources(self._handler))
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

    def warm_up(self, *, wait: bool = False) -> None:
        """Prepare what the first turns would otherwise wait for (servers, live sessions).

        Constrained decoding reads and quantizes the decoder's weights on first use (about 1-3 s),
        and the LLM's first generation evaluates its prompt's head (about 1 s); a long-running
        process does both now, while no one is talking, in the background unless `wait`.
        One-shot commands skip it.
        """
        jobs: list[Callable[[], object]] = []
        prepare = getattr(self.asr, "prepare_constrained", None)
        if self.settings.asr.constrained_decoding and prepare is not None:
            jobs.append(prepare)
        if self.brain is not None:
            jobs.append(self.brain.warm_up)
        for job in jobs:
            if wait:
                job()
            else:
                threading.Thread(target=_quietly, args=(job,), daemon=True).start()

    @staticmethod
    def _warm_grammar(understander: MultilingualUnderstander) -> None:
        """Build the grammar graph now (1-2 s) rather than in the first misheard turn."""
        from sayso.understanding.grammar.correct import corrector_for

        if understander.grammar_aware:
            corrector_for(understander.recognizer).graph()

    @staticmethod
    def _startup_notices(actions: ActionHandler, language: str) -> list[str]:
        from sayso.actions.announcing import someone_announces
        from sayso.actions.timers import on_startup

        if someone_announces(actions.store.path):
            return []  # a running server says them (`actions/announcing.py`)
        now = actions.clock.now()
        zone = now.tzinfo or datetime.UTC  # the clock is always zone-aware; UTC only as a floor
        return [item.speech(zone, language) for item in on_startup(actions.store, now)]

    @contextlib.asynccontextmanager
    async def announcing(self) -> AsyncIterator[None]:
        """Say timers, alarms and timers' commands as they come due, inside the block.

        Entered by whatever keeps live sessions (the server, `sayso talk`). One-shot commands
        do not: what comes due meanwhile waits in `notices`. On exit no command is still
        running against the store.
        """
        task = self.announcer.start()
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def add_notice(self, text: str) -> None:
        """Keep `text` to say once (the announcer's thread may add while a session takes)."""
        with self._notices_lock:
            self.notices.append(text)

    def take_notices(self) -> list[str]:
        """Pending announcements, handed out once."""
        with self._notices_lock:
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



def _quietly(job: Callable[[], object]) -> None:
    """Run a warm-up job; a failure only means the first turn pays for it (logged)."""
    try:
        job()
    except Exception as exc:
        log.warning("warm-up failed (the first turn will try again): %s", exc)


def live_sources(handler: Callable[[], ActionHandler]) -> dict[str, Callable[[], list[str]]]:
    """The running timers and the items on the lists, for the recogniser's live lists.

    Read through `handler()` each time: the handler (and its store) is replaced with the state.
    """
    from sayso.actions.lists import Lists, match_list
    from sayso.actions.timers import Timers
    from sayso.understanding.hassil.live import SHOPPING_ITEM, TIMER_NAME, TIMER_STARTS, TODO_ITEM

    def shopping() -> list[str]:
        found = match_list("shopping", handler().home.lists)
        return Lists(handler().store).open_items(found) if found else []

    def starts(slot: str) -> Callable[[], list[str]]:
        return lambda: [str(t[slot]) for t in Timers(handler().store).lengths() if t.get(slot)]

    return {
        TIMER_NAME: lambda: Timers(handler().store).names(),
        **{live: starts(slot) for slot, (_range, live) in TIMER_STARTS.items()},
        TODO_ITEM: lambda: Lists(handler().store).open_items(),
        SHOPPING_ITEM: shopping,
    }
