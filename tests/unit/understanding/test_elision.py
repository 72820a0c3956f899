"""French elisions spelled out when the templates only know the full word."""

from __future__ import annotations

from sayso.config import IntentsConfig
from sayso.understanding.hassil.elision import spelled_out
from sayso.understanding.hassil.recognizer import HassilRecognizer


def test_only_unambiguous_french_elisions_are_spelled_out() -> None:
    assert spelled_out("Crée un minuteur d'une heure", "fr") == "Crée un minuteur de une heure"
    assert spelled_out("Qu’il fasse jour", "fr") == "Que il fasse jour"
    assert spelled_out("allume l'entrée", "fr") is None  # "l'": le or la
    assert spelled_out("turn on d'light", "en") is None


def test_a_timer_of_one_hour_with_an_elision() -> None:
    rec = HassilRecognizer(IntentsConfig(language="fr"))
    rec.load()
    # As written, only the media wildcard ("Mets {search_query}") matched.
    found = rec.recognize("Mets un minuteur d'une heure")
    assert found is not None and (found.intent, found.slot_dict()) == (
        "HassStartTimer",
        {"hours": 1},
    )
    said = rec.recognize("annonce qu'il pleut")
    assert said is not None and said.slot_dict() == {"message": "il pleut"}
