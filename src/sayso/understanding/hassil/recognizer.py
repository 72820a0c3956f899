"""Fast-path understanding with hassil and the Home Assistant intent templates.

Matching follows Home Assistant's default agent: one `recognize_best` over all templates, with
user sentences first (`best_metadata_key`) and an entity-name match preferred over a wildcard or
area reading (`best_slot_name="name"`); ties go to fewer wildcards and more literal text. The
supported intents and the slot value contract are in INTENTS.md next to this file.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable, Mapping
from typing import Any, Final

from hassil import (
    Intents,
    SlotList,
    TextChunk,
    TextSlotList,
    TextSlotValue,
    filter_intents,
    recognize_best,
)
from hassil.recognize import RecognizeResult
from sayso.config import IntentsConfig
from sayso.constants import MS_PER_SECOND
from sayso.errors import NotLoaded
from sayso.events.understanding import IntentRecognized
from sayso.understanding.base import HomeVocabulary
from sayso.understanding.hassil.elision import spelled_out, without_back
from sayso.understanding.hassil.later import may_run_later
from sayso.understanding.hassil.live import LiveLists, NameSource
from sayso.understanding.hassil.loading import CUSTOM_METADATA_KEY, load_intents_dict
from sayso.understanding.hassil.ranges import separate_scaled_ranges
from sayso.understanding.hassil.sensor_questions import as_sensor_question, with_question_blocks
from sayso.understanding.hassil.slots import (
    TODO_DOMAIN,
    home_slot_lists,
    list_item_slots,
    to_slots,
)
from sayso.understanding.script import in_script

log = logging.getLogger(__name__)
NO_RECIPIENT: dict[str, frozenset[str]] = {
    "en": frozenset({"me", "myself", "us", "you", "him", "her", "them", "it"}),
}
"""Per language, words a spoken (wildcard) message recipient cannot be (`_addressed_to_nobody`)."""

DELAYED_SLOT = "conversation_command"
"""HA's slot of a command to run when a timer ends ("turn off the light in 5 minutes")."""
TIMER_INTENT = "HassStartTimer"
SETS_ITS_OWN_TIME: Final = frozenset({TIMER_INTENT, "SaysoSetAlarm", "SaysoMoveAlarm"})
"""Requests that are themselves about when: never a command a timer runs later ("set an alarm in
2 hours" is an alarm in two hours, not "set an alarm" asked again two hours from now)."""
_DELAYED = DELAYED_SLOT + "}"
"""How templates name the slot: `{conversation_command}`, `{timer_command:conversation_command}`."""

HERE_PLACEHOLDER = "<here>"
"""Stands for "the area the assistant is in" when it is unknown.

HA's "turn on the lights" / "set the temperature to 21" blocks require an area in the context
(the satellite's area); without one they never match. The placeholder lets them match and is
removed from the slots, so the action sees no area and picks the only or nearest device.
"""

_WARM_UP = ("turn on the light", "set the brightness to 50 percent", "add milk to my list")
"""Parsing templates and number words is lazy in hassil (~0.4 s); load() pays it up front."""


class HassilRecognizer:
    """Intent recognition from Home Assistant's templates plus bundled and user YAML files."""

    def __init__(self, config: IntentsConfig | None = None) -> None:
        self._config = config or IntentsConfig()
        self._all: Intents | None = None
        self._intents: Intents | None = None
        self._home = HomeVocabulary()
        self._home_set = False
        self._contacts: tuple[str, ...] = ()
        self._here: str | None = None
        self._slot_lists: dict[str, SlotList] = {}
        self._custom_values: tuple[str, ...] = ()
        self._live: LiveLists | None = None
        self._live_fallback: Intents | None = None
        """The live lists' templates with HA's wildcards, read when nothing else parses."""
        self._undelayed: tuple[Intents, Intents] | None = None
        """(grammar, the grammar without delayed commands): `_without_delayed`'s copy."""
        self.last_elapsed_ms = 0.0
        """Time the last `recognize` call took, in milliseconds."""

    @property
    def language(self) -> str:
        """Language of the templates."""
        return self._config.language

    def load(self) -> None:
        """Load and merge the templates; a bad user file raises ConfigError naming it."""
        merged = load_intents_dict(
            self._config.language, tuple(self._config.custom), builtin=self._config.builtin
        )
        self._all = Intents.from_dict(merged)
        separate_scaled_ranges(self._all, self._config.language)
        self._custom_values = tuple(_custom_list_values(self._all))
        self._rebuild()
        for text in _WARM_UP:
            self.recognize(text)

    def set_home(self, home: HomeVocabulary) -> None:
        """Use these device, area, floor and list names; drop templates for absent domains."""
        self._home = home
        self._home_set = True
        self._rebuild()

    def set_contacts(self, contacts: Iterable[str]) -> None:
        """Names that fill {contact} of SaysoSendMessage (other names match as a wildcard)."""
        self._contacts = tuple(contacts)
        self._slot_lists = home_slot_lists(self._home, self._contacts)

    def set_live_lists(self, sources: Mapping[str, NameSource]) -> None:
        """Where the live lists' values come from (`live.REFERRING`), read at each recognition.

        "Pause the pizza timer" can name only a running timer, "check apples off my list" only an
        item on a list (`live.py`); without a source, any name is taken as heard.
        """
        self._live = LiveLists(sources, self._config.language) if sources else None
        self._live_fallback = None
        self._rebuild()

    def live_values(self) -> dict[str, tuple[str, ...]]:
        """The live lists' current values (for the token automaton), read now."""
        if self._live is None:
            return {}
        self._live.refresh(self._intents)
        return self._live.values()

    def set_here(self, area: str | None) -> None:
        """The area the assistant is in: fills `area` for "turn on the lights" style commands."""
        self._here = area

    def recognize(self, text: str) -> IntentRecognized | None:
        """Best intent for `text`, or None when nothing matches."""
        if self._intents is None:
            raise NotLoaded("intent recogniser used before load()")
        # A constrained decode may write Chinese in traditional characters (both are allowed).
        text = in_script(text.strip(), self._config.language)
        if not text:
            return None
        started = time.perf_counter()
        if self._live is not None:
            self._live.refresh(self._intents)
        result = self._best(text)
        missed = False
        if (result is None or _last_resort(result)) and self._live_fallback is not None:
            # A last-resort reading ("add …" as a thing to buy) yields to a command whose live
            # name is not there ("add 5 minutes to the pizza timer" with no pizza timer).
            found = self._best(text, self._live_fallback)
            if found is not None:
                result, missed = found, True
        if result is None or _wildcard(result):
            # "minuteur d'une heure": templates spell "de une" (hassil matches whole words).
            spelled = spelled_out(text, self._config.language) or without_back(
                text, self._config.language
            )
            other = self._best(spelled) if spelled else None
            if other is not None and _fewer_free_words(other, result):
                result, missed = other, False
        then = self._delayed(result) if result is not None else None
        if result is not None and DELAYED_SLOT in result.entities and (not then or then.free_words):
            # Not a command, or one with free words that the amount may belong to ("send a
            # message to mom saying I'm home in 5 minutes"): read it as anything else the
            # grammar allows, or (not a command) not at all.
            other = self._best(text, self._without_delayed())
            fallback = self._live_fallback
            if (other is None or _last_resort(other)) and then is None and fallback is not None:
                # "Pause timer for 1 hour" with no such timer: the timer command, as HA reads it
                # (a live name is missing), not "pause timer" switched for an hour.
                live = self._best(text, without_delayed(fallback))
                if live is not None:
                    other, missed = live, True
            if then is None or other is not None:
                result, then = other, None
        if result is not None and _addressed_to_nobody(result, self._config.language):
            result = None
        self.last_elapsed_ms = (time.perf_counter() - started) * MS_PER_SECOND
        log.debug("recognised %r in %.1f ms", text, self.last_elapsed_ms)
        return None if result is None else self._to_event(text, result, missed, then)

    def _delayed(self, result: RecognizeResult) -> IntentRecognized | None:
        """The command a timer is to run when it ends, read as a request of its own; else None.

        HA's `{conversation_command} in {minutes} minutes` takes any words, so a misheard or
        corrected sentence that ends in an amount became a timer promising to run nonsense
        ("Aumentar mi tempo y salor en cinco minutos"; BENCHMARKS.md round 26), "timer for
        1 hour in 30 seconds" a 30-second timer that would start another, and "set an alarm in
        2 hours" a timer that would ask "For what time?" two hours later. Only a command the
        grammar reads, and not itself about when, can be run later; otherwise the sentence is
        not read this way at all.
        """
        entity = result.entities.get(DELAYED_SLOT)
        words = str(entity.text or entity.value).strip() if entity is not None else ""
        inner = self._best(words) if words else None
        if inner is None or inner.intent.name in SETS_ITS_OWN_TIME:
            return None
        if not may_run_later(result, inner):
            return None
        if _addressed_to_nobody(inner, self._config.language):
            return None
        return self._to_event(words, inner, False)

    def _without_delayed(self) -> Intents:
        """The grammar without delayed commands, made once per grammar.

        Blocks are shared, so live lists attached to them (`live.py`) stay current.
        """
        assert self._intents is not None  # checked by recognize()
        if self._undelayed is None or self._undelayed[0] is not self._intents:
            self._undelayed = (self._intents, without_delayed(self._intents))
        return self._undelayed[1]

    def _best(self, text: str, intents: Intents | None = None) -> RecognizeResult | None:
        assert self._intents is not None  # checked by recognize()
        return recognize_best(
            text,
            intents or self._intents,
            slot_lists=self._slot_lists,
            intent_context=self._intent_context(),
            language=self._config.language,
            best_metadata_key=CUSTOM_METADATA_KEY,
            best_slot_name="name",
        )

    def vocabulary(self) -> tuple[str, ...]:
        """Entity names and aliases, areas, floors, lists, contacts and user list values.

        A single custom domain (`builtin: false`) gives its own list values only: the home's names
        are in none of its sentences, and as hotwords they pushed the decoder away from the
        domain's words (FSDD "zero" heard as "two, three, two, ..."; BENCHMARKS.md).
        """
        if not self._config.builtin:
            return tuple(dict.fromkeys(w for w in self._custom_values if w))
        home = self._home
        words: list[str] = []
        for entity in home.entities:
            words += [entity.name, *entity.aliases]
        places = [said for place in (*home.areas, *home.floors) for said in home.said(place)]
        words += [*places, *home.lists, *self._contacts, *self._custom_values]
        return tuple(dict.fromkeys(w for w in words if w))

    def _intent_context(self) -> dict[str, Any]:
        area = self._here or HERE_PLACEHOLDER
        return {"area": {"value": area, "text": self._here or ""}}

    def _rebuild(self) -> None:
        if self._all is None:
            return
        self._slot_lists = home_slot_lists(self._home, self._contacts)
        self._intents = self._home_intents(self._all)
        if self._live is not None:
            self._live.attach(self._intents)
            self._live_fallback = self._live.fallback(self._intents)

    def _home_intents(self, intents: Intents) -> Intents:
        """The templates of the domains the home has (all of them before `set_home`)."""
        if not self._home_set:
            return intents
        domains = {e.entity_id.partition(".")[0] for e in self._home.entities}
        if self._home.lists:
            domains.add(TODO_DOMAIN)
        domains |= _custom_domains(intents)
        kept = filter_intents(intents, domains=domains)
        return with_question_blocks(kept, intents, self._home)

    def grammar(self) -> tuple[Any, Any] | None:
        """The loaded grammar: (hassil Intents, run-time slot lists), or None before `load()`."""
        if self._intents is None:
            return None
        return self._intents, self._slot_lists

    def _to_event(
        self,
        text: str,
        result: RecognizeResult,
        missed: bool,
        then: IntentRecognized | None = None,
    ) -> IntentRecognized:
        """The event of a match.

        `missed`: it names no live timer or item (`live.py`); that counts as a free word, so the
        understanding step looks for a reading that does. `then`: the command a timer runs
        (`_delayed`); its words are the grammar's, so only its own free words count.
        """
        metadata = result.intent_metadata or {}
        drop = None if self._here else HERE_PLACEHOLDER
        slots = to_slots(result.entities.values(), drop_area=drop)
        free = frozenset(e.name for e in result.entities.values() if e.is_wildcard)
        slots = list_item_slots(result.intent.name, slots, self._config.language, free, text)
        if self._home_set:
            slots = as_sensor_question(result.intent.name, slots, self._home) or slots
        return IntentRecognized(
            intent=result.intent.name,
            slots=slots,
            text=text,
            confidence=1.0,
            source="custom" if metadata.get(CUSTOM_METADATA_KEY) else "hassil",
            response_key=result.response,
            language=self._config.language,
            open_ended=any(e.is_wildcard for e in result.entities.values()),
            free_words=then.free_words if then else max(_free_words(result), int(missed)),
            then=then,
        )


def _addressed_to_nobody(result: RecognizeResult, language: str) -> bool:
    """A message whose spoken recipient is a pronoun: no one sayso can send it to.

    "Tell me that joke about cats" is a request, not a message to "me"; "tell him that I'm late"
    names no contact (the LLM, if any, may ask who). Known contacts are a list, never a pronoun.
    """
    contact = result.entities.get("contact")
    if contact is None or not contact.is_wildcard:
        return False
    pronouns = NO_RECIPIENT.get(language.split("-")[0].lower(), frozenset())
    return str(contact.text or contact.value).strip().lower() in pronouns


def without_delayed(intents: Intents) -> Intents:
    """`intents` without the templates of a timer that runs a command (sharing everything else)."""
    kept = {}
    for name, intent in intents.intents.items():
        data = [b for b in intent.data if not any(_DELAYED in t for t in b.sentence_texts)]
        if data:
            kept[name] = dataclasses.replace(intent, data=data)
    return dataclasses.replace(intents, intents=kept)


LAST_RESORT_SLOT = "bare"
"""A fixed slot marking sentences read only when nothing else is ("add {item}" with no list)."""


def _last_resort(result: RecognizeResult) -> bool:
    return LAST_RESORT_SLOT in result.entities


def _wildcard(result: RecognizeResult) -> bool:
    return any(e.is_wildcard for e in result.entities.values())


def _free_words(result: RecognizeResult) -> int:
    free = (e for e in result.entities.values() if e.is_wildcard)
    return sum(len(str(e.text or e.value).split()) for e in free)


def _fewer_free_words(spelled: RecognizeResult, written: RecognizeResult | None) -> bool:
    """Take the spelled-out reading when it leaves fewer words to a wildcard.

    "Démarre un minuteur d'une heure appelé chocolatine" as written is a media search for all of
    it; spelled out, a timer named "chocolatine". Anything wins over nothing parsed.
    """
    if written is None or not _wildcard(spelled):
        return True
    return _free_words(spelled) < _free_words(written)


def _custom_blocks(intents: Intents) -> Iterable[Any]:
    for intent in intents.intents.values():
        for block in intent.data:
            if (block.metadata or {}).get(CUSTOM_METADATA_KEY):
                yield block


def _custom_domains(intents: Intents) -> set[str]:
    """User blocks are never dropped by the home's domain filter."""
    domains: set[str] = set()
    for block in _custom_blocks(intents):
        domains |= block.domains
    return domains


def _custom_list_values(intents: Intents) -> list[str]:
    """Spoken values of the text lists user sentences use (pizza toppings...), for ASR biasing."""
    values: list[str] = []
    for block in _custom_blocks(intents):
        lists = {**intents.slot_lists, **block.slot_lists}
        for sentence in block.sentences:
            for name in sentence.list_names({**intents.expansion_rules, **block.expansion_rules}):
                slot_list = lists.get(name)
                if isinstance(slot_list, TextSlotList):
                    values += [_spoken(v) for v in slot_list.values]
    return list(dict.fromkeys(v for v in values if v))


def _spoken(value: TextSlotValue) -> str:
    """What is said for a list value (a template like "mushroom[s]" falls back to its output)."""
    if isinstance(value.text_in, TextChunk):
        return value.text_in.original_text.strip()
    return str(value.value_out or "")
