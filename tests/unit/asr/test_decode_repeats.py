"""Which decoded text a decode gives: loops (`decode.repeats`), dropped starts (pure logic)."""

import dataclasses

from sayso.asr.whisper.decode import repeats


def test_a_phrase_said_three_times_is_a_loop() -> None:
    loop = "turn the living room lamp red turn the living room lamp red turn the living room"
    assert repeats(loop)
    assert repeats("Medium pizza, medium pizza, medium pizza, medium pizza.")


def test_what_a_person_says_is_not() -> None:
    assert not repeats("turn the living room lamp red")
    assert not repeats("turn it on, turn it on")  # twice may be meant
    assert not repeats("no no no")  # one word: a speaker's, not the decoder's
    assert not repeats("")


def test_a_hypothesis_that_dropped_the_start_loses_to_the_whole() -> None:
    from sayso.asr.whisper.decode import _starts_what_best_drops
    from sayso.events.speech import Hypothesis

    short = Hypothesis("What is the weather like tomorrow?", -5.3, -0.59)
    whole = Hypothesis(f"Set a timer for 10 minutes. {short.text}", -5.6, -0.33)
    assert _starts_what_best_drops(whole, short)
    assert not _starts_what_best_drops(dataclasses.replace(whole, avg_logprob=-0.7), short)
    other = Hypothesis("Set a timer. What is the weather like today?", -5.6, -0.2)
    assert not _starts_what_best_drops(other, short)  # not the same words after the start
    two = Hypothesis("two,", -1.0, -0.5)
    assert not _starts_what_best_drops(Hypothesis("two, two,", -1.2, -0.3), two)  # a loop
    assert not _starts_what_best_drops(Hypothesis("Okay, two.", -1.2, -0.3), two)  # one word
