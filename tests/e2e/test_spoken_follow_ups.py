"""Spoken turns that lean on the last command, on real engines (rendered by Piper, round 31).

Typed, the same turns are tests/unit/app/test_follow_ups.py; spoken, Whisper's words and the
constrained decode come in: "Turn off the kitchen light and the hallway light." was read by the
constrained decode as "Turn off the kitchen light" alone, and "And the hallway too." was once
heard "in the hallway too." and corrected to a brightness of 2.
"""

from __future__ import annotations

import asyncio

from sayso.app.assistant import Assistant

from .conftest import Render
from .test_spoken_turns import device


def say(a: Assistant, render: Render, text: str, session: str) -> str:
    result = asyncio.run(a.run_turn(render(text, "piper"), session_id=session))
    assert result.action is not None and result.action.success, result.to_dict()
    return result.reply_text


def test_it_and_too_follow_the_last_spoken_command(fresh: Assistant, render: Render) -> None:
    say(fresh, render, "Turn on the kitchen light.", "it")
    say(fresh, render, "Turn it off.", "it")
    assert device(fresh, "light.kitchen")["state"] == "off"
    say(fresh, render, "Turn on the kitchen light.", "too")
    say(fresh, render, "And the hallway too.", "too")
    assert device(fresh, "light.hallway")["state"] == "on"


def test_two_spoken_commands_joined_by_and_both_run(fresh: Assistant, render: Render) -> None:
    say(fresh, render, "Turn on the kitchen light.", "and")
    say(fresh, render, "Turn on the hallway light.", "and")
    say(fresh, render, "Turn off the kitchen light and the hallway light.", "and")
    assert device(fresh, "light.kitchen")["state"] == "off"
    assert device(fresh, "light.hallway")["state"] == "off"


def test_spoken_everything_off_and_a_timer_cancelled_as_it(
    fresh: Assistant, render: Render
) -> None:
    # Round 32: "everything off" and a timer as "it"; before, neither was understood.
    say(fresh, render, "Turn on the kitchen light.", "all")
    say(fresh, render, "Turn everything off.", "all")
    assert device(fresh, "light.kitchen")["state"] == "off"
    assert device(fresh, "media_player.living_room_tv")["state"] == "off"
    say(fresh, render, "Set a timer for ten minutes.", "timer")
    assert say(fresh, render, "Cancel it.", "timer") == "Timer cancelled"
