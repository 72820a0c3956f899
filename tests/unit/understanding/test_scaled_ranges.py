"""A range with a multiplier (HA's `volume_step_down`, 0-100 × -1) keeps its sign in number words.

hassil caches the number words of a range by its bounds, so whichever 0-100 list first matched
a number said as words set the sign for all of them (`sayso.understanding.hassil.ranges`). The
cache lives for the process; each order is tried from an empty one.
"""

from __future__ import annotations

import pytest
from hassil import string_matcher

from sayso.understanding.hassil.ranges import scaled_key
from sayso.understanding.hassil.recognizer import HassilRecognizer

DOWN = "turn the volume down by fifty percent"
BRIGHTNESS = "set the living room lamp brightness to fifty percent"


def _value(recognizer: HassilRecognizer, text: str, slot: str) -> object:
    found = recognizer.recognize(text)
    assert found is not None, text
    return {s.name: s.value for s in found.slots}[slot]


@pytest.mark.parametrize("volume_first", [True, False])
def test_number_words_keep_their_lists_sign_whatever_matched_first(
    recognizer: HassilRecognizer, volume_first: bool
) -> None:
    string_matcher._RANGE_TRIE_CACHE.clear()
    order = [(DOWN, "volume_step", -50), (BRIGHTNESS, "brightness", 50)]
    for text, slot, value in order if volume_first else order[::-1]:
        assert _value(recognizer, text, slot) == value
    # Digits never went through the words' cache.
    assert _value(recognizer, "turn the volume down by 50%", "volume_step") == -50


def test_a_scaled_key_is_a_private_use_tag_of_the_language() -> None:
    assert scaled_key("de", -1.0) == "de-x-times-1"
    assert scaled_key("en", 0.5) == "en-x-times0p5"
