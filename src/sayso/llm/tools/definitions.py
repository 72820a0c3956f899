"""The built-in tool functions: typed signatures (the schema) over `ActionTools` helpers.

Examples are the few-shot lines the embedded base model sees; they are phrased differently from
the labelled benchmark set (`sayso/data/llm/tool_requests.yaml`) so the benchmark stays honest.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sayso.llm.tools.actions import ActionToolResult, ActionTools
from sayso.llm.tools.typed import Tool, tool

MAX_TIMER_MINUTES = 1440
"""Longest timer a tool call may start, in minutes (a day; longer waits are alarms)."""
MIN_DEGREES, MAX_DEGREES = 5, 35
"""Range of a thermostat setting a tool call may ask for, in whole °C (integers, so the grammar
bounds them; the device narrows the range further)."""
MAX_TEXT = 120
"""Longest free-text argument (message body, list item), in characters."""

Percent = Annotated[int, Field(ge=0, le=100)]
Minutes = Annotated[int, Field(ge=1, le=MAX_TIMER_MINUTES)]
Degrees = Annotated[int, Field(ge=MIN_DEGREES, le=MAX_DEGREES)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Name = Annotated[str, Field(min_length=1, max_length=60)]


def build(t: ActionTools) -> list[Tool]:
    """The built-in tools bound to `t`."""

    @tool(examples=[("switch on the hallway light", {"device": "hallway light"}),
                    ("and the office too", {"device": "office"})])
    def turn_on(device: Name) -> ActionToolResult:
        """Switch on, open or lock a device.

        Args:
            device: Name of the device or area, e.g. "bedroom light"; "it" for the last one.

        """
        return t.on_devices("HassTurnOn", device)

    @tool(examples=[("shut off the garden lights", {"device": "garden lights"})])
    def turn_off(device: Name) -> ActionToolResult:
        """Switch off, close or unlock a device.

        Args:
            device: Name of the device or area, e.g. "desk fan"; "it" for the last one.

        """
        return t.on_devices("HassTurnOff", device)

    @tool(examples=[("dim the dining room light to 20 percent",
                     {"device": "dining room light", "percent": 20})])
    def set_brightness(device: Name, percent: Percent) -> ActionToolResult:
        """Set how bright a light is, in percent.

        Args:
            device: Name of the light or area; "it" for the last one.
            percent: Brightness from 0 to 100.

        """
        return t.on_devices("HassLightSet", device, brightness=percent)

    @tool(examples=[("make it 22 degrees in here", {"degrees": 22})])
    def set_temperature(degrees: Degrees) -> ActionToolResult:
        """Set the thermostat to a temperature in degrees Celsius.

        Args:
            degrees: Target temperature in °C.

        """
        return t.run("HassClimateSetTemperature", temperature=degrees)

    @tool(examples=[("start a countdown of 15 minutes", {"minutes": 15}),
                    ("put a 25 minute timer on", {"minutes": 25})])
    def start_timer(minutes: Minutes) -> ActionToolResult:
        """Start a countdown timer.

        Args:
            minutes: Length of the timer in minutes.

        """
        return t.run("HassStartTimer", minutes=minutes)

    @tool(examples=[("get me up at 6:45 tomorrow", {"time": "6:45 tomorrow"})])
    def set_alarm(time: Name) -> ActionToolResult:
        """Set an alarm for a time of day.

        Args:
            time: When, as said, e.g. "7:30 tomorrow".

        """
        return t.run("SaysoSetAlarm", alarm_time=time)

    @tool(sensitive=True, examples=[("text Bob that dinner is ready",
                                     {"contact": "Bob", "body": "dinner is ready"})])
    def send_message(contact: Name, body: Text) -> ActionToolResult:
        """Send a text message to a contact.

        Args:
            contact: Who receives the message.
            body: The message text.

        """
        return t.run("SaysoSendMessage", contact=contact, message=body)

    @tool(examples=[("put batteries on the to-do list",
                     {"item": "batteries", "list_name": "to-do"})])
    def add_to_list(item: Text, list_name: Name = "shopping") -> ActionToolResult:
        """Add an item to a named list.

        Args:
            item: The thing to add.
            list_name: Which list, e.g. shopping or to-do.

        """
        return t.run("HassListAddItem", name=list_name, item=item)

    @tool(examples=[("got the time?", {})])
    def get_time() -> ActionToolResult:
        """Tell the current time."""
        return t.run("HassGetCurrentTime")

    @tool(examples=[("is the garage door open", {"device": "garage door"})])
    def get_state(device: Name) -> ActionToolResult:
        """Say whether a device is on, off, open, locked, or its reading.

        Args:
            device: Name of the device or area; "it" for the last one.

        """
        return t.on_devices("HassGetState", device)

    fns = [turn_on, turn_off, set_brightness, set_temperature, start_timer, set_alarm,
           send_message, add_to_list, get_time, get_state]
    return [Tool.from_function(fn) for fn in fns]  # type: ignore[arg-type]
