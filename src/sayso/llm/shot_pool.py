"""A pool of worked examples generated from the tools and the home, never from a test set.

Requests are built from short phrasing templates per built-in tool, filled with the home's own
device names, areas, contacts and lists, plus requests no tool should handle (open questions,
chit-chat, near-misses that mention a device without asking anything of it). The labelled and
held-out benchmark sets are not read here: retrieval picks its examples from this pool, so what
the benchmark reports stays a held-out number.
"""

from __future__ import annotations

import random
from typing import Final

from sayso.actions.home import HomeSpec
from sayso.llm.prompt import SAY_PREFIX, Shot, call_shot

SEED: Final[int] = 14
"""Fixed seed: the same home always gives the same pool."""
PER_TEMPLATE: Final[int] = 3
"""Slot fillings drawn per template."""
OFFLINE_ANSWER: Final[str] = SAY_PREFIX + "I can't look that up offline."

DEVICE_TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "turn_on": ("turn on the {d}", "switch the {d} on", "could you switch on the {d}",
                "{d} on please", "I want the {d} on", "power up the {d}"),
    "turn_off": ("turn off the {d}", "switch the {d} off", "shut the {d} off", "{d} off please",
                 "can you turn the {d} off", "I don't need the {d} anymore, switch it off"),
    "get_state": ("is the {d} on", "is the {d} still running", "what's the state of the {d}",
                  "did I leave the {d} on", "check the {d} for me"),
}
BRIGHTNESS: Final[tuple[str, ...]] = (
    "set the {d} to {n} percent", "dim the {d} to {n}%", "{d} at {n} percent brightness",
    "make the {d} {n} percent bright")
TEMPERATURE: Final[tuple[str, ...]] = (
    "set the thermostat to {n} degrees", "make it {n} degrees", "heat the house to {n}",
    "I'd like it at {n} degrees please")
TIMER: Final[tuple[str, ...]] = (
    "set a timer for {n} minutes", "{n} minute timer please", "start a countdown for {n} minutes",
    "time {n} minutes for me", "timer, {n} minutes")
ALARM: Final[tuple[str, ...]] = (
    "wake me up at {t}", "set an alarm for {t}", "alarm at {t} please", "I need to get up at {t}")
MESSAGE: Final[tuple[str, ...]] = (
    "send {c} a message saying {b}", "text {c} {b}", "tell {c} that {b}", "message {c}: {b}",
    "let {c} know that {b}", "write {c} a message: {b}")
LIST: Final[tuple[str, ...]] = (
    "add {i} to the {l} list", "put {i} on my {l} list", "{l} list: add {i}",
    "we need {i}, add it to the {l} list")
TIME: Final[tuple[str, ...]] = (
    "what's the time now", "what time do we have", "time please", "could you tell me the time",
    "how late is it")
BODIES: Final[tuple[str, ...]] = (
    "I'm on my way", "dinner is at 7", "call me when you can", "the keys are on the table",
    "see you soon", "I'll be late tonight")
ITEMS: Final[tuple[str, ...]] = (
    "bananas", "dish soap", "rice", "tomatoes", "book the dentist", "water the plants",
    "olive oil", "paper towels")
TIMES: Final[tuple[str, ...]] = ("6:30", "7 tomorrow", "8:15", "5:45 tomorrow", "noon")
QUESTIONS: Final[tuple[str, ...]] = (
    "who invented the telephone", "what's the population of Japan", "how tall is the Eiffel Tower",
    "when did the Second World War end", "who is the president of Brazil",
    "what is the capital of Italy", "how many bones are in the human body",
    "what's the weather going to be tomorrow", "what's in the news today",
    "what is the square root of 81", "how do you say thank you in German",
    "who won the football last night", "where is Mount Kilimanjaro", "how old is the universe")
"""Open questions: the embedded model cannot know the answers, so it says so."""
CHAT: Final[tuple[tuple[str, str], ...]] = (
    ("hi there", "Hello! How can I help?"), ("how are you", "I'm fine, thanks for asking."),
    ("thank you", "You're welcome."), ("good night", "Good night!"),
    ("you're great", "Thank you!"), ("what's your name", "I'm your home assistant."),
    ("tell me a story", "I'm better at running the house than telling stories."),
    ("I'm bored", "Maybe put some music on?"), ("never mind", "Okay."),
    ("the kitchen is a mess", "Sorry to hear that."),
    ("I like the living room lamp", "Glad you like it."),
    ("the fan was a present from my sister", "That's nice."),
    ("what can you do", "I can switch devices, set timers and alarms, and send messages."),
)
"""Chit-chat and near-misses (a device is named, nothing is asked of it): words, no call."""


def shot_pool(home: HomeSpec) -> list[Shot]:
    """Every worked example for `home`, in a fixed order."""
    rng = random.Random(SEED)
    devices = sorted({d.name.lower() for d in home.devices} | {a.lower() for a in home.areas})
    lights = sorted(d.name.lower() for d in home.devices if d.entity_id.startswith("light."))
    contacts = list(home.contacts) or ["Alice"]
    lists = list(home.lists) or ["shopping"]
    shots: list[Shot] = []

    def draw(templates: tuple[str, ...], tool: str, fill: dict[str, list[object]],
             args: dict[str, str]) -> None:
        for template in templates:
            for _ in range(PER_TEMPLATE):
                values = {k: rng.choice(v) for k, v in fill.items()}
                arguments = {name: _typed(values[key]) for name, key in args.items()}
                shots.append(call_shot(template.format(**values), tool, arguments))

    for tool, templates in DEVICE_TEMPLATES.items():
        draw(templates, tool, {"d": list(devices)}, {"device": "d"})
    draw(BRIGHTNESS, "set_brightness", {"d": list(lights or devices), "n": [10, 25, 40, 60, 75]},
         {"device": "d", "percent": "n"})
    draw(TEMPERATURE, "set_temperature", {"n": [17, 19, 20, 21, 23]}, {"degrees": "n"})
    draw(TIMER, "start_timer", {"n": [4, 8, 15, 25, 40, 60]}, {"minutes": "n"})
    draw(ALARM, "set_alarm", {"t": list(TIMES)}, {"time": "t"})
    draw(MESSAGE, "send_message", {"c": list(contacts), "b": list(BODIES)},
         {"contact": "c", "body": "b"})
    draw(LIST, "add_to_list", {"i": list(ITEMS), "l": list(lists)}, {"item": "i", "list_name": "l"})
    shots += [call_shot(text, "get_time", {}) for text in TIME]
    shots += [Shot(q, OFFLINE_ANSWER) for q in QUESTIONS]
    shots += [Shot(text, SAY_PREFIX + answer) for text, answer in CHAT]
    return list(dict.fromkeys(shots))  # a template can draw the same filling twice


def _typed(value: object) -> object:
    return value if isinstance(value, int) else str(value)
