"""The home description: floors, areas, devices, contacts and lists, loaded from YAML.

Example::

    floors: [Ground Floor, First Floor]
    areas:
      - {name: Kitchen, floor: Ground Floor}
    devices:
      - {entity_id: light.kitchen, name: Kitchen Light, area: Kitchen, state: "off",
         attributes: {brightness: 100}}
    contacts: [Alice, Bob]
    lists: [shopping, to-do]

Areas, floors and devices may carry `names` per language (`{de: [Küche], zh-cn: [厨房]}`): a
turn in that language uses those names (and the item's own name where it has none), so
"Küche" is the kitchen and grammar-aware correction picks among the German names. The file's own
names are in `language` (default "en").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any, Final

import yaml

from sayso import languages
from sayso.actions.devices import Device, upsert_seed
from sayso.actions.store import Store
from sayso.errors import ConfigError
from sayso.understanding.base import EntityName, HomeVocabulary

DOMAINS: Final[frozenset[str]] = frozenset(
    {
        "light",
        "switch",
        "cover",
        "lock",
        "climate",
        "fan",
        "media_player",
        "sensor",
        "binary_sensor",
    }
)
"""Device domains the virtual home knows how to act on."""

_ENTITY_ID = re.compile(r"^([a-z_]+)\.[a-z0-9_]+$")


@dataclasses.dataclass(frozen=True)
class DeviceSpec:
    """A device as the home file describes it."""

    entity_id: str
    name: str
    area: str | None = None
    aliases: tuple[str, ...] = ()
    state: str = "off"
    """Initial state, used only the first time the device is stored."""
    attributes: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Initial attributes; attributes already stored win."""

    @property
    def domain(self) -> str:
        """The part of the entity id before the dot."""
        return self.entity_id.split(".", 1)[0]


@dataclasses.dataclass(frozen=True)
class HomeSpec:
    """A whole home."""

    floors: tuple[str, ...] = ()
    areas: dict[str, str | None] = dataclasses.field(default_factory=dict)
    """Area name → floor name (or None)."""
    devices: tuple[DeviceSpec, ...] = ()
    contacts: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    source: str = "<memory>"
    """Where the spec came from (for messages)."""
    language: str = "en"
    """Language of the names given as `name` and `aliases`."""
    names: dict[str, dict[str, tuple[str, ...]]] = dataclasses.field(default_factory=dict)
    """Names per language: "area:<name>", "floor:<name>" or an entity id → language → names."""

    def vocabulary(self, language: str | None = None) -> HomeVocabulary:
        """Names for the recogniser's {name}, {area}, {floor} and list slots, in `language`."""
        lang = languages.canonical(language) or self.language
        entities = []
        for d in self.devices:
            spoken = self.spoken(d.entity_id, lang) or (d.name, *d.aliases)
            if lang != self.language:
                spoken = self.spoken(d.entity_id, lang) or (d.name,)
            device_class = d.attributes.get("device_class")
            entities.append(
                EntityName(
                    d.entity_id,
                    name=spoken[0],
                    area=d.area,
                    aliases=tuple(spoken[1:]),
                    device_class=str(device_class) if device_class else None,
                )
            )
        said = {f"area:{a}": a for a in self.areas} | {f"floor:{f}": f for f in self.floors}
        return HomeVocabulary(
            entities=tuple(entities),
            areas=tuple(self.areas),
            floors=self.floors,
            lists=self.lists,
            spoken={name: self.spoken(key, lang) or (name,) for key, name in said.items()},
        )

    def spoken(self, key: str, language: str | None) -> tuple[str, ...]:
        """The names of `key` ("area:Kitchen", an entity id) in `language`; () when none."""
        by_language = self.names.get(key, {})
        return by_language.get(languages.canonical(language), ())

    def display_name(self, key: str, default: str, language: str | None) -> str:
        """What to call `key` in a reply in `language`: its first name there, else `default`."""
        names = self.spoken(key, language)
        return names[0] if names else default

    def device(self, entity_id: str) -> DeviceSpec | None:
        """The spec of `entity_id`, or None."""
        return next((d for d in self.devices if d.entity_id == entity_id), None)

    def seed(self, store: Store, now: dt.datetime) -> None:
        """Store the devices: new ones with their initial state; removed ones are deleted."""
        with store.transaction():
            for spec in self.devices:
                device = Device(
                    entity_id=spec.entity_id,
                    domain=spec.domain,
                    name=spec.name,
                    area=spec.area,
                    state=spec.state,
                    attributes=dict(spec.attributes),
                )
                upsert_seed(store, device, now)
            keep = [d.entity_id for d in self.devices]
            marks = ",".join("?" * len(keep))
            store.execute(f"DELETE FROM devices WHERE entity_id NOT IN ({marks})", keep)


def load_home(path: str | Path) -> HomeSpec:
    """Read and validate a home YAML file; every problem is a one-line `ConfigError`."""
    where = str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read home file {where}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        at = f" (line {line + 1})" if line is not None else ""
        raise ConfigError(f"home file {where} is not valid YAML{at}") from None
    return parse_home(raw, where)


def parse_home(raw: Any, where: str = "<memory>") -> HomeSpec:
    """Validate an already-parsed home mapping."""
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{where}: the home file must be a mapping with floors, areas and devices"
        )
    unknown = set(raw) - {"floors", "areas", "devices", "contacts", "lists", "language"}
    if unknown:
        raise ConfigError(f"{where}: unknown section {sorted(unknown)[0]!r}")
    floors = _names(raw.get("floors", []), f"{where}: floors")
    areas = _areas(raw.get("areas", []), set(floors), where)
    devices = _devices(raw.get("devices", []), areas, where)
    contacts = _names(raw.get("contacts", []), f"{where}: contacts")
    lists = _names(raw.get("lists", []), f"{where}: lists")
    language = raw.get("language", "en")
    if not isinstance(language, str) or not language.strip():
        raise ConfigError(f"{where}: language must be a language code such as 'en'")
    names = _translations(raw, where)
    return HomeSpec(
        floors, areas, devices, contacts, lists, where, languages.canonical(language), names
    )


def _translations(raw: dict[str, Any], where: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """The `names` of every area, floor and device, checked: language → list of names."""
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    sections = (
        ("floors", "floor:", "name"),
        ("areas", "area:", "name"),
        ("devices", "", "entity_id"),
    )
    for section, prefix, key in sections:
        for item in raw.get(section) or []:
            if not isinstance(item, dict) or "names" not in item:
                continue
            label = f"{prefix}{item.get(key)}"
            table = item["names"]
            if not isinstance(table, dict):
                raise ConfigError(f"{where}: {label}: names must map a language to a list of names")
            by_language: dict[str, tuple[str, ...]] = {}
            for code, values in table.items():
                listed = [values] if isinstance(values, str) else values
                if not isinstance(listed, list) or not all(
                    isinstance(v, str) and v.strip() for v in listed
                ):
                    raise ConfigError(f"{where}: {label}: names.{code} must be a list of names")
                by_language[languages.canonical(str(code))] = tuple(v.strip() for v in listed)
            found[label] = by_language
    return found


def _names(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: expected a list of names")
    names: list[str] = []
    for item in raw:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}: every entry needs a non-empty name, got {item!r}")
        if name in names:
            raise ConfigError(f"{where}: {name!r} is listed twice")
        names.append(name.strip())
    return tuple(names)


def _areas(raw: Any, floors: set[str], where: str) -> dict[str, str | None]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: areas must be a list")
    areas: dict[str, str | None] = {}
    for item in raw:
        entry = item if isinstance(item, dict) else {"name": item}
        name, floor = entry.get("name"), entry.get("floor")
        if not isinstance(name, str) or not name:
            raise ConfigError(f"{where}: every area needs a name, got {item!r}")
        if name in areas:
            raise ConfigError(f"{where}: area {name!r} is listed twice")
        if floor is not None and floor not in floors:
            raise ConfigError(f"{where}: area {name!r} is on unknown floor {floor!r}")
        areas[name] = floor
    return areas


def _devices(raw: Any, areas: dict[str, str | None], where: str) -> tuple[DeviceSpec, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: devices must be a list")
    devices: dict[str, DeviceSpec] = {}
    for item in raw:
        spec = _device(item, areas, where)
        if spec.entity_id in devices:
            raise ConfigError(f"{where}: device {spec.entity_id!r} is listed twice")
        devices[spec.entity_id] = spec
    return tuple(devices.values())


def _device(item: Any, areas: dict[str, str | None], where: str) -> DeviceSpec:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: every device must be a mapping, got {item!r}")
    entity_id = item.get("entity_id")
    match = _ENTITY_ID.match(entity_id) if isinstance(entity_id, str) else None
    if match is None:
        raise ConfigError(f"{where}: bad entity_id {entity_id!r} (expected e.g. 'light.kitchen')")
    if match.group(1) not in DOMAINS:
        raise ConfigError(
            f"{where}: {entity_id}: unsupported domain {match.group(1)!r} "
            f"(supported: {', '.join(sorted(DOMAINS))})"
        )
    name, area = item.get("name"), item.get("area")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: {entity_id}: missing name")
    if area is not None and area not in areas:
        raise ConfigError(f"{where}: {entity_id}: unknown area {area!r}")
    aliases = item.get("aliases", [])
    attributes = item.get("attributes", {})
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ConfigError(f"{where}: {entity_id}: aliases must be a list of names")
    if not isinstance(attributes, dict):
        raise ConfigError(f"{where}: {entity_id}: attributes must be a mapping")
    return DeviceSpec(
        entity_id=str(entity_id),
        name=name,
        area=area,
        aliases=tuple(aliases),
        state=_state_text(item.get("state", "off")),
        attributes=attributes,
    )


def _state_text(value: Any) -> str:
    # YAML 1.1 reads a bare `off`/`on` as a boolean; a device state is always text.
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)
