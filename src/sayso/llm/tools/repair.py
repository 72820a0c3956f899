"""Arguments read off the request where the small model got them wrong and the request is plain.

The embedded model picks the right tool far more often than it copies the right argument: "set a
timer for an hour" becomes `start_timer(minutes=5)`, "add bread to the list" files bread on a list
called "bread". Where the request states a value without ambiguity — exactly one duration, one
number, one device or contact of the home, one of the home's lists — that value replaces the
model's. The tool is never changed and nothing is invented: a value is taken only when it is in
the request, and the grounding (`tools.grounding`) still checks the repaired call before it runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from sayso.actions.device_names import PRONOUNS, UnknownDevice, resolve_devices
from sayso.actions.handlers import ActionHandler
from sayso.actions.home import HomeSpec
from sayso.actions.lists import match_list
from sayso.dialogue.fragments import words
from sayso.dialogue.messages import ToolCall
from sayso.llm.normalize import SECONDS_PER_UNIT, durations
from sayso.llm.tools.matching import mentioned, names_target, said_number, says_list

DEVICE_TOOLS: Final[frozenset[str]] = frozenset(
    {"turn_on", "turn_off", "get_state", "set_brightness"}
)
"""Tools whose `device` argument names a device of the home."""
DEFAULT_LIST: Final = "shopping"
"""The list `add_to_list` uses when the request names none (the tool's default)."""
PERCENT_WORDS: Final[dict[str, int]] = {"half": 50, "full": 100, "maximum": 100, "max": 100}
"""Words that say a brightness without a number ("half brightness")."""
_NUMBER = re.compile(r"(?<![\w.:])\d+(?![\w.:])")
SECONDS_PER_MINUTE: Final = SECONDS_PER_UNIT["minute"]


class ArgumentRepair:
    """Replaces a call's argument with the one value the request states for it."""

    def __init__(self, handler: Callable[[], ActionHandler]) -> None:
        self._handler = handler

    def __call__(self, call: ToolCall, text: str) -> ToolCall:
        """`call` with the arguments the (digit-normalised) request `text` plainly states."""
        fixed = dict(call.arguments)
        home = self._handler().home
        if call.name in DEVICE_TOOLS:
            fixed["device"] = _device(str(fixed.get("device", "")), text, home)
        if call.name == "set_brightness":
            fixed["percent"] = _percent(fixed.get("percent"), text)
        if call.name == "set_temperature":
            fixed["degrees"] = _one_number(fixed.get("degrees"), text)
        if call.name == "start_timer":
            fixed["minutes"] = _minutes(fixed.get("minutes"), text)
        if call.name == "send_message":
            fixed["contact"] = _contact(str(fixed.get("contact", "")), text, home.contacts)
        if call.name == "add_to_list":
            fixed["list_name"] = _list(fixed, text, home.lists)
        if fixed == call.arguments:
            return call
        return ToolCall(call.name, fixed, call.id)


def _device(spoken: str, text: str, home: HomeSpec) -> str:
    """The one device name or alias in `text`, when the model's `spoken` is not one.

    Not one: it names no device or area of the home, or the request does not say it.
    """
    if not _names_something(spoken) or (names_target(spoken, text) and _resolves(home, spoken)):
        return spoken
    return named_device(text, home) or spoken


def named_device(text: str, home: HomeSpec) -> str | None:
    """The one device of `home` that `text` names (by name or alias, the longest said), if one."""
    said = f" {' '.join(words(text))} "
    found: dict[str, str] = {}  # name said → entity
    for device in home.devices:
        for name in (device.name, *device.aliases):
            phrase = " ".join(words(name))
            if f" {phrase} " in said:
                found[phrase] = device.entity_id
    longest = [n for n in found if not any(n != m and n in m for m in found)]
    if len({found[n] for n in longest}) != 1:
        return None
    return max(longest, key=len)


def _resolves(home: HomeSpec, spoken: str) -> bool:
    """True when `spoken` names a device or area of the home (not only spelled like one)."""
    try:
        return not resolve_devices(home, spoken).guessed
    except UnknownDevice:
        return False


def _names_something(spoken: str) -> bool:
    """False for "it"/"them" (a follow-up's argument refers back: nothing to repair)."""
    return any(w not in PRONOUNS for w in words(spoken))


def _percent(value: Any, text: str) -> Any:
    if said_number(value, text):
        return value
    numbers = _NUMBER.findall(text)
    if len(numbers) == 1:
        return int(numbers[0])
    named = {PERCENT_WORDS[w] for w in words(text) if w in PERCENT_WORDS}
    return named.pop() if len(named) == 1 and not numbers else value


def _one_number(value: Any, text: str) -> Any:
    if said_number(value, text):
        return value
    numbers = _NUMBER.findall(text)
    return int(numbers[0]) if len(numbers) == 1 else value


def _minutes(value: Any, text: str) -> Any:
    """The request's one duration, in whole minutes ("an hour and a half" → 90)."""
    said = durations(text)
    if len(said) != 1 or said[0] < SECONDS_PER_MINUTE or said[0] % SECONDS_PER_MINUTE:
        return value
    return int(said[0] // SECONDS_PER_MINUTE)


def _contact(spoken: str, text: str, names: tuple[str, ...]) -> str:
    """The one name of `names` said in `text`, when the model's `spoken` is not one of them."""
    if spoken.strip().lower() in {n.lower() for n in names} and mentioned(spoken, text):
        return spoken
    said = set(words(text))
    found = [n for n in names if set(words(n)) <= said]
    return found[0] if len(found) == 1 else spoken


def _list(arguments: dict[str, Any], text: str, lists: tuple[str, ...]) -> str:
    """The list the request names; the default one when it names none."""
    spoken = str(arguments.get("list_name") or DEFAULT_LIST)
    item = str(arguments.get("item", ""))
    known = match_list(spoken, lists)
    if spoken != item and (says_list(spoken, text) or mentioned(spoken, text)):
        # the user's own list: the home's spelling ("to do" → "to-do"), or as said when the
        # home has no such list (the grounding then says so: never filed on another list)
        return known or spoken
    said = [n for n in lists if says_list(n, text)]
    if len(said) == 1:
        return said[0]
    if not said and DEFAULT_LIST in lists:
        return DEFAULT_LIST
    return spoken
