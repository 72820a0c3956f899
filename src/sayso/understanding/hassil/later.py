"""Which commands a timer may run later, "for 10 minutes" or "at 7 pm" (`recognizer._delayed`).

A command run when nobody may be there must be one that changes the home, and a whole one.
"""

from __future__ import annotations

from typing import Final

from hassil import RecognizeResult

FOR_A_WHILE_SLOT = "for_a_while"
"""A fixed slot marking "<command> for 10 minutes": the command now, its opposite at the end."""
SWITCHED: Final = frozenset({"HassTurnOn", "HassTurnOff"})
"""The intents a command "for a while" may be: the ones with an opposite."""
TARGET_SLOTS: Final = frozenset({"name", "area", "floor", "domain", "device_class"})
"""Slots that say which device, not what to set it to."""
AT_CLOCK_SLOTS: Final = ("at_hour", "at_word")
"""Slots of a command at a time of day ("turn on the porch light at 7 pm", `at_clock.yaml`)."""
RUN_AT_A_TIME: Final = frozenset({
    *SWITCHED, "HassToggle", "HassLightSet", "HassClimateSetTemperature", "HassSetPosition",
    "HassFanSetSpeed", "HassSetVolume", "HassSetVolumeRelative", "HassMediaPause",
    "HassMediaUnpause", "HassMediaNext", "HassMediaPrevious", "HassMediaPlayerMute",
    "HassMediaPlayerUnmute", "HassVacuumStart", "HassVacuumReturnToBase", "SaysoBrightnessStep",
    "SaysoTemperatureStep", "SaysoTurnOffAll", "SaysoAllExcept",
})  # fmt: skip
"""The intents a command at a time of day may be: changes to the home. "Tell me a joke at 5 pm"
is no command to run when nobody may be there to hear it."""


def may_run_later(timer: RecognizeResult, inner: RecognizeResult) -> bool:
    """Whether the timer sentence `timer` may run its command `inner` when it ends."""
    name = inner.intent.name
    if FOR_A_WHILE_SLOT in timer.entities and name not in SWITCHED:
        return False  # "for 10 minutes" undoes only a switching (app/for_a_while.py)
    if any(slot in timer.entities for slot in AT_CLOCK_SLOTS):
        return name in RUN_AT_A_TIME and not _sets_nothing(inner)
    return True


def _sets_nothing(result: RecognizeResult) -> bool:
    """A setting that names no value: "set the heat" is no command to run at 7.

    "Set the heat at 22." (Whisper's "to 22") was "set the heat" at 10 PM.
    """
    if not result.intent.name.startswith("Hass") or "Set" not in result.intent.name:
        return False
    return not set(result.entities) - TARGET_SLOTS
