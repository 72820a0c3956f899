"""Which devices a request means: by name, or by area / floor / domain / device class."""

from __future__ import annotations

from typing import Final

from sayso.actions import one_of_many
from sayso.actions.devices import Device, all_devices, get_device
from sayso.actions.outcome import ActionFailed, Context, slot_text
from sayso.events.understanding import IntentRecognized
from sayso.languages import listed

PLURALS: Final[dict[str, str]] = {
    "light": "lights",
    "switch": "switches",
    "cover": "covers",
    "lock": "locks",
    "climate": "thermostats",
    "fan": "fans",
    "media_player": "media players",
    "sensor": "sensors",
    "binary_sensor": "sensors",
    "curtain": "curtains",
    "blind": "blinds",
    "garage_door": "garage doors",
    "garage": "garage doors",
    "door": "doors",
    "window": "windows",
    "gate": "gates",
    "shade": "shades",
    "shutter": "shutters",
    "awning": "awnings",
    "humidity": "humidity sensors",
    "temperature": "temperature sensors",
}
"""Spoken plural of a domain or device class."""
OUTDOORS: Final[frozenset[str]] = frozenset({
    "outside", "outdoor", "outdoors", "exterior", "garden", "yard", "backyard", "patio",
    "balcony", "terrace", "porch",
})  # fmt: skip
"""Words of a device's, area's or floor's name that put it outdoors (slot where: outside)."""
WHICH_ONE = "which_one"
"""`ActionFailed.code` when a request named one device of a kind the home has several of."""
NAMED_IN_QUESTION = 4
"""Most devices named in "which one?"; with more, the question counts them instead."""


def spoken_name(device: Device) -> str:
    """Lower-case spoken name ("kitchen light"); acronyms such as "TV" keep their case."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in device.name.split())


def _as_list(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return [str(value)]


def _in_home_order(ctx: Context, devices: list[Device]) -> list[Device]:
    # The home file's order is the owner's: "the thermostat" is the first climate device listed.
    rank = {spec.entity_id: i for i, spec in enumerate(ctx.home.devices)}
    return sorted(devices, key=lambda d: rank.get(d.entity_id, len(rank)))


def every(ctx: Context, domains: tuple[str, ...]) -> list[Device]:
    """Every device of `domains` in the home, in the home file's order."""
    return [d for d in _in_home_order(ctx, all_devices(ctx.store)) if d.domain in domains]


def find_named(ctx: Context, intent: IntentRecognized, slot: str = "name") -> Device:
    """The device the `name` slot (or `slot`) names (entity id, or name/alias as fallback)."""
    name = str(intent.slot(slot))
    device = get_device(ctx.store, name)
    if device is None:
        wanted = name.strip().lower()
        for spec in ctx.home.devices:
            if wanted in [spec.name.lower(), *(a.lower() for a in spec.aliases)]:
                device = get_device(ctx.store, spec.entity_id)
                break
    if device is None:
        said = slot_text(intent, slot) or name
        raise ActionFailed(
            "no_such_device",
            f"Sorry, I don't know a device called {said}.",
            "no_such_entity",
            {"entity": said},
        )
    return device


def area_named(ctx: Context, spoken: str) -> str:
    """The home's area called `spoken` (any case); raises `ActionFailed` when there is none."""
    area = next((a for a in ctx.home.areas if a.lower() == spoken.strip().lower()), None)
    if area is None:
        raise ActionFailed("no_such_area", f"Sorry, there is no area called {spoken} in this home.")
    return area


def floor_named(ctx: Context, spoken: str) -> str:
    """The home's floor called `spoken` (any case); raises `ActionFailed` when there is none."""
    floor = next((f for f in ctx.home.floors if f.lower() == spoken.strip().lower()), None)
    if floor is None:
        raise ActionFailed("no_such_floor", f"Sorry, there is no floor called {spoken}.")
    return floor


def in_area(pool: list[Device], area: str) -> list[Device]:
    """The devices of `pool` in `area` (a name `area_named` returned)."""
    return [d for d in pool if d.area == area]


def on_floor(ctx: Context, pool: list[Device], floor: str) -> list[Device]:
    """The devices of `pool` whose area is on `floor` (a name `floor_named` returned)."""
    return [d for d in pool if d.area and ctx.home.areas.get(d.area) == floor]


BARE_PLACES: Final = frozenset({"outside", "outdoors"})
"""Places said without "the" (" outside", not " in the outside")."""


def place(name: str) -> str:
    """An area or floor as said: "the kitchen", "outside"."""
    named = name.lower()
    return named if named in BARE_PLACES else f"the {named}"


def where(intent: IntentRecognized) -> str:
    """Where the request points, as " in the kitchen", " on the first floor" or "".

    An area or floor called "outside" is just " outside" (not " in the outside").
    """
    for slot, preposition in (("area", "in"), ("floor", "on")):
        named = str(intent.slot(slot) or "")
        if named.lower() in BARE_PLACES:
            return f" {named.lower()}"
        if named:
            return f" {preposition} {place(named)}"
    return ""


def kind_words(intent: IntentRecognized, default_domains: tuple[str, ...]) -> str:
    """How to say the kind of device asked about: "lights", "blinds", "devices"."""
    classes, domains = _as_list(intent.slot("device_class")), _as_list(intent.slot("domain"))
    key = (classes or domains or list(default_domains) or ["device"])[0]
    return PLURALS.get(key, "devices")


def resolve(
    ctx: Context, intent: IntentRecognized, default_domains: tuple[str, ...] = ()
) -> list[Device]:
    """The devices the request targets; never empty (raises `ActionFailed` instead)."""
    if intent.slot("name"):
        return [find_named(ctx, intent)]
    classes = _as_list(intent.slot("device_class"))
    # A device class already implies its domain ("blind" → cover), so the default is not used.
    domains = _as_list(intent.slot("domain")) or ([] if classes else list(default_domains))
    area, floor = intent.slot("area"), intent.slot("floor")
    if not (domains or classes or area or floor):
        raise ActionFailed("no_target", "Which device do you mean?", "which_device")
    pool = _in_home_order(ctx, all_devices(ctx.store))
    if domains:
        pool = [d for d in pool if d.domain in domains]
    if classes:
        pool = [d for d in pool if d.device_class in classes]
    if area:
        pool = in_area(pool, area_named(ctx, str(area)))
    if floor:
        pool = on_floor(ctx, pool, floor_named(ctx, str(floor)))
    if not pool:
        raise ActionFailed(
            "no_such_device",
            f"Sorry, there are no {kind_words(intent, default_domains)}{where(intent)}.",
        )
    pool = placed(ctx, intent, pool)
    if len(pool) > 1 and not (area or floor) and asks_for_one(intent):
        raise which_one(ctx, pool, intent, default_domains)
    return pool


def placed(ctx: Context, intent: IntentRecognized, pool: list[Device]) -> list[Device]:
    """`pool` inside or outside the house, as the `where` slot asks ("the temperature outside").

    Outdoors is what its name, its area's or its floor's name says ("Outside Temperature", an
    area "Garden", a floor "Outside"); everything else is inside. Raises when nothing is there.
    """
    where = intent.slot("where")
    if where not in ("inside", "outside"):
        return pool
    kept = [d for d in pool if _outdoors(ctx, d) == (where == "outside")]
    if not kept:
        raise ActionFailed(
            "no_such_device", f"Sorry, there are no {kind_words(intent, ())} {where}."
        )
    return kept


def _outdoors(ctx: Context, device: Device) -> bool:
    spec = next((s for s in ctx.home.devices if s.entity_id == device.entity_id), None)
    names = [device.name, *(spec.aliases if spec else ())]
    if device.area:
        names += [device.area, ctx.home.areas.get(device.area) or ""]
    return any(w in OUTDOORS for n in names for w in n.lower().split())


def asks_for_one(intent: IntentRecognized) -> bool:
    """The request names one device by its kind: "turn off the lamp", not "turn off the lights".

    Home Assistant reads both as every light of the satellite's area; with no area known, sayso
    would switch every light of the home for "the lamp" (`one_of_many`). A state question ("is
    the light on") answers for every one and is not asked back, nor is a step of the lights
    that are on ("mach das Licht heller", slot `scope: lit`: those are the ones meant).
    """
    if intent.intent == "HassGetState" or intent.slot("scope") == "lit":
        return False
    return one_of_many.names_one(intent.text, intent.language)


def which_one(
    ctx: Context, pool: list[Device], intent: IntentRecognized, domains: tuple[str, ...]
) -> ActionFailed:
    """The question: "Which fan do you mean: the ceiling fan or the desk fan?".

    In another language the devices are named as that language names them (the home's `names`),
    and `ActionFailed.data` lists the choices, for the answer and for clients.
    """
    plural = kind_words(intent, domains)
    kind = plural.removesuffix("es" if plural.endswith("ches") else "s") or "device"
    choices = {"choices": [d.entity_id for d in pool]}
    if len(pool) > NAMED_IN_QUESTION:
        english = f"Which {kind} do you mean? There are {len(pool)} {plural}: say its room or name."
        return ActionFailed(WHICH_ONE, english, "which_one", {"count": len(pool)}, data=choices)
    names = [f"the {spoken_name(d)}" for d in pool]
    english = f"Which {kind} do you mean: {listed(names, 'or')}?"
    local = [ctx.home.display_name(d.entity_id, d.name, intent.language) for d in pool]
    return ActionFailed(WHICH_ONE, english, "which_one_of", {"names": local}, data=choices)


def resolve_or_all(
    ctx: Context, intent: IntentRecognized, domains: tuple[str, ...]
) -> list[Device]:
    """Like `resolve`, but with no target at all: every device of `domains` in the home."""
    if any(intent.slot(s) for s in ("name", "area", "floor", "domain", "device_class")):
        return resolve(ctx, intent, domains)
    pool = placed(ctx, intent, every(ctx, domains))
    if not pool:
        raise ActionFailed("no_such_device", f"Sorry, there are no {PLURALS[domains[0]]} here.")
    return pool
