"""Turns that lean on the last command, read for the action stage (`dialogue/follow_ups.py`).

Two readings, both through the grammar (`reread`: a text read as typed):

* `followed`: "turn it off", "and the hallway too", or the answer to "which light do you
  mean?" read as the sentence it stands for. The answer to "which one?" is also read in German,
  French and Spanish, as the device or area it names among those offered (`choosing.chosen`).
* `joined`: "turn off the kitchen light and the hallway light" read as two commands (also
  "schalte das Küchenlicht und das Flurlicht aus", "allume … et …", "enciende … y …").
* `completed`: "7 am" after "set an alarm" was asked "For what time?", read as the request with
  the answer joined to it (`dialogue/awaiting.py`).

Rewrites are read in the language of the command leaned on (a "Schalte es aus" the grammar did
not read has no language of its own).

What they return goes through the action stage like any command (`Reading.path` "follow_up"),
so a sensitive one is still asked first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from functools import partial
from typing import Final

from sayso.actions.free_words import make_sense
from sayso.actions.handlers import ActionHandler
from sayso.dialogue import awaiting, follow_ups, joined, social
from sayso.dialogue.choosing import chosen
from sayso.dialogue.follow_ups import Referent
from sayso.dialogue.fragments import changes_state, names_action
from sayso.dialogue.memory import MemoryStore
from sayso.dialogue.policy import intent_question
from sayso.events import IntentRecognized, NoIntent, Reading
from sayso.runtime.stage import run_blocking

FOLLOW_UP: Final = "follow_up"
"""`Reading.path` of a turn read as the sentence it stands for ("turn it off")."""

Reread = Callable[[str, str], IntentRecognized | NoIntent]
"""Reads a text as typed, in a language: what a rewritten turn means."""
Understood = IntentRecognized | NoIntent


@dataclasses.dataclass
class LeaningReader:
    """Reads one session's turns against its last command."""

    handler: ActionHandler
    memory: MemoryStore
    session: str
    reread: Reread
    refuses: Callable[[IntentRecognized], bool]
    """The stage's own refusals (a report, a negated action, a vague "later")."""
    executor: Executor | None = None
    authorized: bool = False

    async def followed(self, event: Understood) -> Understood:
        """The command a turn that leans on the last one stands for, or the turn as it was.

        A turn nothing read may follow up, and so may one the grammar read only by replacing the
        words heard: "And the hallway too." heard as "in the hallway too." was corrected to a
        brightness of 2 for the hallway; the words heard say more than that guess. An exact
        reading stands, except as the answer to "which one?" ("the kitchen light" reads as a
        command of its own) and a lone "pause" after a timer was set (the timer, not the music).
        A reading whose free words make no sense ("add 5 minutes to it" read as a thing to buy,
        `free_words`) does not stand either. An unanswered "which one?" is forgotten after the
        next turn that says anything.
        """
        heard = heard_of(event)
        if not heard.strip():
            return event  # a cough neither answers "which one?" nor forgets it
        mem = self.memory.session(self.session)
        referent = follow_ups.current(mem, self.handler.home)
        if referent is not None and referent.unresolved:
            mem.referent = None
        if referent is None:
            return event
        if (
            isinstance(event, IntentRecognized) and exact(event) and not referent.unresolved
            and not follow_ups.bare_timer_verb(heard, referent) and make_sense(event)
        ):
            return event
        found = await self._first(follow_ups.rewrites(heard, referent), event, referent)
        if found is None and referent.unresolved:
            found = await self._chosen(heard, referent, event)
        return found or event

    async def completed(self, event: Understood) -> IntentRecognized | None:
        """The request that asked for its value, completed by this turn ("7 am"), or None.

        Any turn with words ends the wait. Another command (an exact reading of another intent
        in the request's language), a thanks or "never mind" is not an answer; a bare value
        another language reads ("22" is a German temperature) may be.
        """
        heard = heard_of(event)
        if not heard.strip():
            return None  # a cough neither answers nor ends the wait
        mem = self.memory.session(self.session)
        asked, mem.awaiting = mem.awaiting, None
        if asked is None:
            return None
        said_as = asked.key in awaiting.JOINED_AS_SAID
        if not said_as and social.reply(heard, asked.language) is not None:
            return None  # a thanks is no value; a message may be "I'm home" or "love you"
        if (
            isinstance(event, IntentRecognized) and exact(event)
            and event.intent != asked.intent and event.language == asked.language
        ):
            return None
        for text in awaiting.completions(asked, heard):
            found = await self._read(text, event, asked.language)
            if found is not None and found.intent == asked.intent:
                return found
        return None

    async def joined(self, event: Understood) -> tuple[IntentRecognized, IntentRecognized] | None:
        """Two commands joined by "and" that the grammar reads one by one, both to run at once.

        "turn off the kitchen light and the hallway light", "turn on the lights in the kitchen
        and the living room": the first half names its action; the second reads on its own when
        it names one too, else as "… too" of the first. Either needing a question (an unlock),
        or failing its plan ("which fan?"), leaves the turn as it was. The words heard are read,
        also where the grammar took a sentence they do not say whole (the constrained decode
        heard "turn off the kitchen light" and left "and the hallway light" out).
        """
        heard = heard_of(event)
        for language in joined.joining_languages(heard, event.language):
            for left, right in joined.halves(heard, language):
                both = await self._both(left, right, event, language)
                if both is not None:
                    return both
        return None

    async def _both(
        self, left: str, right: str, event: Understood, language: str
    ) -> tuple[IntentRecognized, IntentRecognized] | None:
        if not names_action(left, language):
            return None  # "kitchen light and hallway light": two bare names ask first, alone
        first = await self._read(left, event, language)
        if first is None or not await self._at_once(first):
            return None
        second = None
        if names_action(right, language):
            second = await self._read(right, event, language)
        referent = follow_ups.referent_of(first, self.handler.home, ())
        if second is None and referent is not None:
            second = await self._first(follow_ups.more(right, referent), event, referent)
        if second is not None and await self._at_once(second):
            return first, second
        return None

    async def _first(
        self, rewrites: Iterable[tuple[str, str | None]], event: Understood, referent: Referent
    ) -> IntentRecognized | None:
        """The first rewrite that reads as its intent and names its own target of that kind."""
        home = self.handler.home
        for text, meant in rewrites:
            found = await self._read(text, event, referent.language)
            if found is None or meant not in (None, found.intent):
                continue
            if follow_ups.narrows(found, referent, home):
                return found
        return None

    async def _chosen(
        self, heard: str, referent: Referent, event: Understood
    ) -> IntentRecognized | None:
        """The command asked "which one?" with the answer's device or area in it, any language."""
        slot = chosen(heard, referent, self.handler.home)
        if slot is None:
            return None
        asked = await self._read(referent.text, event, referent.language)
        if asked is None or asked.intent != referent.intent:
            return None
        kept = tuple(s for s in asked.slots if s.name not in ("name", "area", "floor"))
        return dataclasses.replace(asked, slots=(*kept, slot))

    async def _read(
        self, text: str, event: Understood, language: str | None = None
    ) -> IntentRecognized | None:
        language = language or event.language
        found = await run_blocking(partial(self.reread, text, language), self.executor)
        if not isinstance(found, IntentRecognized):
            return None
        return dataclasses.replace(
            found, turn_id=event.turn_id, t_source=event.t_source,
            reading=Reading(FOLLOW_UP, text=text, heard=heard_of(event)),
        )  # fmt: skip

    async def _at_once(self, intent: IntentRecognized) -> bool:
        """A state change that runs without a question and would succeed (its plan says so)."""
        if not changes_state(intent.intent) or self.refuses(intent):
            return False
        if not self.authorized and intent_question(self.handler, intent) is not None:
            return False
        plan = await run_blocking(partial(self.handler.plan, intent), self.executor)
        return plan.result.success


def exact(intent: IntentRecognized) -> bool:
    """The grammar read the words heard as they are (no correction, no constrained decode)."""
    return intent.reading is None or intent.reading.path == "exact"


def heard_of(event: Understood) -> str:
    """The words heard: a corrected or constrained reading keeps them in `Reading.heard`."""
    if isinstance(event, IntentRecognized) and event.reading is not None and event.reading.heard:
        return event.reading.heard
    return event.text
