"""Lists, the outbox and custom intents."""

from __future__ import annotations

import json

from sayso.actions import ActionHandler, Store
from sayso.actions.lists import Lists, match_list
from sayso.actions.messages import Outbox

from .conftest import Intent, dump


def test_shopping_and_todo_lists(handler: ActionHandler, store: Store, intent: Intent) -> None:
    added = handler.handle(intent("HassShoppingListAddItem", item="milk"))
    assert added.speech == "Added milk to your shopping list."
    handler.handle(intent("HassListAddItem", name="shopping list", item="eggs"))
    handler.handle(intent("HassListAddItem", name="todo", item="call the plumber"))
    lists = Lists(store)
    assert [i.item for i in lists.items("shopping")] == ["milk", "eggs"]
    assert [i.item for i in lists.items("to-do")] == ["call the plumber"]
    done = handler.handle(intent("HassShoppingListCompleteItem", item="Milk"))
    assert done.success
    assert [i.item for i in lists.items("shopping")] == ["eggs"]
    removed = handler.handle(intent("HassListRemoveItem", name="my shopping list", item="eggs"))
    assert removed.speech == "Removed eggs from your shopping list."
    assert lists.items("shopping") == []


def test_list_failures(handler: ActionHandler, store: Store, intent: Intent) -> None:
    before = dump(store)
    assert handler.handle(intent("HassListAddItem", name="wine", item="x")).error_code == (
        "no_such_list"
    )
    assert handler.handle(intent("HassListRemoveItem", name="to-do", item="y")).error_code == (
        "no_such_item"
    )
    assert dump(store) == before


def test_match_list_names() -> None:
    names = ("shopping", "to-do")
    assert match_list("To Do list", names) == "to-do"
    assert match_list("the shopping list", names) == "shopping"
    assert match_list("garden", names) is None


def test_send_message(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(intent("SaysoSendMessage", contact="alice", message="I'm late"))
    assert result.success and result.speech == "Message to Alice queued: I'm late."
    [message] = Outbox(store).all()
    assert (message.recipient, message.body, message.status) == ("Alice", "I'm late", "queued")
    unknown = handler.handle(intent("SaysoSendMessage", contact="Zed", message="hi"))
    assert unknown.error_code == "no_such_contact" and "Alice" in unknown.speech
    empty = handler.handle(intent("SaysoSendMessage", contact="Bob", message=" "))
    assert empty.error_code == "invalid_value"
    assert len(Outbox(store).all()) == 1


def test_custom_intent_is_recorded(handler: ActionHandler, store: Store, intent: Intent) -> None:
    result = handler.handle(intent("OrderPizza", size="large", topping="mushroom"))
    assert result.success and result.speech == "Done."
    row = store.row("SELECT * FROM custom_actions")
    assert row["intent"] == "OrderPizza"
    assert json.loads(row["slots"]) == {"size": "large", "topping": "mushroom"}
    assert result.data["custom_action_id"] == row["id"]
