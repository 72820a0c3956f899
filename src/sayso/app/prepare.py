"""A turn's reply prepared before the turn ends: plan the action, synthesise the first audio.

While the user's trailing silence runs, the speculative recognition already knows what was said
and meant. For a command the action stage would carry out at once, this computes the action's
plan (what it would change and say; nothing changes: `ActionHandler.plan`) and synthesises the
reply's first sentence into the reply audio cache (`tts/cache.py`) under exactly the key the TTS
stage will look up. Nothing is emitted or played.

At the endpoint the turn runs the ordinary reply pipeline: the action stage applies the intent in
its committed transaction and the TTS stage finds the first sentence already synthesised. So the
commit path is the one every turn takes (a confirmation, a question, a state that moved since the
plan all behave as without speculation); preparation can only make it faster. A discarded
speculation leaves at most a sentence in the bounded cache.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from sayso.actions.handlers import ActionHandler, ActionPlan
from sayso.app.action_stage import GuardedActionStage, acts_at_once
from sayso.dialogue import awaiting, follow_ups, repeat, social
from sayso.dialogue.confirm import ConfirmationGate
from sayso.dialogue.memory import MemoryStore
from sayso.events import NoIntent
from sayso.tts.base import TtsEngine
from sayso.tts.sentences import split_sentences
from sayso.understanding.understand import Understood

if TYPE_CHECKING:
    from sayso.llm.brain import Brain

VoiceOf = Callable[[str], TtsEngine]
"""Reply language → the (cached) voice the TTS stage speaks it with."""


@dataclasses.dataclass(frozen=True)
class PreparedReply:
    """A reply made ready during the trailing silence."""

    plan: ActionPlan
    """The action's plan; the commit applies its intent."""
    text: str
    """The reply the plan says."""
    first_sentence: str
    """The sentence whose audio is in the reply audio cache ("" when there was none)."""


@dataclasses.dataclass(frozen=True)
class ReplyPreparer:
    """Prepares the replies of one session's speculative turns (blocking; run it in the pool)."""

    handler: ActionHandler
    gate: ConfirmationGate
    memory: MemoryStore
    session: str
    voice_of: VoiceOf | None
    """None: no TTS (nothing to synthesise, the plan is still made)."""
    speed: float = 1.0
    brain: Brain | None = None
    """Starts the LLM's answer to what no intent matched (`llm/prefetch.py`); None: not."""

    def prepare(self, understood: Understood, *, llm: bool = True) -> PreparedReply | None:
        """The prepared reply of `understood`, or None when its turn needs the ordinary path.

        With `llm`, an utterance no intent matched gets its LLM answer started instead (the
        brain keeps it for the turn, which takes it only if it says the same at the endpoint).
        """
        if isinstance(understood, NoIntent):
            brain = self.brain
            answers = brain is not None and brain.speaks(understood.language)
            if llm and brain is not None and answers and self._open(understood):
                say = self._synthesizer(understood.language)
                brain.prefetch(understood.text, self.session, say)
            return None
        if self.brain is not None:
            # A command after all ("turn on the | kitchen light"): an answer started at an
            # earlier pause would hold the model and a core for nothing.
            self.brain.drop_prefetch(self.session)
        stage = GuardedActionStage(self.handler, self.gate, self.memory, self.session)
        intent = acts_at_once(stage, understood)
        if intent is None:
            return None
        plan = self.handler.plan(intent)
        text = plan.result.speech
        sentences = [s for s in split_sentences(text) if s.strip()]
        first = sentences[0] if sentences else ""
        say = self._synthesizer(plan.result.language)
        if first and say is not None:
            say(first)
        return PreparedReply(plan=plan, text=text, first_sentence=first)

    def _open(self, understood: NoIntent) -> bool:
        """The brain will answer this turn: no thanks, repeat, awaited value or "turn it off"."""
        text, language = understood.text, understood.language
        if not text.strip() or social.reply(text, language) is not None:
            return False
        if repeat.asked(text, language) is not None:
            return False
        if repeat.heard_asked(text, language) is not None:
            return False
        mem = self.memory.session(self.session)
        if awaiting.waits(mem.awaiting):  # may be the value a question asked for ("7 am")
            return False
        return not follow_ups.leans_on(text, mem, self.handler.home)

    def _synthesizer(self, language: str) -> Callable[[str], None] | None:
        """Synthesises a sentence into the reply audio cache in `language`'s voice (None: none)."""
        if self.voice_of is None:
            return None
        voice, speed = self.voice_of(language), self.speed

        def say(sentence: str) -> None:
            for _ in voice.synthesize(sentence, speed):
                pass  # pulled to the end: `CachedTts` keeps it

        return say
