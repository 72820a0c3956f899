"""Alarms and lists asked for in German, French, Spanish or Chinese are answered in that language.

Before, sayso's alarm and list-reading intents had English sentences only, and "cancel all
alarms" asked "which one?".
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sayso.actions import ActionHandler, FixedClock, HomeSpec, Store
from sayso.actions.time_words import describe_time_in
from sayso.understanding.response_book import ResponseBook

from .conftest import START, Intent, make_intent


@pytest.fixture
def answering(store: Store, home: HomeSpec, clock: FixedClock) -> ActionHandler:
    book = ResponseBook("en")
    return ActionHandler(store, home, clock, book.for_action, book.failure)


def said(handler: ActionHandler, language: str, name: str, /, **slots: object) -> str:
    result = handler.handle(dataclasses.replace(make_intent(name, **slots), language=language))
    assert result.success, result
    return result.speech


def test_an_alarm_set_listed_and_cancelled_in_german(answering: ActionHandler) -> None:
    assert said(answering, "de", "SaysoSetAlarm", alarm_time="7 Uhr") == (
        "Wecker gestellt: morgen um 7 Uhr"
    )
    said(answering, "de", "SaysoSetAlarm", alarm_time="Freitag um halb acht")
    assert said(answering, "de", "SaysoListAlarms") == (
        "Du hast 2 Wecker: morgen um 7 Uhr und am Freitag um 7:30 Uhr."
    )
    assert said(answering, "de", "SaysoCancelAlarm", alarm_time="7 Uhr") == (
        "Wecker für morgen um 7 Uhr gelöscht"
    )
    one = said(answering, "de", "SaysoListAlarms")
    assert one == "Dein Wecker klingelt am Freitag um 7:30 Uhr."


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Votre alarme sonne demain à 7 heures."),
        ("es", "Tu alarma suena mañana a las 7."),
        ("zh-CN", "闹钟会在明天7点响。"),
        ("en", "You have one alarm, for 7 AM tomorrow."),
    ],
)
def test_the_alarm_is_said_in_the_turns_language(
    answering: ActionHandler, language: str, expected: str
) -> None:
    said(answering, language, "SaysoSetAlarm", alarm_time="7:00")
    assert said(answering, language, "SaysoListAlarms") == expected


def test_cancel_all_alarms_cancels_them_all(answering: ActionHandler, intent: Intent) -> None:
    answering.handle(intent("SaysoSetAlarm", alarm_time="6 am"))
    answering.handle(intent("SaysoSetAlarm", alarm_time="7 am"))
    every = dataclasses.replace(intent("SaysoCancelAlarm", all=True), response_key="all")
    result = answering.handle(every)
    assert result.success and result.speech == "All alarms cancelled"
    assert [c.new for c in result.changes] == ["cancelled", "cancelled"]
    assert answering.handle(intent("SaysoListAlarms")).speech == "You have no alarms."


def test_a_list_is_read_in_the_turns_language(answering: ActionHandler, intent: Intent) -> None:
    assert said(answering, "de", "SaysoListItems", name="shopping") == "Die Liste ist leer."
    answering.handle(intent("HassShoppingListAddItem", item="Milch"))
    answering.handle(intent("HassShoppingListAddItem", item="Eier"))
    assert said(answering, "de", "SaysoListItems", name="shopping") == (
        "Auf der Liste stehen Milch und Eier."
    )
    assert said(answering, "zh-CN", "SaysoListItems", name="shopping") == "清单上有Milch、Eier。"


def test_times_in_words_of_each_language() -> None:
    later = START + dt.timedelta(days=9, hours=-12, minutes=5)  # 10:05, nine days on
    assert describe_time_in(later, START, "de") == "am 19.3. um 10:05 Uhr"
    assert describe_time_in(later, START, "fr") == "le 19/3 à 10 heures 05"
    assert describe_time_in(later, START, "it") == "10:05 AM on 19 March"  # English
