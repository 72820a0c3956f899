"""Written forms rewritten as they are said before a voice reads them (`tts/spoken.py`)."""

from __future__ import annotations

import pytest

from sayso.tts.spoken import spoken


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("set a timer for 1 and a 1/2 hours", "set a timer for 1 and a half hours"),
        ("1 1/2 hours", "1 and a half hours"),
        ("Add 1/2 cup of sugar.", "Add one half cup of sugar."),
        ("3/4 of the way", "three quarters of the way"),
        ("an 1/8 inch", "an eighth inch"),
        ("about 2/3, then", "about two thirds, then"),
        ("2 1/4 miles", "2 and a quarter miles"),
    ],
)
def test_simple_fractions_are_said_as_words(written: str, said: str) -> None:
    assert spoken(written, "en-us") == said


@pytest.mark.parametrize(
    "written",
    [
        "open 24/7",  # improper: not a fraction anyone says as one
        "on 3/4/2025",  # a date
        "speed in km/h",
        "version 1/2.5",
        "a 3/4 turn",  # an article before a numerator other than one: left to the voice
        "1/12 of it",  # no name kept for the twelfths
        "0/4",
        "no fractions here.",
    ],
)
def test_other_slashes_are_left_to_the_voice(written: str) -> None:
    assert spoken(written, "en") == written


def test_other_languages_pass_through() -> None:
    assert spoken("1 1/2 Stunden", "de") == "1 1/2 Stunden"
