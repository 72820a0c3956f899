"""Which request stops a ringing timer or alarm, and what it does when nothing rings."""

from __future__ import annotations

from sayso.actions import ActionHandler
from sayso.actions.ringing import Ringing, stop_meant

from .conftest import make_intent


def rings() -> Ringing:
    ringing = Ringing()
    ringing.start("timer:1", "pizza")
    ringing.start("timer:2")
    ringing.start("alarm:3")
    return ringing


def keys(found: list) -> list[str]:  # type: ignore[type-arg]
    return [r.key for r in found]


def test_a_bare_stop_stops_everything_that_rings() -> None:
    everything = ["timer:1", "timer:2", "alarm:3"]
    assert keys(rings().meant_by(make_intent("HassMediaPause"))) == everything


def test_a_pause_that_names_a_player_is_a_pause() -> None:
    ringing = rings()
    assert ringing.meant_by(make_intent("HassMediaPause", name="media_player.tv")) == []
    assert ringing.meant_by(make_intent("HassMediaPause", area="living room")) == []


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
    assert stop_meant(make_intent("HassMediaPause"), []) == []


def test_stop_while_it_rings_is_silent_and_only_the_commit_stops_it(handler: ActionHandler) -> None:
    ring = handler.ringing.start("timer:7", "tea")
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
    assert handler.handle(make_intent("HassMediaPause")).speech == "Nothing is playing."
    assert handler.handle(make_intent("HassCancelTimer")).speech == "There's no timer running."
