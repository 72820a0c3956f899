"""A decode that says one phrase again and again is a loop (`decode.repeats`), pure logic."""

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
