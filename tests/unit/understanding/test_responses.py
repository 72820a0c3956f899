"""Response templates rendered like Home Assistant renders them."""

from __future__ import annotations

import datetime

import pytest

from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.responses import FALLBACK_ERROR, ResponseRenderer, response_slots

from .understanding_home import PIZZA


@pytest.fixture(scope="module")
def renderer() -> ResponseRenderer:
    r = ResponseRenderer("en", custom=(str(PIZZA),))
    r.load()
    return r


def test_turn_on_with_name_slot(renderer: ResponseRenderer, recognizer: HassilRecognizer) -> None:
    intent = recognizer.recognize("turn on the kitchen light")
    assert intent is not None
    state = {
        "entity_id": "light.kitchen",
        "domain": "light",
        "name": "Kitchen Light",
        "state": "on",
    }
    text = renderer.render(
        intent.intent, intent.response_key, response_slots(intent), {"state": state}
    )
    assert text == "Turned on the light"


def test_slots_and_state_templates(renderer: ResponseRenderer) -> None:
    state = {"entity_id": "lock.front_door", "state_with_unit": "locked"}
    assert renderer.render("HassGetState", "one", {"name": "front door"}, {"state": state}) == (
        "Front door is locked"
    )
    assert renderer.render("HassClimateSetTemperature", None, {"temperature": "21"}) == (
        "Temperature set to 21 degrees"
    )
    assert (
        renderer.render("HassStartTimer", "default", {"minutes": "5"}) == "Timer set for 5 minutes"
    )
    now = {"time": datetime.time(14, 5)}
    assert renderer.render("HassGetCurrentTime", "default", now) == "2:05 PM"


def test_state_attr_helper(renderer: ResponseRenderer) -> None:
    state = {"entity_id": "climate.t", "state": "heat", "attributes": {"current_temperature": 21}}
    assert renderer.render("HassClimateGetTemperature", None, {}, {"state": state}) == "21 degrees"


def test_bundled_and_custom_responses(renderer: ResponseRenderer) -> None:
    assert (
        renderer.render("SaysoSetAlarm", "default", {"alarm_time": "7 am"}) == "Alarm set for 7 am"
    )
    alarms = {"alarms": ["morgen um 7 Uhr", "am Montag um 8:30 Uhr"]}
    assert ResponseRenderer("de").render("SaysoListAlarms", None, {}, alarms) == (
        "Du hast 2 Wecker: morgen um 7 Uhr und am Montag um 8:30 Uhr."
    )
    # English keeps the action's own sentence ("You have one alarm, for 7:00 today.").
    assert renderer.render("SaysoListAlarms", None, {}, alarms) is None
    pizza = renderer.render("OrderPizza", "default", {"quantity": "2", "size": "medium"})
    assert pizza == "Ordering 2 medium pizzas"


def test_failures_give_none(renderer: ResponseRenderer) -> None:
    # Needs `state`: without it the template fails and the caller uses its own words.
    assert renderer.render("HassTurnOn", "default", {"name": "x"}) is None
    assert renderer.render("HassTurnOn", "no_such_key", {}) is None
    assert renderer.render("NoSuchIntent", "default", {}) is None
    assert not renderer.has("NoSuchIntent", "default")


def test_error_texts(renderer: ResponseRenderer) -> None:
    assert renderer.error_text("no_intent") == "Sorry, I couldn't understand that"
    assert renderer.error_text("no_area", {"area": "attic"}) == (
        "Sorry, I am not aware of any area called attic"
    )
    assert renderer.error_text("no_such_error") == FALLBACK_ERROR
    assert renderer.error_text("no_area") == FALLBACK_ERROR  # missing value: fallback


def test_what_day_it_is_says_the_weekday(renderer: ResponseRenderer) -> None:
    slots = {"date": datetime.date(2025, 3, 10)}
    assert renderer.render("HassGetCurrentDate", "weekday", slots, {}) == "Today is Monday."
