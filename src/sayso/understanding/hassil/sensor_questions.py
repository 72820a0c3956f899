"""A door or window question the home answers with its sensors, not with covers.

Home Assistant's templates read "which doors are open?" ("quelles portes sont ouvertes ?",
"sind alle Türen zu?") as a question about *covers* of the door class (a motorised door). Most
homes have no such cover: their doors and windows are contact sensors (`binary_sensor` of class
door / window / garage_door). Read as covers, the question finds nothing and the answer is
wrong ("no door is open" while the kitchen door sensor says open). So when the home has no cover
of the class asked about and does have binary sensors of the matching class, the question is
asked of those sensors, with the cover's state turned into the sensor's (open → on, closed →
off). A home with such covers keeps Home Assistant's reading; commands are never changed (a
sensor cannot be opened), only `HassGetState` without a named device. A home without any cover
keeps HA's cover *questions* (`question_blocks`) for this, though its other cover templates are
dropped with the domain.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Final

from hassil import Intents, filter_intents
from sayso.events.understanding import Slot
from sayso.understanding.base import HomeVocabulary

QUESTION: Final = "HassGetState"

SENSOR_CLASS: Final = {"door": "door", "window": "window", "garage": "garage_door"}
"""Cover device class → the binary-sensor class that reports the same opening."""

SENSOR_STATE: Final = {"open": "on", "closed": "off"}
"""Cover state → the binary sensor's state (on = open for these classes)."""


def as_sensor_question(
    intent: str, slots: Sequence[Slot], home: HomeVocabulary
) -> tuple[Slot, ...] | None:
    """The slots asked of the home's opening sensors, or None to keep the reading as it is."""
    values = {s.name: s.value for s in slots}
    cover_class, state = values.get("device_class"), values.get("state")
    if (
        intent != QUESTION
        or values.get("domain") != "cover"
        or "name" in values
        or not isinstance(cover_class, str)
        or cover_class not in SENSOR_CLASS
        or state not in SENSOR_STATE
    ):
        return None
    sensor_class = SENSOR_CLASS[cover_class]
    if _has(home, "cover", cover_class) or not _has(home, "binary_sensor", sensor_class):
        return None
    swapped = {
        "domain": "binary_sensor",
        "device_class": sensor_class,
        "state": SENSOR_STATE[str(state)],
    }
    return tuple(Slot(s.name, swapped[s.name], s.text) if s.name in swapped else s for s in slots)


def with_question_blocks(kept: Intents, every: Intents, home: HomeVocabulary) -> Intents:
    """`kept` (filtered by the home's domains) plus HA's cover questions when they are needed.

    Needed: the home has no cover at all (so the filter dropped them) and has opening sensors
    these questions are rewritten to (`as_sensor_question`).
    """
    domains = {e.entity_id.partition(".")[0] for e in home.entities}
    sensors = any(_has(home, "binary_sensor", c) for c in SENSOR_CLASS.values())
    if "cover" in domains or not sensors:
        return kept
    questions = filter_intents(
        every, domains={"cover"}, intent_names={QUESTION}, keep_domainless=False
    ).intents.get(QUESTION)
    if questions is None:
        return kept
    merged = dict(kept.intents)
    have = list(merged[QUESTION].data) if QUESTION in merged else []
    kept_ids = {id(d) for d in have}  # blocks are shared with `every`, not copied
    blocks = [*have, *(d for d in questions.data if id(d) not in kept_ids)]
    merged[QUESTION] = dataclasses.replace(questions, data=blocks)
    return dataclasses.replace(kept, intents=merged)


def _has(home: HomeVocabulary, domain: str, device_class: str) -> bool:
    return any(
        e.entity_id.partition(".")[0] == domain and e.device_class == device_class
        for e in home.entities
    )
