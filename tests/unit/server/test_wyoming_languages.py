"""Wyoming with several languages: what is offered, which language a transcript is decoded in."""

from __future__ import annotations

from types import SimpleNamespace

from sayso.config import AsrConfig, IntentsConfig, Settings
from sayso.server.wyoming_info import build_info
from sayso.server.wyoming_server import transcribe_language


def _settings(asr_language: str, *others: str) -> Settings:
    return Settings(
        asr=AsrConfig(model="base", language=asr_language),
        intents=IntentsConfig(language="en", languages=others),
    )


def test_several_languages_with_auto_are_detected_whatever_the_client_names() -> None:
    # A satellite's English pipeline sends "en"; the German command is still read as German.
    assert transcribe_language(_settings("auto", "de", "zh-cn"), "en") is None
    assert transcribe_language(_settings("auto", "de"), None) is None


def test_a_fixed_or_single_language_keeps_the_clients_choice() -> None:
    assert transcribe_language(_settings("en", "de"), "de") == "de"
    assert transcribe_language(_settings("auto"), "fr") == "fr"


def test_every_configured_language_is_offered() -> None:
    info = build_info(SimpleNamespace(settings=_settings("auto", "de", "zh-cn")))
    assert info.asr[0].models[0].languages == ["en", "de", "zh-CN"]
    assert info.intent[0].models[0].languages == ["en", "de", "zh-CN"]
    assert info.handle[0].models[0].languages == ["en", "de", "zh-CN"]
    fixed = build_info(SimpleNamespace(settings=_settings("en")))
    assert fixed.asr[0].models[0].languages == ["en"]
