"""The intent recogniser protocol."""

from __future__ import annotations

import dataclasses
from typing import Protocol, runtime_checkable

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


@dataclasses.dataclass(frozen=True)
class HomeVocabulary:
    """What the home offers to talk about: fills the {name}, {area} and {floor} slot lists."""

    entities: tuple[EntityName, ...] = ()
    areas: tuple[str, ...] = ()
    floors: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    """Names of to-do / shopping lists."""
