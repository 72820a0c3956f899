"""Which devices a model's free-text `device` argument means: by name, alias, area, or "it".

The LLM names devices the way people do ("the bedroom lamp", "living room lights", "it"), so the
action tools resolve that text against the home: an exact name or alias first, then an area plus a
kind of device, then the closest name; "it"/"them" means the targets of the last action.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from typing import Final

from sayso.actions.home import HomeSpec

PRONOUNS: Final[frozenset[str]] = frozenset(
    {"it", "them", "that", "those", "this", "these", "they", "same", "again"}
)
"""Words that refer back to the last action's targets."""
FILLER: Final[frozenset[str]] = frozenset(
    {"the", "my", "a", "an", "all", "please", "too", "also", "and", "in", "of", "on", "one", "ones"}
)
"""Words that carry no information about which device is meant."""
KINDS: Final[dict[str, str]] = {
    "light": "light", "lights": "light", "lamp": "light", "lamps": "light",
    "blind": "cover", "blinds": "cover", "curtain": "cover", "curtains": "cover",
    "fan": "fan", "fans": "fan", "tv": "media_player", "speaker": "media_player",
    "lock": "lock", "locks": "lock", "door": "lock", "doors": "lock",
    "heating": "climate", "thermostat": "climate", "heater": "climate",
}  # fmt: skip
"""Spoken kind of device → Home Assistant domain, for "bedroom lights" and the like."""
CLOSE_ENOUGH: Final[float] = 0.75
"""Smallest difflib similarity (0..1) at which a spoken name counts as a device's name."""
DEFAULT_DOMAIN: Final[str] = "light"
"""What "the kitchen" means with nothing else to go on."""


class UnknownDevice(LookupError):
    """No device of the home matches the text; `speech` says so."""

    def __init__(self, speech: str) -> None:
        super().__init__(speech)
        self.speech = speech


@dataclasses.dataclass(frozen=True)
class Target:
    """The devices a phrase means."""

    entity_ids: tuple[str, ...]
    """The devices, in home order."""
    area: str | None = None
    """The area, when the phrase named one ("the bedroom lights")."""
    domains: tuple[str, ...] = ()
    """The kinds of device within the area."""
    guessed: bool = False
    """True when no name matched and the closest spelling was taken ("kitchen lite")."""


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w' ]+", " ", text.lower()).split()


def _domain(entity_id: str) -> str:
    return entity_id.split(".", 1)[0]


def resolve_devices(home: HomeSpec, text: str, last_targets: Sequence[str] = ()) -> Target:
    """The devices `text` names; raises UnknownDevice with a spoken reason."""
    known = {d.entity_id for d in home.devices}
    previous = tuple(t for t in last_targets if t in known)
    words = [w for w in _words(text) if w not in FILLER]
    if not words or all(w in PRONOUNS for w in words):
        if previous:
            return Target(previous)
        raise UnknownDevice("Which device do you mean?")
    phrase = " ".join(words)
    for spec in home.devices:
        names = [spec.entity_id, spec.name, *spec.aliases]
        if phrase in (" ".join(_words(n)) for n in names) or text.strip() == spec.entity_id:
            return Target((spec.entity_id,))
    in_area = _in_area(home, words, previous)
    if in_area is not None:
        return in_area
    return _closest(home, phrase, text)


def _in_area(home: HomeSpec, words: list[str], previous: tuple[str, ...]) -> Target | None:
    """Devices of an area named in `words`, of the kind the other words (or the last action) say."""
    phrase = " ".join(words)
    areas = sorted(home.areas, key=len, reverse=True)  # "living room" before "room"
    area = next((a for a in areas if " ".join(_words(a)) in phrase), None)
    if area is None:
        return None
    rest = phrase.replace(" ".join(_words(area)), " ").split()
    domains = tuple(dict.fromkeys(KINDS[w] for w in rest if w in KINDS))
    if not domains:
        domains = tuple(dict.fromkeys(_domain(t) for t in previous)) or (DEFAULT_DOMAIN,)
    found = tuple(
        d.entity_id for d in home.devices if d.area == area and _domain(d.entity_id) in domains
    )
    return Target(found, area, domains) if found else None


def _closest(home: HomeSpec, phrase: str, text: str) -> Target:
    """The device whose name is spelled most like `phrase`.

    Kind words ("light") that many names share are ignored, so "porch light" does not become
    "desk light".
    """
    names: dict[str, str] = {}
    for spec in home.devices:
        for name in (spec.name, *spec.aliases):
            names.setdefault(_distinctive(name), spec.entity_id)
    wanted = _distinctive(phrase)
    match = difflib.get_close_matches(wanted, list(names), n=1, cutoff=CLOSE_ENOUGH)
    if not wanted or not match:
        raise UnknownDevice(f"Sorry, I don't know a device called {text.strip()}.")
    return Target((names[match[0]],), guessed=True)


def _distinctive(name: str) -> str:
    return " ".join(w for w in _words(name) if w not in KINDS)
