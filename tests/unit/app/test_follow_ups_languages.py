"""Turns that lean on the last one in German, French and Spanish, and undo in them.

Before, "Schalte es aus", "éteins-la" and "apágala" after a command were not understood; "und
im Flur auch" neither; two commands joined by "und", "et" or "y" were not read at all, and
"mach das rückgängig", "annule ça" and "deshaz eso" had no intent. No model is loaded (hassil
templates, real SQLite), so these run in the fast tier.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from sayso.actions.timers import Timers
from sayso.app.assistant import Assistant

from .conftest import OTHER_LANGUAGES, typed_assistant
from .test_no_invented_actions import snapshot

KITCHEN, HALLWAY = "light.kitchen", "light.hallway"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "follow-ups-languages", OTHER_LANGUAGES)


def say(a: Assistant, session: str, *texts: str) -> list[str]:
    return [asyncio.run(a.run_text(t, session_id=session)).reply_text for t in texts]


def state(a: Assistant, entity_id: str) -> str:
    assert a.actions is not None
    row = a.actions.store.row("SELECT state FROM devices WHERE entity_id = ?", (entity_id,))
    return str(row["state"])


def both(a: Assistant) -> tuple[str, str]:
    return state(a, KITCHEN), state(a, HALLWAY)


@pytest.mark.parametrize(
    ("on", "it_off", "also"),
    [
        ("Schalte das Küchenlicht ein", "Schalte es aus", "Und im Flur auch."),
        ("Schalte das Licht in der Küche ein", "Mach es aus", "und das Flurlicht auch"),
        ("Allume la lumière de la cuisine", "Éteins-la", "Et celle du couloir"),
        ("Allume la lumière de la cuisine", "Peux-tu l'éteindre ?", "et dans le couloir aussi"),
        ("Enciende la luz de la cocina", "Apágala", "Y la del pasillo"),
        ("Enciende la luz de la cocina", "¿Puedes apagarla?", "y en el pasillo también"),
    ],
)  # fmt: skip
def test_it_and_also_act_on_the_last_command_s_device(
    assistant: Assistant, on: str, it_off: str, also: str
) -> None:
    session = f"{on}/{it_off}"
    say(assistant, session, "turn on the hallway light", on)
    assert both(assistant) == ("on", "on")
    say(assistant, session, it_off)
    assert both(assistant) == ("off", "on")
    say(assistant, session, also)
    assert both(assistant) == ("off", "off")


@pytest.mark.parametrize(
    ("joined", "undo", "undone"),
    [
        ("Schalte das Küchenlicht und das Flurlicht ein", "Mach das rückgängig",
         "Rückgängig gemacht: alles wieder wie vorher."),
        ("Allume la lumière de la cuisine et celle du couloir", "Annule ça",
         "C'est annulé : tout est comme avant."),
        ("Enciende la luz de la cocina y la del pasillo", "Deshaz eso",
         "Hecho: todo está como antes."),
    ],
)  # fmt: skip
def test_two_joined_commands_run_and_undo_puts_both_back(
    assistant: Assistant, joined: str, undo: str, undone: str
) -> None:
    say(assistant, joined, "turn off the kitchen light", "turn off the hallway light")
    say(assistant, joined, joined)
    assert both(assistant) == ("on", "on")
    assert say(assistant, joined, undo) == [undone]
    assert both(assistant) == ("off", "off")


def test_undo_with_nothing_to_undo_says_so_in_the_language(assistant: Assistant) -> None:
    assert say(assistant, "nothing-de", "Mach das rückgängig") == [
        "Da gibt es nichts rückgängig zu machen."
    ]
    assert say(assistant, "nothing-es", "deshaz eso") == ["No hay nada que deshacer."]


@pytest.mark.parametrize("said", ["es", "das ist gut", "und", "la cuisine", "hola", "auch"])
def test_words_that_lean_on_nothing_change_nothing(assistant: Assistant, said: str) -> None:
    session = f"noise/{said}"
    say(assistant, session, "Schalte das Küchenlicht ein", "Allume la lumière de la cuisine")
    assert assistant.actions is not None
    before = snapshot(assistant.actions)
    say(assistant, session, said)
    assert snapshot(assistant.actions) == before


def test_a_timer_cancelled_as_it_is_not_another_one(assistant: Assistant) -> None:
    replies = say(
        assistant, "timers", "set a timer for 10 minutes", "set a timer for 5 minutes",
        "cancel it", "cancel it", "what timers are running",
    )  # fmt: skip
    assert replies[3] == "There's no 5 minute timer running."  # not "There's no timer running."
    assert replies[4].endswith("left.")  # "what timers are running" is read as a timer's status
    assert assistant.actions is not None
    assert [t.duration_s for t in Timers(assistant.actions.store).live()] == [600]
    say(assistant, "timers", "cancel all timers")


@pytest.mark.parametrize(
    ("start", "pause", "cancel"),
    [
        ("Stelle einen Timer auf 10 Minuten", "Pausiere ihn", "Brich ihn ab"),
        ("Mets un minuteur de 10 minutes", "Mets-le en pause", "Annule-le"),
        ("Pon un temporizador de 10 minutos", "Páralo", "Cancélalo"),
    ],
)  # fmt: skip
def test_a_timer_just_set_is_it(assistant: Assistant, start: str, pause: str, cancel: str) -> None:
    assert assistant.actions is not None
    timers = Timers(assistant.actions.store)
    say(assistant, start, "cancel all timers", start)
    assert [t.status for t in timers.live()] == ["active"]
    say(assistant, start, pause)
    assert [t.status for t in timers.live()] == ["paused"]
    say(assistant, start, cancel)
    assert timers.live() == []


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "follow-ups-chinese", ("zh-cn",))


def test_chinese_it_undo_and_a_timer(chinese: Assistant) -> None:
    say(chinese, "zh", "打开厨房灯", "把它关掉")
    assert state(chinese, KITCHEN) == "off"
    # Home Assistant's Chinese template reads the state translated ("现在off" before).
    assert say(chinese, "zh", "它开着吗") == ["不是，厨房灯现在关着"]
    assert say(chinese, "zh", "撤销") == ["好的，已经恢复原样。"]
    assert state(chinese, KITCHEN) == "on"
    assert chinese.actions is not None
    timers = Timers(chinese.actions.store)
    say(chinese, "zh", "设置一个10分钟的计时器", "暂停它")
    assert [t.status for t in timers.live()] == ["paused"]
    say(chinese, "zh", "取消它")
    assert timers.live() == []
