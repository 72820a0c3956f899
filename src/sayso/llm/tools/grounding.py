"""Tool calls checked against the request and the live world before they run.

The embedded model's calls are valid by construction (GBNF), but valid is not right: it set the
thermostat for "one." and asked the state of a device called "French" for a question about France.
So a built-in call may change the world only when the request names the action (a cue word of the
tool, or a follow-up of the same tool: "and the bedroom too") and its target (the argument's words
or numbers are in the request), and when every argument resolves against the live home: a device
or area, a contact in the address book, a time that parses. A close match becomes one short
question held as a pending action ("Do you mean the kitchen light?"); anything else is said, not
done. Fragments ("one.", "watch time."), negated requests ("don't turn off ...") and reports of
the past ("I turned off ... earlier", `sayso.dialogue.statements`) never reach a state-changing
tool, built-in or configured.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import re
from collections.abc import Callable, Collection
from typing import Final, Protocol

from sayso.actions.device_names import KINDS, UnknownDevice, resolve_devices
from sayso.actions.handlers import ActionHandler
from sayso.actions.lists import match_list
from sayso.actions.timeparse import parse_alarm_time
from sayso.dialogue.confirm import question_for
from sayso.dialogue.forms import (
    asks_nothing_now,
    asks_removal,
    asks_state,
    asks_undoing,
    is_inquiry,
)
from sayso.dialogue.fragments import is_fragment, is_question, words
from sayso.dialogue.messages import ToolCall
from sayso.dialogue.statements import is_negated, is_report
from sayso.errors import BadInput
from sayso.llm.normalize import digits, durations
from sayso.llm.tools.cues import MESSAGE_CUE, SETTING, TIME_CUE, TOOL_CUES, cued
from sayso.llm.tools.matching import (
    NUMBER,
    capitalised,
    content,
    mentioned,
    names_target,
    said_number,
    says_list,
    substance,
)
from sayso.llm.tools.repair import ArgumentRepair, named_device

FRAGMENT = "Sorry, I didn't catch that."
NOT_SURE = "Sorry, I'm not sure what you want me to do."
OFFLINE = "I can't look that up offline."
NO_DURATION = "Sorry, I didn't catch how long."
NO_TIME = "Sorry, I didn't catch the time."
WONT = "Okay, I won't."
ADD_ONLY = "Sorry, I can only add things to lists."
CANT_UNDO = "Sorry, I can't cancel or delete that."
CREATING_TOOLS: Final[frozenset[str]] = frozenset({"send_message", "set_alarm", "start_timer"})
"""Tools that make something new: a request to undo one never runs them."""

READ_ONLY_TOOLS: Final[frozenset[str]] = frozenset({"get_time", "get_state"})
"""Built-in tools that only read; every other tool (configured ones too) may change the world."""
CONTACT_CLOSE_ENOUGH: Final[float] = 0.8
"""Smallest difflib similarity (0..1) at which a contact name counts as a close match ("Alise"
for Alice is 0.8; "David" for Dad, 0.75, is not asked about)."""
SECONDS_PER_MINUTE: Final[int] = 60

FREE_TEXT: Final[tuple[str, ...]] = ("body",)
"""Arguments that quote the user: their words are not the request's own (a negation in a message
body is the message's). Not a list item: "we already put eggs on the shopping list" may come back as
`add_to_list(item="already put eggs")`, and the rest still said "list"."""


class Verdict(enum.Enum):
    """What to do with a tool call."""

    RUN = "run"
    ASK = "ask"
    """Hold the corrected call and ask one short question; a later yes runs it."""
    REFUSE = "refuse"
    """Run nothing; say `speech`."""


@dataclasses.dataclass(frozen=True)
class Grounding:
    """The decision on one call."""

    verdict: Verdict
    """Run, ask or refuse."""
    speech: str = ""
    """The question (ASK) or what is said instead (REFUSE)."""
    call: ToolCall | None = None
    """The call to hold for a yes (ASK), with the argument corrected to the close match; or the
    call to run (RUN) when its arguments were read off the request (`tools.repair`)."""


@dataclasses.dataclass(frozen=True)
class Request:
    """What the user said, as the grounding needs it."""

    text: str
    """The user's words (numbers as digits)."""
    follow_up: bool = False
    """The request refers back to the last action ("it", "too")."""
    last_tool: str | None = None
    """The tool of the last action in the session, if any."""


RUN: Final = Grounding(Verdict.RUN)


class Grounder(Protocol):
    """The check the brain runs on every validated call."""

    def __call__(self, call: ToolCall, request: Request) -> Grounding:
        """RUN, ASK or REFUSE `call` for `request`."""

    def before_arguments(
        self, name: str, parameters: Collection[str], request: Request
    ) -> Grounding | None:
        """The refusal every call of tool `name` gets for `request` whatever its arguments.

        `parameters` are the tool's argument names. None when the arguments may decide.
        """


def refuse(speech: str) -> Grounding:
    """Run nothing and say `speech`."""
    return Grounding(Verdict.REFUSE, speech)


class ToolGrounding:
    """Grounds the built-in tools' calls in the request and the live home."""

    def __init__(
        self, handler: Callable[[], ActionHandler], last_targets: Callable[[], tuple[str, ...]],
        *, repair: bool = True,
    ) -> None:
        self._handler = handler
        self._last_targets = last_targets
        self.repair = ArgumentRepair(handler) if repair else None
        """Reads plainly stated arguments off the request before the checks (`tools.repair`)."""
        self._checks: dict[str, Callable[[ToolCall, Request], Grounding]] = {
            "turn_on": self._device, "turn_off": self._device, "get_state": self._device,
            "get_time": _time,
            "set_brightness": self._brightness, "set_temperature": self._temperature,
            "start_timer": self._timer, "set_alarm": self._alarm,
            "send_message": self._message, "add_to_list": self._list_item,
        }  # fmt: skip

    def __call__(self, call: ToolCall, request: Request) -> Grounding:
        """RUN (with the repaired call when one was), ASK (with the corrected call) or REFUSE.

        A repaired call is checked like the model's own: the request must still name its action
        and target.
        """
        fixed = self.repair(call, request.text) if self.repair is not None else call
        decision = self._decide(fixed, request)
        if decision.verdict is Verdict.RUN and decision.call is None and fixed is not call:
            return Grounding(Verdict.RUN, call=fixed)
        return decision

    def before_arguments(
        self, name: str, parameters: Collection[str], request: Request
    ) -> Grounding | None:
        """The refusal `_decide` gives every call of `name` for `request`, or None.

        It walks `_decide`'s checks as far as they read only the request: the brain then stops
        the model once it has named the tool instead of waiting for arguments that cannot change
        the answer (BENCHMARKS.md, "Refused before the arguments"). A tool that quotes the user
        (a message body) has arguments in every check after the fragment rule.
        """
        decision = self._before_arguments(name, set(parameters), request)
        return decision if decision is not None and decision.verdict is Verdict.REFUSE else None

    def _before_arguments(
        self, name: str, parameters: set[str], request: Request
    ) -> Grounding | None:
        if name in READ_ONLY_TOOLS:
            return _time(ToolCall(name, {}), request) if name == "get_time" else None
        if is_fragment(request.text):
            return refuse(FRAGMENT)
        if parameters & set(FREE_TEXT):
            return None  # `own` below depends on the quoted words
        own = request.text
        if is_negated(own):
            return refuse(WONT)
        if is_report(own):
            return refuse(NOT_SURE)
        if name in CREATING_TOOLS and asks_undoing(own):
            return refuse(CANT_UNDO)
        if asks_nothing_now(own):
            return _unasked(request)
        if is_inquiry(own):
            return None if asks_state(request.text) else refuse(OFFLINE)
        if TOOL_CUES.get(name) is None:
            return None
        same_action = request.follow_up and request.last_tool == name
        return None if cued(name, request.text) or same_action else _unasked(request)

    def _decide(self, call: ToolCall, request: Request) -> Grounding:
        if call.name in READ_ONLY_TOOLS:
            check = self._checks.get(call.name)
            return check(call, request) if check is not None else RUN
        if is_fragment(request.text):
            return refuse(FRAGMENT)
        own = _without_free_text(call, request.text)  # "text Bob don't turn it off" is a message
        if is_negated(own):
            return refuse(WONT)  # "please don't turn off the hallway light"
        if is_report(own):
            return refuse(NOT_SURE)  # "I turned off the kitchen light earlier" asks for nothing
        if call.name in CREATING_TOOLS and asks_undoing(own):
            return refuse(CANT_UNDO)  # "delete my last text to Alice" sends nothing
        if asks_nothing_now(own):
            return _unasked(request)  # "what if I set ...", "Bob said ...", "the door was open"
        if is_inquiry(own):
            return self._answer(call, request)  # "is the garage door open?" is no command
        cue = TOOL_CUES.get(call.name)
        if cue is None:
            return RUN  # a configured tool: only the fragment rule is known to apply
        same_action = request.follow_up and request.last_tool == call.name
        if not (cued(call.name, request.text) or same_action):
            return _unasked(request)
        return self._checks[call.name](call, request)

    def _answer(self, call: ToolCall, request: Request) -> Grounding:
        """For a question, the state of the one device it names instead of acting; or nothing."""
        if not asks_state(request.text):
            return refuse(OFFLINE)
        spoken = str(call.arguments.get("device", ""))
        named = content(spoken) and names_target(spoken, request.text)
        device = spoken if named else named_device(request.text, self._handler().home)
        if not device:
            return refuse(OFFLINE)
        query = ToolCall("get_state", {"device": device}, call.id)
        decision = self._device(query, request)
        return Grounding(Verdict.RUN, call=query) if decision.verdict is Verdict.RUN else decision

    def _device(self, call: ToolCall, request: Request) -> Grounding:
        spoken = str(call.arguments.get("device", ""))
        refers_back = request.follow_up and not content(spoken)
        if not (refers_back or names_target(spoken, request.text)):
            return _unasked(request)
        home = self._handler().home
        try:
            target = resolve_devices(home, spoken, self._last_targets())
        except UnknownDevice as exc:
            if is_fragment(request.text):
                return refuse(FRAGMENT)  # "list." is no question about a device called list
            if is_question(request.text) and not set(words(request.text)) & KINDS.keys():
                return refuse(OFFLINE)  # "what is the capital of France?" is not about a device
            return refuse(exc.speech)
        if not target.guessed:
            return RUN
        device = next(d for d in home.devices if d.entity_id == target.entity_ids[0])
        name = device.name.lower()
        fixed = ToolCall(call.name, {**call.arguments, "device": name}, call.id)
        if call.name == "turn_off" and device.entity_id.startswith("lock."):
            return Grounding(Verdict.ASK, f"Unlock the {name}?", fixed)
        return Grounding(Verdict.ASK, f"Do you mean the {name}?", fixed)

    def _brightness(self, call: ToolCall, request: Request) -> Grounding:
        if not said_number(call.arguments.get("percent"), request.text):
            return refuse(NOT_SURE)
        return self._device(call, request)

    def _temperature(self, call: ToolCall, request: Request) -> Grounding:
        said = said_number(call.arguments.get("degrees"), request.text)
        return RUN if said and SETTING.search(request.text.lower()) else _unasked(request)

    def _timer(self, call: ToolCall, request: Request) -> Grounding:
        minutes = call.arguments.get("minutes")
        said = durations(request.text)
        if isinstance(minutes, int | float) and minutes * SECONDS_PER_MINUTE in said:
            return RUN
        if said:  # "two and a half hours" stated: a "2" taken from it is not that duration
            return refuse(NO_DURATION)
        return RUN if said_number(minutes, request.text) else refuse(NO_DURATION)

    def _alarm(self, call: ToolCall, request: Request) -> Grounding:
        spoken = str(call.arguments.get("time", ""))
        named = {float(n) for n in NUMBER.findall(digits(spoken))}
        heard = {float(n) for n in NUMBER.findall(request.text)}
        special = {"noon", "midnight", "midday"} & set(words(spoken)) & set(words(request.text))
        if not (named & heard or special):
            return refuse(NO_TIME)
        try:
            parse_alarm_time(spoken, self._handler().clock.now())
        except BadInput:
            return refuse(f"Sorry, I couldn't understand the time {spoken}.")
        return RUN

    def _message(self, call: ToolCall, request: Request) -> Grounding:
        contact = str(call.arguments.get("contact", ""))
        body = str(call.arguments.get("body", ""))
        said = mentioned(contact, request.text) and mentioned(body, request.text)
        if not (said and substance(body) and substance(contact)):
            return _unasked(request)
        contacts = {c.lower(): c for c in self._handler().home.contacts}
        if contact.strip().lower() in contacts:
            return RUN
        close = difflib.get_close_matches(
            contact.strip().lower(), list(contacts), n=1, cutoff=CONTACT_CLOSE_ENOUGH
        )
        if not close:
            if MESSAGE_CUE.search(request.text.lower()) or capitalised(contact, request.text):
                return refuse(f"Sorry, {contact.strip()} isn't in your contacts.")
            return _unasked(request)  # "tell me a joke" named no one to send anything to
        fixed = ToolCall(call.name, {**call.arguments, "contact": contacts[close[0]]}, call.id)
        return Grounding(Verdict.ASK, question_for(fixed), fixed)

    def _list_item(self, call: ToolCall, request: Request) -> Grounding:
        item = str(call.arguments.get("item", ""))
        list_name = str(call.arguments.get("list_name", "shopping"))
        if asks_removal(" ".join(w for w in words(request.text) if w not in words(item))):
            return refuse(ADD_ONLY)  # "take milk off the shopping list"
        if not mentioned(item, request.text) or not substance(item):
            return _unasked(request)
        said = mentioned(list_name, request.text) or says_list(list_name, request.text)
        if list_name.lower() != "shopping" and not said:
            return _unasked(request)
        lists = self._handler().home.lists
        if match_list(list_name, lists) is not None:
            alone = _LIST_TAIL.sub("", item).strip()
            if alone == item:
                return RUN
            if not substance(alone):
                return _unasked(request)
            return Grounding(Verdict.RUN, call=ToolCall(call.name, {**call.arguments,
                                                                    "item": alone}, call.id))
        close = difflib.get_close_matches(list_name.lower(), list(lists), n=1,
                                          cutoff=CONTACT_CLOSE_ENOUGH)
        if not close:
            return refuse(f"Sorry, you have no {list_name} list.")
        fixed = ToolCall(call.name, {**call.arguments, "list_name": close[0]}, call.id)
        return Grounding(Verdict.ASK, f"Add {item} to the {close[0]} list?", fixed)


_LIST_TAIL: Final = re.compile(
    r"\s*\b(?:to|on|onto|in|into)\s+(?:my|the|our)\s+[\w\s'-]*?\blist\s*$", re.IGNORECASE
)
"""Where a list is named at the end of an item: the model copied "call the plumber to my to do
list" whole into `add_to_list(item=…)`."""


def _without_free_text(call: ToolCall, text: str) -> str:
    """`text` without the call's quoted free text (a message body, an item).

    Only when what is left still names the action ("text Bob: don't turn it off" is a message,
    not a negation); else all of `text` (a model that copied the whole request into the body
    excludes nothing).
    """
    heard = words(text)
    for key in FREE_TEXT:
        quoted = words(str(call.arguments.get(key, "")))
        for start in range(len(heard) - len(quoted) + 1) if quoted else ():
            if heard[start:start + len(quoted)] == quoted:
                rest = " ".join(heard[:start] + heard[start + len(quoted):])
                cue = TOOL_CUES.get(call.name)
                return rest if cue is not None and cue.search(rest) else text
    return text


def _time(call: ToolCall, request: Request) -> Grounding:
    """The clock answers only a request that asks for the time ("what time is it")."""
    return RUN if TIME_CUE.search(request.text.lower()) else _unasked(request)


def _unasked(request: Request) -> Grounding:
    """The reply when the request did not ask for the call's action or target."""
    return refuse(OFFLINE if is_question(request.text) else NOT_SURE)
