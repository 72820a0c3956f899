"""Alarm times said in other languages: number words, clock phrasing and days per language."""

from __future__ import annotations

import datetime as dt

import pytest

from sayso.actions.timeparse import parse_alarm_time
from sayso.errors import BadInput

NOW = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)
TOMORROW_7_30 = dt.datetime(2026, 12, 1, 7, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "morgen um sieben Uhr dreißig", TOMORROW_7_30),
        ("de", "um halb acht", TOMORROW_7_30),  # "half eight" is 7:30 in German
        ("fr", "demain à sept heures trente", TOMORROW_7_30),
        ("es", "mañana a las siete y media", TOMORROW_7_30),
        ("zh-cn", "明天早上7点半", TOMORROW_7_30),
        ("es", "a las ocho de la tarde", dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.UTC)),
        ("es", "las siete", dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)),  # "para las siete"
        ("de", "in zehn Minuten", NOW + dt.timedelta(minutes=10)),
        ("fr", "dans dix minutes", NOW + dt.timedelta(minutes=10)),
    ],
)
def test_alarm_times_per_language(language: str, text: str, expected: dt.datetime) -> None:
    assert parse_alarm_time(text, NOW, language) == expected


def test_nonsense_is_one_clear_error() -> None:
    with pytest.raises(BadInput, match="alarm time"):
        parse_alarm_time("blau", NOW, "de")
