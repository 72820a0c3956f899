"""Language codes: one spelling across Whisper, Home Assistant and espeak-ng."""

from __future__ import annotations

import pytest

from sayso import languages
from sayso.config import AsrConfig, IntentsConfig, TtsConfig
from sayso.errors import ConfigError


@pytest.mark.parametrize(
    ("code", "canonical"),
    [("de", "de"), ("DE", "de"), ("zh", "zh-CN"), ("zh-cn", "zh-CN"), ("zh_CN", "zh-CN"),
     ("pt-br", "pt-BR"), ("", "")],
)  # fmt: skip
def test_codes_take_home_assistants_spelling(code: str, canonical: str) -> None:
    assert languages.canonical(code) == canonical


def test_each_engine_gets_its_own_code() -> None:
    assert languages.whisper_code("zh-CN") == "zh"
    assert languages.whisper_code("auto") is None
    assert languages.whisper_code("de-CH") == "de"
    assert languages.espeak_voice("zh-cn") == "cmn"
    assert languages.espeak_voice("fr") == "fr-fr"
    assert languages.espeak_voice("de") == "de"
    assert languages.spaceless("zh-CN") and not languages.spaceless("de")


def test_config_spells_languages_once() -> None:
    intents = IntentsConfig(language="zh-cn", languages=("de", "zh", "fr"))
    assert intents.language == "zh-CN"
    assert intents.languages == ("de", "fr")  # the default language is not listed twice
    assert AsrConfig(language="auto").language == "auto"


def test_tts_voices_per_language() -> None:
    cfg = TtsConfig(voices=("de=/voices/de_DE-thorsten.onnx",))
    assert cfg.voice_for("DE") == "/voices/de_DE-thorsten.onnx"
    assert cfg.voice_for("fr") is None
    with pytest.raises(ConfigError, match="LANG=path"):
        TtsConfig(voices=("thorsten.onnx",))


@pytest.mark.parametrize(
    ("text", "language", "thing"),
    [
        ("the apples", "en", "apples"),
        ("a banana", "en", "banana"),
        ("some milk", "en", "milk"),
        ("The Beatles album", "en", "The Beatles album"),  # a title
        ("theme park tickets", "en", "theme park tickets"),
        ("the", "en", "the"),  # nothing is left bare
        ("die cast cars", "en", "die cast cars"),  # German's "die" is no English article
        ("die Milch", "de", "Milch"),
        ("eine Gurke", "de", "Gurke"),
        ("l'huile", "fr", "huile"),
        ("de la crème", "fr", "crème"),
        ("des pommes", "fr", "pommes"),
        ("la leche", "es", "leche"),
        ("unas manzanas", "es", "manzanas"),
        ("牛奶", "zh-CN", "牛奶"),
        ("a lot of apples", "en", "a lot of apples"),  # the article belongs to the quantity
        ("un poco de leche", "es", "un poco de leche"),
        ("ein paar Eier", "de", "ein paar Eier"),
    ],
)
def test_a_thing_is_named_without_its_article(text: str, language: str, thing: str) -> None:
    assert languages.without_article(text, language) == thing


def test_a_capital_article_is_one_only_where_the_sentence_begins() -> None:
    assert languages.without_article("Die Milch", "de", first=True) == "Milch"
    assert languages.without_article("Die Milch", "de") == "Die Milch"
    assert languages.without_article("The Beatles album", "en") == "The Beatles album"
