"""The brain's training set: requests → the one output line the model should produce.

Generated from the templates (`templates.py`), the home's names and the tool schemas; every
request goes through the same number normalisation the brain applies (`llm.normalize.digits`).
Whole templates are held out for the gate, and any request that also appears in an evaluation set
(the labelled set, an independent held-out set) is dropped from training and counted.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sayso.actions.home import HomeSpec
from sayso.adapt.llm.templates import (
    AREA_TARGETS,
    CALL_TEMPLATES,
    CANT_HELP,
    DAYS,
    DEFAULT_LIST,
    DEVICE_SLOTS,
    FIXED_CALLS,
    HOURS,
    INTEGER_SLOTS,
    NO_TOOL,
    VALUES,
    Template,
)
from sayso.llm.normalize import digits
from sayso.llm.prompt import call_json

PER_TEMPLATE = 5
"""Requests generated per call template (different slot values)."""
HOLD_OUT_EVERY = 5
"""Every n-th template of a tool (and n-th request of a no-tool category) is held out."""
MIN_PER_TOOL = 24
"""Fewest training examples per tool: a tool with fewer (get_time has no slots, so one request
per template) has its examples repeated, so the model does not learn to skip it."""
MINUTES_PER_HOUR = 60
_SLOT = re.compile(r"\{(\w+)\}")
_NON_WORD = re.compile(r"[^\w\s]")


@dataclasses.dataclass(frozen=True)
class Example:
    """One request and the line the model should answer it with."""

    request: str
    """The request as the brain sees it (numbers normalised)."""
    output: str
    """A JSON call or a `Say: …` line."""
    tool: str | None
    """The expected tool; None when no tool may be called."""
    arguments: dict[str, Any]
    """The expected arguments."""
    template: str
    """Template id (or no-tool category) the request came from."""

    def labelled(self) -> dict[str, Any]:
        """The request in the labelled-set shape `sayso bench llm` reads."""
        return {"text": self.request, "tool": self.tool, "args": self.arguments}


@dataclasses.dataclass(frozen=True)
class Dataset:
    """Training and held-out examples, and what was dropped as overlap."""

    train: tuple[Example, ...]
    heldout: tuple[Example, ...]
    dropped_overlap: tuple[str, ...]
    """Generated requests removed because an evaluation set contains them."""


def key(text: str) -> str:
    """Comparison form of a request: lower case, no punctuation, single spaces."""
    return " ".join(_NON_WORD.sub(" ", digits(text).lower()).split())


def build(home: HomeSpec, exclude: Iterable[str], *, seed: int = 0,
          per_template: int = PER_TEMPLATE, domain: Sequence[str] = ()) -> Dataset:
    """Generate the training and held-out examples for `home`, leaving out `exclude`.

    `domain` holds sentences of the user's own intents: taught as requests no tool may handle.
    """
    rng = random.Random(seed)
    names = _home_values(home)
    train: list[Example] = []
    heldout: list[Example] = []
    by_tool: dict[str, int] = {}
    for template in CALL_TEMPLATES:
        n = by_tool.get(template[1], 0)
        by_tool[template[1]] = n + 1
        target = heldout if n % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 else train
        target.extend(_fill(template, names, rng, per_template))
    for i, (template_id, tool, request, arguments) in enumerate(FIXED_CALLS):
        target = heldout if i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 else train
        target.append(Example(digits(request), call_json(tool, arguments), tool, dict(arguments),
                              template_id))
    no_tool = {**NO_TOOL, "intents": (CANT_HELP, tuple(domain))}
    for category, (answer, requests) in no_tool.items():
        for i, pattern in enumerate(requests):
            target = heldout if i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 else train
            text = pattern.format(**{s: rng.choice(names[s]) for s in _SLOT.findall(pattern)})
            target.append(Example(digits(text), answer, None, {}, category))
    banned = {key(t) for t in exclude}
    dropped = tuple(e.request for e in train if key(e.request) in banned)
    kept = _balanced([e for e in train if key(e.request) not in banned])
    rng.shuffle(kept)
    return Dataset(tuple(kept), tuple(e for e in heldout if key(e.request) not in banned), dropped)


def _home_values(home: HomeSpec) -> dict[str, tuple[str, ...]]:
    """Slot values from the home: device names by slot, contacts and lists."""
    values = dict(VALUES)
    for slot, domains in DEVICE_SLOTS.items():
        found = [n.lower() for d in home.devices if d.domain in domains
                 for n in (d.name, *d.aliases)]
        if slot == "light":
            found = [d.name.lower() for d in home.devices
                     if d.domain == "light" and d.attributes.get("supports_brightness")]
        values[slot] = tuple(dict.fromkeys(found))
    values["contact"] = home.contacts
    values["list_name"] = tuple(n.lower() for n in home.lists)
    values["area"] = tuple(a.lower() for a in home.areas)
    values["hours"], values["day"] = HOURS, DAYS
    return values


def _balanced(examples: list[Example]) -> list[Example]:
    """`examples` with those of rare tools repeated up to `MIN_PER_TOOL` per tool."""
    by_tool: dict[str, list[Example]] = {}
    for example in examples:
        if example.tool is not None:
            by_tool.setdefault(example.tool, []).append(example)
    extra: list[Example] = []
    for group in by_tool.values():
        missing = MIN_PER_TOOL - len(group)
        extra += [group[i % len(group)] for i in range(max(0, missing))]
    return examples + extra


def _fill(template: Template, values: dict[str, tuple[str, ...]], rng: random.Random,
          count: int) -> list[Example]:
    """Up to `count` distinct requests of one template with random slot values."""
    template_id, tool, pattern = template
    slots = _SLOT.findall(pattern)
    if any(not values.get(s) for s in slots):
        return []  # the home has nothing for this slot (no locks, no contacts…)
    seen: dict[str, Example] = {}
    for _ in range(count * 4):
        chosen = {s: rng.choice(values[s]) for s in slots}
        request = digits(pattern.format(**chosen))
        arguments = _arguments(template_id, chosen)
        seen.setdefault(key(request), Example(
            request, call_json(tool, arguments), tool, arguments, template_id))
        if len(seen) == count:
            break
    return list(seen.values())


def _arguments(template_id: str, chosen: dict[str, str]) -> dict[str, Any]:
    """Tool arguments from slot values.

    Device-like slots all fill `device`; hours are said in minutes; a day joins the time; a list
    the request does not name is the default one.
    """
    out: dict[str, Any] = {}
    for slot, value in chosen.items():
        if slot == "hours":
            out["minutes"] = int(value) * MINUTES_PER_HOUR
        elif slot == "area":
            out["device"] = AREA_TARGETS[template_id].format(area=value)
        elif slot != "day":
            name = "device" if slot in DEVICE_SLOTS else slot
            out[name] = int(value) if slot in INTEGER_SLOTS else digits(value)
    if "day" in chosen:
        out["time"] = f"{out['time']} {chosen['day']}"
    if "item" in out:
        out.setdefault("list_name", DEFAULT_LIST)
    return out


def eval_requests(items: Sequence[dict[str, Any]]) -> list[str]:
    """The request texts of a labelled set (for the overlap check)."""
    return [str(i["text"]) for i in items if "text" in i]
