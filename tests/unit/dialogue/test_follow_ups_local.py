"""Follow-ups in German, French and Spanish, as rewrites (pure logic; the app tests read them)."""

from __future__ import annotations

import pytest

from sayso.dialogue.follow_ups_local import (
    also_rewrites,
    head,
    more,
    object_phrase,
    pronoun_rewrites,
    rewrites,
    rules_for,
)
from sayso.dialogue.follow_ups_zh import object_of
from sayso.dialogue.follow_ups_zh import pronoun_rewrites as chinese_rewrites
from sayso.dialogue.joined import halves, joining_languages

KITCHEN_DE = "schalte das küchenlicht ein"
KITCHEN_FR = "allume la lumière de la cuisine"
KITCHEN_ES = "enciende la luz de la cocina"


def test_the_object_is_the_command_without_its_verb_and_particle() -> None:
    de, fr, es = (rules_for(code) for code in ("de", "fr", "es"))
    assert de is not None and fr is not None and es is not None
    assert object_phrase(KITCHEN_DE, de) == (["schalte"], ["das", "küchenlicht"], ["ein"])
    assert object_phrase("kannst du bitte das licht in der küche einschalten", de)[1] == [
        "das", "licht", "in", "der", "küche",
    ]  # fmt: skip
    assert object_phrase("ist das küchenlicht an", de)[1] == ["das", "küchenlicht"]
    assert object_phrase("peux-tu allumer la lumière du salon", fr)[1] == [
        "la", "lumière", "du", "salon",
    ]  # fmt: skip
    assert object_phrase("por favor enciende la luz de la cocina", es)[1] == [
        "la", "luz", "de", "la", "cocina",
    ]  # fmt: skip
    assert rules_for("en") is None and rules_for("zh-CN") is None


def test_the_head_is_the_article_and_the_kind_a_compound_ends_with() -> None:
    assert head(["das", "küchenlicht"], "de") == ["das", "licht"]
    assert head(["die", "stehlampe"], "de") == ["die", "lampe"]
    assert head(["das", "Küchenlicht"], "de") == ["das", "Licht"]  # a noun keeps its capital
    assert head(["la", "lumière", "de", "la", "cuisine"], "fr") == ["la", "lumière"]
    assert head(["la", "luz", "del", "pasillo"], "es") == ["la", "luz"]
    assert head(["die", "kaffeemaschine"], "de") == []  # names no kind


@pytest.mark.parametrize(
    ("said", "before", "language", "meant"),
    [
        ("Schalte es aus.", KITCHEN_DE, "de", "Schalte das küchenlicht aus"),
        ("mach sie an", "schalte die stehlampe aus", "de", "mach die stehlampe an"),
        ("mach das aus", KITCHEN_DE, "de", "mach das küchenlicht aus"),
        ("ist es noch an?", KITCHEN_DE, "de", "ist das küchenlicht noch an"),
        ("Éteins-la.", KITCHEN_FR, "fr", "Éteins la lumière de la cuisine"),
        ("éteins la", KITCHEN_FR, "fr", "éteins la lumière de la cuisine"),
        ("Peux-tu l'éteindre ?", KITCHEN_FR, "fr", "Peux tu éteindre la lumière de la cuisine"),
        ("tu peux la fermer", "ouvre la porte", "fr", "tu peux fermer la porte"),
        ("Apágala.", KITCHEN_ES, "es", "apaga la luz de la cocina"),
        ("enciéndelas", "apaga las luces del salón", "es", "enciende las luces del salón"),
        ("¿Puedes apagarla?", KITCHEN_ES, "es", "Puedes apagar la luz de la cocina"),
    ],
)  # fmt: skip
def test_the_pronoun_is_replaced_by_the_object(
    said: str, before: str, language: str, meant: str
) -> None:
    assert pronoun_rewrites(said, before, language)[0] == meant


@pytest.mark.parametrize(
    ("said", "before", "language"),
    [
        ("es", KITCHEN_DE, "de"),  # a pronoun alone is no command
        ("das ist gut", KITCHEN_DE, "de"),  # "das" before no particle is no pronoun
        ("la cuisine", KITCHEN_FR, "fr"),  # an article before a noun
        ("éteins la lumière", KITCHEN_FR, "fr"),
        ("la sala", KITCHEN_ES, "es"),  # "sala" ends as a clitic would, but is no verb
        ("hola", KITCHEN_ES, "es"),
    ],
)  # fmt: skip
def test_words_that_only_look_like_a_pronoun_are_not_rewritten(
    said: str, before: str, language: str
) -> None:
    assert pronoun_rewrites(said, before, language) == []


def test_an_also_turn_puts_the_new_place_after_the_head() -> None:
    assert also_rewrites(["im", "flur"], KITCHEN_DE, "küchenlicht", "de")[0] == (
        "schalte das licht im flur ein"
    )
    area = "schalte das licht in der küche ein"
    assert "schalte das licht in der wohnzimmer ein" in also_rewrites(
        ["das", "wohnzimmer"], area, "küche", "de"
    )  # the place swapped where it was said
    assert also_rewrites(["celle", "du", "couloir"], KITCHEN_FR, "lumière de la cuisine", "fr")[
        0
    ] == "allume la lumière du couloir"
    assert "allume la lumière de la chambre" in also_rewrites(
        ["la", "chambre"], KITCHEN_FR, "lumière de la cuisine", "fr"
    )
    assert also_rewrites(["la", "del", "pasillo"], KITCHEN_ES, "luz de la cocina", "es")[0] == (
        "enciende la luz del pasillo"
    )
    assert also_rewrites([], KITCHEN_ES, "luz de la cocina", "es") == []
    assert also_rewrites(["a"] * 7, KITCHEN_ES, "luz de la cocina", "es") == []  # too long


def test_an_also_turn_is_marked_and_read_as_the_last_command() -> None:
    found = rewrites("Und im Flur auch.", KITCHEN_DE, "küchenlicht", "HassTurnOn", "de")
    assert found[0] == ("schalte das licht im Flur ein", "HassTurnOn")  # as said
    found = rewrites("y en el pasillo también", KITCHEN_ES, "luz de la cocina", "HassTurnOn", "es")
    assert found[0] == ("enciende la luz en el pasillo", "HassTurnOn")
    assert rewrites("im Flur", KITCHEN_DE, "küchenlicht", "HassTurnOn", "de") == []  # unmarked
    found = rewrites("mach es aus", KITCHEN_DE, "küchenlicht", "HassTurnOn", "de")
    assert found == [("mach das küchenlicht aus", None)]  # any reading: "ist es an?" asks


def test_two_commands_split_at_the_language_s_and_sharing_a_german_particle() -> None:
    assert halves("Schalte das Küchenlicht und das Flurlicht aus.", "de") == [
        ("Schalte das Küchenlicht aus", "das Flurlicht aus"),
    ]  # fmt: skip
    assert halves("éteins la lumière de la cuisine et celle du couloir", "fr") == [
        ("éteins la lumière de la cuisine", "celle du couloir"),
    ]  # fmt: skip
    assert halves("turn off the kitchen light and the hallway light", "en") == [
        ("turn off the kitchen light", "the hallway light"),
    ]  # fmt: skip
    assert halves("关灯和开风扇", "zh-CN") == []
    assert joining_languages("Schalte das Küchenlicht und das Flurlicht aus", "en") == ["en", "de"]
    second = more("das flurlicht aus", "schalte das küchenlicht aus", "küchenlicht", "de")
    assert "schalte das flurlicht aus" in second  # the shared "aus" put back once


def test_a_chinese_pronoun_is_replaced_by_the_object_without_its_verbs() -> None:
    assert object_of("打开厨房灯") == "厨房灯"
    assert object_of("请把客厅的灯关掉。") == "客厅的灯"
    assert object_of("厨房灯开着吗") == "厨房灯"
    assert chinese_rewrites("把它关掉", "打开厨房灯") == ["把厨房灯关掉"]
    assert chinese_rewrites("它开着吗？", "打开厨房灯") == ["厨房灯开着吗"]
    assert chinese_rewrites("它", "打开厨房灯") == []  # a pronoun alone is no command
    assert chinese_rewrites("打开卧室灯", "打开厨房灯") == []  # no pronoun
