"""Backchannel detection on transcripts, as Whisper spells them."""

from __future__ import annotations

import pytest

from sayso.config import DEFAULT_BACKCHANNELS
from sayso.config.session import DEFAULT_STOP_WORDS
from sayso.session.recognition import is_backchannel, is_stop, normalise


@pytest.mark.parametrize(
    "text", ["Mm-hm.", "MMHM.", "Yeah.", "yeah, okay", "Uh-huh!", "Right.", "", " ... ", "Hmm.",
             "Thank you.", "Thanks!", "Amen."]
)
def test_backchannels(text: str) -> None:
    assert is_backchannel(text, DEFAULT_BACKCHANNELS)


@pytest.mark.parametrize("text", ["Stop.", "Turn on the kitchen light.", "yeah turn it off", "no",
                                  "Thank you, stop.", "3", "1.", "Two.",
                                  "把客厅的灯打开。", "Arrête!"])  # any script is words
def test_real_requests(text: str) -> None:
    assert not is_backchannel(text, DEFAULT_BACKCHANNELS)


def test_normalise() -> None:
    assert normalise("  Mm-hm, OKAY!") == "mm hm okay"
    assert normalise("Set 2 timers.") == "set 2 timers"  # Whisper writes spoken numbers as digits


def test_normalise_keeps_letters_of_any_script() -> None:
    assert normalise("Arrête-toi !") == "arrête toi"
    assert normalise("¡Cállate!") == "cállate"
    assert normalise("停止。") == "停止"  # a Chinese transcript was no words at all


@pytest.mark.parametrize("text", ["Stop.", "Stop it!", "Be quiet.", "Stopp!", "Hör auf!",
                                  "Arrête-toi.", "¡Basta!", "停止。", "Stop, stop!"])
def test_stop_words(text: str) -> None:
    assert is_stop(text, DEFAULT_STOP_WORDS)


@pytest.mark.parametrize("text", ["Stop the music.", "Stop it, stop.", "Cancel.", "", "Mm-hm."])
def test_not_only_a_stop_word(text: str) -> None:
    assert not is_stop(text, DEFAULT_STOP_WORDS)
