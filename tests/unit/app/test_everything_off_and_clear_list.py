""""Turn everything off" and "clear the shopping list", in English, German, French and Spanish.

Before, neither was understood in any language ("Sorry, I didn't understand that."). Clearing a
list is asked first: a misheard "clear" must not lose it. No model is loaded (hassil templates,
real SQLite), so these run in the fast tier.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from sayso.actions.everything_off import SWEPT
from sayso.actions.lists import Lists
from sayso.app.assistant import Assistant

from .conftest import OTHER_LANGUAGES, typed_assistant


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "sweeping", OTHER_LANGUAGES)


def say(a: Assistant, session: str, *texts: str) -> list[str]:
    return [asyncio.run(a.run_text(t, session_id=session)).reply_text for t in texts]


def states(a: Assistant) -> dict[str, str]:
    assert a.actions is not None
    rows = a.actions.store.rows("SELECT entity_id, state FROM devices")
    return {str(r["entity_id"]): str(r["state"]) for r in rows}


def on(a: Assistant) -> set[str]:
    return {e for e, s in states(a).items() if e.split(".")[0] in SWEPT and s != "off"}


def items(a: Assistant) -> list[str]:
    assert a.actions is not None
    return Lists(a.actions.store).open_items("shopping")


@pytest.mark.parametrize(
    ("command", "reply"),
    [("turn everything off", "Turned off "), ("Schalte alles aus", "Alles ausgeschaltet."),
     ("Éteins tout", "Tout est éteint."), ("Apaga todo", "Todo apagado.")],
)  # fmt: skip
def test_everything_off_switches_off_what_is_on_and_nothing_else(
    assistant: Assistant, command: str, reply: str
) -> None:
    say(assistant, "on", "turn on the kitchen light", "turn on the desk fan",
        "turn on the coffee machine")  # fmt: skip
    before = states(assistant)
    assert len(on(assistant)) >= 3
    said = say(assistant, command, command)[0]
    assert said.startswith(reply)
    after = states(assistant)
    assert on(assistant) == set()
    untouched = {e for e in before if e.split(".")[0] not in SWEPT}  # covers, locks, climate
    assert {e: after[e] for e in untouched} == {e: before[e] for e in untouched}
    assert say(assistant, command, command)[0] != said  # now "already off"


def test_everything_off_in_a_room_and_undo(assistant: Assistant) -> None:
    say(assistant, "room", "turn on the kitchen light", "turn on the bedroom light")
    said = say(assistant, "room", "turn everything off in the kitchen")[0]
    assert said == "Turned off the kitchen light."
    assert states(assistant)["light.bedroom"] == "on"
    say(assistant, "room", "undo that")
    assert states(assistant)["light.kitchen"] == "on"


def test_a_list_is_cleared_only_after_a_yes(assistant: Assistant) -> None:
    say(assistant, "list", "add milk to the shopping list", "add eggs to the shopping list")
    asked, refused = say(assistant, "list", "clear the shopping list", "no")
    assert asked == "Remove all 2 items from your shopping list?"
    assert refused == "Okay, I won't."
    assert items(assistant) == ["milk", "eggs"]
    _, done = say(assistant, "list", "empty my shopping list", "yes")
    assert done == "Cleared your shopping list: 2 items removed."
    assert items(assistant) == []
    assert say(assistant, "list", "clear the shopping list") == [
        "Your shopping list is already empty."
    ]  # nothing to lose: not asked


@pytest.mark.parametrize(
    ("clear", "question", "yes", "reply"),
    [("Leere die Einkaufsliste", "Einkaufsliste leeren?", "Ja", "Die Liste ist geleert."),
     ("Vide la liste de courses", "Vider la liste de courses ?", "Oui", "La liste est vidée."),
     ("Vacía la lista de la compra", "¿Vacío la lista de la compra?", "Sí", "Lista vaciada.")],
)  # fmt: skip
def test_a_list_is_cleared_in_the_turns_language(
    assistant: Assistant, clear: str, question: str, yes: str, reply: str
) -> None:
    say(assistant, clear, "add bread to the shopping list")
    assert say(assistant, clear, clear, yes) == [question, reply]
    assert items(assistant) == []


@pytest.mark.parametrize(
    ("question", "none", "one"),
    [("is anything on", "Nothing is on.", "The desk fan is on."),
     ("Ist noch etwas an?", "Es ist nichts an.", "An: Tischventilator."),
     ("Qu'est-ce qui est allumé ?", "Rien n'est allumé.", "Allumé : ventilateur de bureau."),
     ("¿Hay algo encendido?", "No hay nada encendido.", "Encendido: ventilador de escritorio.")],
)  # fmt: skip
def test_what_is_still_on_is_said_and_changes_nothing(
    assistant: Assistant, question: str, none: str, one: str
) -> None:
    say(assistant, "ask", "turn everything off")
    before = states(assistant)
    assert say(assistant, "ask", question) == [none]
    assert states(assistant) == before
    say(assistant, "ask", "turn on the desk fan")
    assert say(assistant, "ask", question) == [one]
