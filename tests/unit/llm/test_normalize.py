import datetime as dt

import pytest

from sayso.llm.normalize import digits, normalize

NOW = dt.datetime(2025, 3, 10, 15, 0)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("in twenty minutes", 1200.0),
        ("set a timer for ninety seconds", 90.0),
        ("remind me in an hour", 3600.0),
        ("half an hour", 1800.0),
        ("for an hour and a half", 5400.0),
        ("set a timer for two and a half hours", 9000.0),
        ("2 hours and a half", 9000.0),
        ("in 2 hours", 7200.0),
        ("wait one minute", 60.0),
        ("three days", 259200.0),
    ],
)
def test_durations(text: str, seconds: float) -> None:
    assert normalize(text, now=NOW).durations_s == (seconds,)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("seven thirty tomorrow morning", dt.datetime(2025, 3, 11, 7, 30)),
        ("wake me at seven thirty tomorrow", dt.datetime(2025, 3, 11, 7, 30)),
        ("next friday at 6 pm", dt.datetime(2025, 3, 14, 18, 0)),
    ],
)
def test_datetimes(text: str, when: dt.datetime) -> None:
    assert normalize(text, now=NOW).datetimes == (when,)


def test_numbers_and_plain_text() -> None:
    assert digits("add two eggs and twenty one apples") == "add 2 eggs and 21 apples"
    assert normalize("set the volume to forty", now=NOW).numbers == (40.0,)
    plain = normalize("turn on the kitchen light", now=NOW)
    assert plain == plain.__class__("turn on the kitchen light")
