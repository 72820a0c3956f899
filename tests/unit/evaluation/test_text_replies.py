"""The reply check of `eval text --replies`: the language test, the fixture turned into a home."""

from __future__ import annotations

from sayso.actions.home import parse_home
from sayso.evaluation.text_replies import in_language, sayso_home


def test_a_reply_is_in_its_language_unless_it_fell_back_to_english() -> None:
    assert in_language("Aucun minuteur en cours.", "fr")
    assert not in_language("There are no timers.", "fr")
    assert in_language("Licht eingeschaltet", "de")
    assert not in_language("Sorry, I didn't understand that.", "es")
    assert in_language("No hay temporizadores.", "es")  # "no" is Spanish too
    assert in_language("已打开", "zh-cn") and not in_language("Turned on", "zh-cn")
    assert in_language("2", "zh-cn")  # a count alone, as Home Assistant answers "how many"
    assert in_language("", "de")  # "never mind" says nothing
    assert in_language("1", "de") and in_language("Keine Timer gestoppt.", "de")


def test_the_fixture_becomes_a_valid_home() -> None:
    fixture = {
        "language": "fr",
        "floors": [{"name": "Rez-De-Chaussée", "id": "ground"}],
        "areas": [
            {"name": "Cuisine", "id": "kitchen", "floor": "ground"},
            {"name": "Cuisine", "id": "kitchen_again"},
        ],
        "entities": [
            {"name": "Lampe", "id": "light.lamp", "area": "kitchen", "state": "on"},
            {"name": "Lampe bis", "id": "light.lamp", "area": "kitchen"},
            {"name": "CO", "id": "binary_sensor.co", "state": {"in": "clair", "out": "off"},
             "attributes": {"device_class": "carbon_monoxide"}},
            {"name": "Courses", "id": "todo.courses"},
            {"name": "Personne", "id": "person.x"},
        ],
    }  # fmt: skip
    home = parse_home(sayso_home(fixture))
    assert [d.entity_id for d in home.devices] == ["light.lamp", "binary_sensor.co"]
    assert home.devices[0].aliases == ("Lampe bis",)
    assert home.devices[1].state == "off" and home.lists == ("Courses",)
    assert home.areas == {"Cuisine": "Rez-De-Chaussée"} and home.language == "fr"
