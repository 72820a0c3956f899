"""Backchannel detection on transcripts, as Whisper spells them."""

from __future__ import annotations

import pytest

from sayso.config import DEFAULT_BACKCHANNELS
from sayso.session.recognition import is_backchannel, normalise


@pytest.mark.parametrize(
    "text", ["Mm-hm.", "MMHM.", "Yeah.", "yeah, okay", "Uh-huh!", "Right.", "", " ... ", "Hmm.",
             "Thank you.", "Thanks!", "Amen."]
)
def test_backchannels(text: str) -> None:
    assert is_backchannel(text, DEFAULT_BACKCHANNELS)


@pytest.mark.parametrize("text", ["Stop.", "Turn on the kitchen light.", "yeah turn it off", "no",
                                  "Thank you, stop.", "3", "1.", "Two."])
def test_real_requests(text: str) -> None:
    assert not is_backchannel(text, DEFAULT_BACKCHANNELS)


def test_normalise() -> None:
    assert normalise("  Mm-hm, OKAY!") == "mm hm okay"
    assert normalise("Set 2 timers.") == "set 2 timers"  # Whisper writes spoken numbers as digits
