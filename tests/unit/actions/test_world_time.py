"""`actions/world_time.py`: a place's time zone, and the time there said in the turn's language."""

from __future__ import annotations

import asyncio
import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest

from sayso.actions.world_time import zone_of
from sayso.app.assistant import Assistant
from tests.unit.app.conftest import OTHER_LANGUAGES, typed_assistant


@pytest.mark.parametrize(
    ("place", "zone"),
    [("Tokyo", "Asia/Tokyo"), ("new york", "America/New_York"), ("the UK", "Europe/London"),
     ("San Francisco", "America/Los_Angeles"), ("Buenos Aires", "America/Argentina/Buenos_Aires"),
     ("Tokio", "Asia/Tokyo"), ("Londres", "Europe/London"), ("Nueva York", "America/New_York"),
     ("Narnia", None), ("10 minutes", None), ("", None)],
)  # fmt: skip
def test_a_place_is_found_by_its_zone_s_city_or_an_alias(place: str, zone: str | None) -> None:
    assert zone_of(place) == zone


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from typed_assistant(tmp_path_factory, "world-time", OTHER_LANGUAGES)


def _hour_there(zone: str) -> set[str]:
    """The hour in `zone` now and a minute on (the turn may cross an hour)."""
    now = dt.datetime.now(zoneinfo.ZoneInfo(zone))
    return {f"{t.hour}:" for t in (now, now + dt.timedelta(minutes=1))}


@pytest.mark.parametrize(
    ("text", "zone", "start"),
    [("what time is it in Tokyo", "Asia/Tokyo", "It's "),
     ("Wie spät ist es in Tokio?", "Asia/Tokyo", "In Tokio ist es "),
     ("Quelle heure est-il à Londres ?", "Europe/London", "Il est "),
     ("¿Qué hora es en Nueva York?", "America/New_York", "En Nueva York son las ")],
)  # fmt: skip
def test_the_time_somewhere_else(assistant: Assistant, text: str, zone: str, start: str) -> None:
    result = asyncio.run(assistant.run_text(text))
    assert result.action is not None and result.action.success
    assert not result.action.changes
    assert result.reply_text.startswith(start)
    assert result.action.data["zone"] == zone
    if not start.startswith("It's"):  # 24-hour clocks: the hour is said as it is there
        assert any(h in result.reply_text for h in _hour_there(zone)), result.reply_text


def test_a_place_with_no_known_zone_is_told_so(assistant: Assistant) -> None:
    result = asyncio.run(assistant.run_text("what time is it in Narnia"))
    assert result.reply_text == "Sorry, I don't know the time zone of Narnia."
    german = asyncio.run(assistant.run_text("Wie spät ist es in Atlantis?"))
    assert german.reply_text == "Die Zeitzone von Atlantis kenne ich nicht."
