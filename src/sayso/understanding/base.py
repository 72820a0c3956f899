"""The intent recogniser protocol."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from sayso.events.understanding import IntentRecognized


@runtime_checkable
class IntentRecognizer(Protocol):
    """Maps an utterance to an intent with slots, or None."""

    def load(self) -> None:
        """Load templates (explicit; construction never loads)."""

    def set_home(self, home: HomeVocabulary) -> None:
        """Use these device, area, floor and list names for slot matching."""

    def recognize(self, text: str) -> IntentRecognized | None:
        """Best intent for `text`, or None when nothing matches."""
        ...

    def vocabulary(self) -> tuple[str, ...]:
        """Slot values and names the recogniser can act on (for ASR biasing)."""
        ...

    def set_contacts(self, contacts: Iterable[str]) -> None:
        """Use these names for the {contact} slot list (the address book)."""

    def set_here(self, area: str | None) -> None:
        """The area the speaker is in ("turn on the light" means its light); None: unknown."""

    def grammar(self) -> tuple[Any, Any] | None:
        """(hassil Intents, run-time slot lists) for grammar-aware recognition; None if none."""
        ...


@dataclasses.dataclass(frozen=True)
class EntityName:
    """A device the recogniser may name, as the home describes it."""

    entity_id: str
    """e.g. "light.kitchen_ceiling"."""
    name: str
    """Spoken name, e.g. "Kitchen Ceiling"."""
    area: str | None = None
    """Area name, e.g. "Kitchen"."""
    aliases: tuple[str, ...] = ()
    """Other spoken names."""
    device_class: str | None = None
    """e.g. "battery", "moisture": templates may require it ("is the phone battery low?")."""


@dataclasses.dataclass(frozen=True)
class HomeVocabulary:
    """What the home offers to talk about: fills the {name}, {area} and {floor} slot lists."""

    entities: tuple[EntityName, ...] = ()
    areas: tuple[str, ...] = ()
    floors: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    """Names of to-do / shopping lists."""
    spoken: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    """Area or floor → the names said for it in this language, when not its own name ("Kitchen":
    ("Küche",)); the slot's value stays the home's name, so actions need no translation."""

    def said(self, name: str) -> tuple[str, ...]:
        """The names said for area or floor `name` (its own name unless `spoken` has others)."""
        return self.spoken.get(name) or (name,)
