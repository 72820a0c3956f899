"""Lists, the outbox and custom intents."""

from __future__ import annotations

import json

import pytest

from sayso.actions import ActionHandler, Store
from sayso.actions.lists import Lists, match_list, same_item, split_items
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


def test_an_item_is_found_as_it_is_said(
    handler: ActionHandler, store: Store, intent: Intent
) -> None:
    for item in ("apples", "strawberries", "dish soap", "glasses"):
        handler.handle(intent("HassShoppingListAddItem", item=item))
    # Whisper writes "apples" as "Apple's"; people say "the apples", or one strawberry.
    done = handler.handle(intent("HassShoppingListCompleteItem", item="Apple's"))
    assert done.success and done.speech == "Checked apples off your shopping list."
    removed = handler.handle(intent("HassListRemoveItem", name="shopping", item="the strawberry"))
    assert removed.speech == "Removed strawberries from your shopping list."
    assert handler.handle(intent("HassShoppingListCompleteItem", item="a glass")).success
    assert [i.item for i in Lists(store).items("shopping")] == ["dish soap"]
    before = dump(store)
    missing = handler.handle(intent("HassShoppingListCompleteItem", item="the soap"))
    assert missing.error_code == "no_such_item"
    assert missing.speech == "I can't find the soap on your shopping list."
    assert dump(store) == before


def test_same_item_rules() -> None:
    assert same_item("the Apple's", "apples")
    assert same_item("berry", "Berries") and same_item("tomato", "tomatoes")
    assert same_item("shoe", "shoes") and same_item("glass", "glasses")
    assert same_item("all the eggs", "eggs")
    assert not same_item("apples", "apple pie")
    assert not same_item("soap", "dish soap")
    assert not same_item("the", "eggs")
    assert not same_item("", "eggs")


def test_what_is_on_a_list(handler: ActionHandler, intent: Intent) -> None:
    empty = handler.handle(intent("SaysoListItems", name="to-do"))
    assert empty.success and empty.speech == "Your to-do list is empty."
    assert empty.data["items"] == []
    for item in ("milk", "eggs", "bread"):
        handler.handle(intent("HassShoppingListAddItem", item=item))
    handler.handle(intent("HassShoppingListCompleteItem", item="eggs"))
    listed = handler.handle(intent("SaysoListItems", name="my shopping list"))
    assert listed.speech == "On your shopping list: milk and bread."
    assert listed.data == {"list": "shopping", "items": ["milk", "bread"]}
    assert handler.handle(intent("SaysoListItems")).data["items"] == ["milk", "bread"]
    assert handler.handle(intent("SaysoListItems", name="wine")).error_code == "no_such_list"


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


@pytest.mark.parametrize(
    ("said", "language", "items"),
    [
        ("eggs and bread", "en", ["eggs", "bread"]),
        ("eggs, bread, and milk", "en", ["eggs", "bread", "milk"]),
        ("eggs and Mac and Cheese", "en", ["eggs", "Mac and Cheese"]),
        ("half and half", "en", ["half and half"]),
        ("Milch und Eier", "de", ["Milch", "Eier"]),
        ("Salz und Pfeffer", "de", ["Salz und Pfeffer"]),
        ("leche y huevos", "es", ["leche", "huevos"]),
        ("sandwich", "en", ["sandwich"]),
    ],
)
def test_items_said_together_are_split_where_a_shop_sells_them_apart(
    said: str, language: str, items: list[str]
) -> None:
    assert split_items(said, language) == items


def test_the_shopping_list_takes_each_item_and_a_to_do_stays_whole(
    handler: ActionHandler, intent: Intent
) -> None:
    # Each item without its article (the first one's slot comes without it already).
    handler.handle(intent("HassShoppingListAddItem", item="eggs, the bread and some milk"))
    handler.handle(intent("HassListAddItem", name="to-do", item="pick up milk and eggs"))
    assert handler.handle(intent("SaysoListItems", name="shopping")).speech.endswith(
        "eggs, bread and milk."
    )
    removed = handler.handle(intent("HassShoppingListCompleteItem", item="bread"))
    assert removed.success
    todo = Lists(handler.store).items("to-do")
    assert [i.item for i in todo] == ["pick up milk and eggs"]
