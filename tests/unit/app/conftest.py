"""The demo home with no model loaded (hassil templates, real SQLite), one per test module.

`assistant` understands English. A module that understands more languages defines its own
`assistant` from `typed_assistant`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from sayso.app.assistant import Assistant
from sayso.config import IntentsConfig, LlmConfig, Settings

OTHER_LANGUAGES = ("de", "fr", "es")
"""The languages beside English that the multilingual app tests load."""


def typed_assistant(
    tmp_path_factory: pytest.TempPathFactory, name: str, languages: tuple[str, ...] = ()
) -> Iterator[Assistant]:
    """A loaded demo-home assistant with its own state folder, closed after the module."""
    settings = Settings(
        data_dir=str(tmp_path_factory.mktemp(name)),
        llm=LlmConfig(engine="none"),
        intents=IntentsConfig(language="en", languages=languages),
    )
    a = Assistant(settings).load(speech=False, llm=False)
    yield a
    a.close()


def typed_turn(a: Assistant, text: str, session: str = "") -> tuple[str, str]:
    """One typed turn: (the intent read, or "", the reply); its own session unless one is named."""
    result = asyncio.run(a.run_text(text, session_id=session or f"typed-{text}"))
    return (result.intent.intent if result.intent else ""), result.reply_text


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "typed")
