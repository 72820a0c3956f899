"""Plan/apply: a plan computes an action's reply and changes on the real store, changing nothing."""

from __future__ import annotations

import pytest

from sayso.actions import ActionHandler, Store
from sayso.actions.timers import Timers

from .conftest import Intent, dump, state_of


@pytest.mark.parametrize(
    ("name", "slots"),
    [
        ("HassTurnOn", {"name": "light.kitchen"}),
        ("HassStartTimer", {"minutes": 5}),
        ("HassShoppingListAddItem", {"item": "milk"}),
        ("HassTurnOn", {"name": "light.nowhere"}),  # a failure is planned as one too
        ("MyCustomIntent", {"colour": "red"}),
    ],
)
def test_a_plan_says_what_the_action_will_and_changes_nothing(
    handler: ActionHandler, store: Store, intent: Intent, name: str, slots: dict[str, object]
) -> None:
    before = dump(store)
    plan = handler.plan(intent(name, **slots))
    assert dump(store) == before  # nothing of the rehearsal stayed
    result = handler.apply(plan)
    assert plan.holds(result)
    assert (result.success, result.speech, result.error_code) == (
        plan.result.success, plan.result.speech, plan.result.error_code,
    )
    assert [c.attribute for c in result.changes] == [c.attribute for c in plan.result.changes]
    assert (dump(store) != before) == (result.success and bool(result.changes))


def test_apply_sees_the_state_of_the_commit_not_of_the_plan(
    handler: ActionHandler, store: Store, intent: Intent
) -> None:
    plan = handler.plan(intent("HassStartTimer", minutes=5))
    planned_timers = plan.result.data["timer_id"]
    handler.handle(intent("HassStartTimer", minutes=10))  # another turn committed in between
    result = handler.apply(plan)
    assert result.success and result.data["timer_id"] != planned_timers
    assert len(Timers(store).live()) == 2


def test_a_plan_that_no_longer_holds_is_detected(
    handler: ActionHandler, store: Store, intent: Intent
) -> None:
    plan = handler.plan(intent("HassShoppingListCompleteItem", item="milk"))
    handler.handle(intent("HassShoppingListAddItem", item="milk"))  # the state moved
    result = handler.apply(plan)
    assert not plan.holds(result), (plan.result.speech, result.speech)


def test_a_rehearsal_inside_nothing_leaves_the_store_usable(
    handler: ActionHandler, store: Store, intent: Intent
) -> None:
    with store.rehearsal():
        handler.handle(intent("HassTurnOn", name="light.kitchen"))  # nested: a savepoint
        assert state_of(store, "light.kitchen")[0] == "on"
    assert state_of(store, "light.kitchen")[0] == "off"
    handler.handle(intent("HassTurnOn", name="light.kitchen"))
    assert state_of(store, "light.kitchen")[0] == "on"
