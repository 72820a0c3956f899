"""Words by which a request names the action of each built-in state-changing tool.

A call may change the world only when the request names its action (`tools.grounding`). Cue words
are read in their sense: "on" and "off" count only as the action ("turn on the tv"), not as a
preposition ("the volume on the tv", "take milk off the list").
"""

from __future__ import annotations

import re
from typing import Final

from sayso.dialogue.forms import particle

TOOL_CUES: Final[dict[str, re.Pattern[str]]] = {
    "turn_on": re.compile(r"\b(open|lock|start|activate|enable|power)\b"),
    "turn_off": re.compile(r"\b(close|shut|unlock|kill|stop|deactivate|disable)\b"),
    "set_brightness": re.compile(r"\b(dim\w*|bright\w*|darker|percent)\b|%"),
    "set_temperature": re.compile(
        r"\b(temperature|degrees?|thermostat|heat\w*|warm\w*|cool\w*|cold\w*|hot\w*)\b|°"
    ),
    "start_timer": re.compile(r"\b(timers?|countdown|count down|time|remind)\b"),
    "set_alarm": re.compile(r"\b(alarms?|wake|get me up|remind)\b"),
    "send_message": re.compile(r"\b(message|text|send|tell|write|sms)\b"),
    "add_to_list": re.compile(r"\b(add|put|list|buy|need)\b"),
}
"""Words by which a request names each built-in state-changing tool's action (and "on"/"off"
said as the action, `PARTICLES`)."""
PARTICLES: Final[dict[str, str]] = {"turn_on": "on", "turn_off": "off"}
"""Cue words of a tool that count only as the action, not as a preposition ("the volume on the
tv" names no turning on, `sayso.dialogue.forms.particle`)."""
SETTING: Final = re.compile(
    r"\b(thermostat|heat\w*|temperature|warm\w*|cool\w*|hotter|colder|ac|air|set|make|turn|put|"
    r"change|raise|lower|increase|decrease|bump|crank|adjust|keep|want|like|need|please|"
    r"freezing|cold|chilly|hot|boiling|stuffy)\b"
)
"""Words by which a request asks for a temperature setting: its target or a verb of setting. A
number of degrees alone is not one ("convert 20 degrees celsius to fahrenheit")."""

MESSAGE_CUE: Final = re.compile(r"\b(message|text|send|sms|write)\b")
"""Words that make a request clearly about a message (unlike "tell me a joke")."""


def cued(tool: str, text: str) -> bool:
    """True when `text` names `tool`'s action: a cue word, or "on"/"off" said as the action."""
    cue, word = TOOL_CUES[tool], PARTICLES.get(tool)
    return bool(cue.search(text.lower())) or (word is not None and particle(text, word))


TIME_CUE: Final = re.compile(r"\b(time|clock|o'clock|late|hour)\b")
"""Words by which a request asks for the time of day (`get_time` only reads, but "what year did
the Berlin wall fall" is not answered by the clock)."""

