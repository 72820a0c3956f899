"""Which request stops a ringing timer or alarm, and what it does when nothing rings."""

from __future__ import annotations

import dataclasses
from typing import Any

from sayso.actions import ActionHandler
from sayso.actions.ringing import Ringing, stop_meant
from sayso.events import IntentRecognized

from .conftest import make_intent


def rings() -> Ringing:
    """Three rings, each said once (as a session saying it marks it)."""
    ringing = Ringing()
    for key, label in (("timer:1", "pizza"), ("timer:2", None), ("alarm:3", None)):
        ringing.start(key, label).announced = True
    return ringing


def said(intent_name: str, text: str, **slots: Any) -> IntentRecognized:
    return dataclasses.replace(make_intent(intent_name, **slots), text=text)


def keys(found: list) -> list[str]:  # type: ignore[type-arg]
    return [r.key for r in found]


def test_a_bare_stop_stops_everything_that_rings() -> None:
    everything = ["timer:1", "timer:2", "alarm:3"]
    assert keys(rings().meant_by(said("HassMediaPause", "Stop."))) == everything
    assert keys(rings().meant_by(said("HassMediaPause", "stop it"))) == everything


def test_a_pause_that_names_a_player_or_music_is_a_pause() -> None:
    ringing = rings()
    assert ringing.meant_by(said("HassMediaPause", "stop", name="media_player.tv")) == []
    assert ringing.meant_by(said("HassMediaPause", "stop", area="living room")) == []
    # Read with no player named, and meant for the music:
    assert ringing.meant_by(said("HassMediaPause", "pause the music")) == []
    assert ringing.meant_by(said("HassMediaPause", "stop playing")) == []


def test_a_ring_nobody_has_heard_yet_is_not_what_a_stop_means() -> None:
    ringing = Ringing()
    ring = ringing.start("timer:1")  # due, its first announcement waits behind a long reply
    assert ringing.meant_by(said("HassMediaPause", "Stop.")) == [] and ringing.heard() == []
    ring.announced = True
    assert ringing.meant_by(said("HassMediaPause", "Stop.")) == [ring]


def test_stop_the_timer_stops_the_timers_and_a_name_picks_one() -> None:
    ringing = rings()
    assert keys(ringing.meant_by(make_intent("HassCancelTimer"))) == ["timer:1", "timer:2"]
    assert keys(ringing.meant_by(make_intent("HassCancelTimer", name="Pizza "))) == ["timer:1"]
    # Another name or a length means a running timer: cancelled as before.
    assert ringing.meant_by(make_intent("HassCancelTimer", name="tea")) == []
    assert ringing.meant_by(make_intent("HassCancelTimer", start_minutes=10)) == []


def test_cancel_the_alarm_stops_the_ringing_alarm_unless_a_time_is_said() -> None:
    ringing = rings()
    assert keys(ringing.meant_by(make_intent("SaysoCancelAlarm"))) == ["alarm:3"]
    assert ringing.meant_by(make_intent("SaysoCancelAlarm", alarm_time="7:00")) == []
    assert ringing.meant_by(make_intent("HassTurnOff", name="light.kitchen")) == []


def test_a_stopped_ring_is_gone_and_a_ring_started_again_replaces_the_old() -> None:
    ringing = rings()
    [pizza, *_] = ringing.active()
    assert ringing.stop([pizza]) == [pizza] and not pizza.ringing
    assert ringing.stop([pizza]) == []  # stopped once
    again = ringing.start("timer:2")
    assert keys(ringing.active()) == ["alarm:3", "timer:2"] and again.ringing
    assert len(ringing.stop()) == 2 and ringing.active() == []
    assert stop_meant(said("HassMediaPause", "stop"), []) == []


def test_stop_while_it_rings_is_silent_and_only_the_commit_stops_it(handler: ActionHandler) -> None:
    ring = handler.ringing.start("timer:7", "tea")
    ring.announced = True
    stop = make_intent("HassCancelTimer")
    plan = handler.plan(stop)  # a speculative turn plans it: nothing stops yet
    assert plan.result.success and plan.result.speech == "" and ring.ringing
    result = handler.apply(plan)
    assert plan.holds(result) and not ring.ringing
    assert [(c.target, c.attribute, c.old, c.new) for c in result.changes] == [
        ("timer:7", "ringing", True, False)
    ]
    assert result.data == {"stopped_ringing": ["timer:7"]}


def test_stop_with_nothing_ringing_is_handled_as_before(handler: ActionHandler) -> None:
    assert handler.handle(said("HassMediaPause", "stop")).speech == "Nothing is playing."
    assert handler.handle(make_intent("HassCancelTimer")).speech == "There's no timer running."


def test_a_stop_the_grammar_does_not_read_stops_only_the_rings(handler: ActionHandler) -> None:
    ring = handler.ringing.start("alarm:2")
    ring.announced = True
    result = handler.stop_ringing(said("HassMediaPause", "be quiet"))
    assert result.speech == "" and result.data == {"stopped_ringing": ["alarm:2"]}
    assert not ring.ringing
    assert handler.stop_ringing(said("HassMediaPause", "be quiet")).changes == ()
