"""Per-language names in the home file: "Küche" is the kitchen, the action sees "Kitchen"."""

from __future__ import annotations

import pytest

from sayso.actions import demo_home_path, load_home, parse_home
from sayso.errors import ConfigError


def test_demo_home_speaks_five_languages() -> None:
    home = load_home(demo_home_path())
    for language, kitchen, light in [
        ("de", "Küche", "Küchenlicht"),
        ("fr", "cuisine", "lumière de la cuisine"),
        ("es", "cocina", "luz de la cocina"),
        ("zh-cn", "厨房", "厨房灯"),
    ]:
        vocabulary = home.vocabulary(language)
        assert vocabulary.said("Kitchen") == (kitchen,)
        entity = next(e for e in vocabulary.entities if e.entity_id == "light.kitchen")
        assert entity.name == light
        assert "Kitchen Light" not in (entity.name, *entity.aliases)  # no English in German
    english = home.vocabulary("en")
    assert english.said("Kitchen") == ("Kitchen",)
    assert "Kitchen Ceiling Light" in next(
        e.aliases for e in english.entities if e.entity_id == "light.kitchen"
    )


def test_an_item_without_names_keeps_its_own_name() -> None:
    home = parse_home({"areas": [{"name": "Loft"}], "devices": [
        {"entity_id": "light.loft", "name": "Loft Light", "area": "Loft"}]})  # fmt: skip
    vocabulary = home.vocabulary("de")
    assert vocabulary.said("Loft") == ("Loft",)
    assert vocabulary.entities[0].name == "Loft Light"


@pytest.mark.parametrize(
    "names", [["Küche"], {"de": 3}, {"de": [""]}],
)
def test_bad_names_are_one_line_errors(names: object) -> None:
    with pytest.raises(ConfigError, match="names"):
        parse_home({"areas": [{"name": "Kitchen", "names": names}]})
