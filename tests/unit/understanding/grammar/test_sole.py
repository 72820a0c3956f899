"""Where the grammar is all that can be said (`sole.py`), on a scripted decoder (pure logic).

Real audio (an FSDD digit the free decode loses, real open speech kept open):
tests/unit/understanding/grammar/test_sole_audio.py.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from sayso.events import Hypothesis, IntentRecognized, NoIntent, Transcript
from sayso.events.speech import ConstrainedDecode, ConstrainedText
from sayso.understanding.grammar.constrain import ConstrainedReader
from sayso.understanding.grammar.sole import (
    effective_tokens,
    looping,
    punctuation,
    read_sole,
    repeats,
    says_count,
    summed,
)
from sayso.understanding.grammar.wayout import WayOut, sole_identity
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Understander

from .test_constrained_path import FakeWhisper, _transcript

SOLE_RULE = WayOut(6.0, 0.3, 0.0, 0.9, fitted=True)


def _sole(recognizer: HassilRecognizer, rule: WayOut = SOLE_RULE) -> Understander:
    reader = ConstrainedReader(recognizer, sole=True)
    reader.set_wayout(sole_identity("scripted"), rule)
    return Understander(recognizer, constrained=reader, paths=(), sole_paths=())


def test_a_wrong_command_the_free_decode_wrote_loses_to_the_one_the_audio_supports(
    recognizer: HassilRecognizer,
) -> None:
    heard, spoken = " Turn on the kitchen light.", " Turn off the kitchen light."
    assert recognizer.recognize(heard) is not None  # exact-first would take the wrong command
    found = _sole(recognizer).understand(_transcript(heard, spoken))
    assert isinstance(found, IntentRecognized)
    assert found.intent == "HassTurnOff"
    assert found.reading is not None and found.reading.path == "constrained"


def test_a_free_transcript_the_audio_supports_stays_the_reading(
    recognizer: HassilRecognizer,
) -> None:
    said = " Turn off the kitchen light."
    found = _sole(recognizer).understand(_transcript(said, said))
    assert isinstance(found, IntentRecognized) and found.intent == "HassTurnOff"
    assert found.reading is not None and found.reading.path == "exact"


def test_audio_the_free_decode_called_silence_is_still_decoded(
    recognizer: HassilRecognizer,
) -> None:
    spoken = FakeWhisper(" Turn off the kitchen light.")
    quiet = Transcript(turn_id="t", text="", no_speech_prob=0.7, acoustic=spoken)  # type: ignore[arg-type]
    found = _sole(recognizer).understand(quiet)
    assert isinstance(found, IntentRecognized) and found.intent == "HassTurnOff"
    silent = Transcript(turn_id="t", text="", no_speech_prob=0.95, acoustic=spoken)  # type: ignore[arg-type]
    refused = _sole(recognizer).understand(silent)
    assert isinstance(refused, NoIntent)
    assert refused.reading is not None and refused.reading.constrained_text  # decoded, refused


def test_the_sole_way_out_keeps_open_speech_open(recognizer: HassilRecognizer) -> None:
    said = " Tell me about the history of Rome."
    found = _sole(recognizer).understand(_transcript(said, said))
    assert isinstance(found, NoIntent)
    # Speech the grammar can follow word for word through a wildcard (a timer's command): a
    # sentence is found, and the sole way out refuses it.
    said = " Tell me the story of the kitchen light my grandmother bought in Rome."
    found = _sole(recognizer).understand(_transcript(said, said))
    assert isinstance(found, NoIntent) and found.reading is not None
    assert found.reading.constrained_text and found.reading.constrained is not None
    assert found.reading.constrained < 0


def test_a_sentences_spellings_add_up() -> None:
    found = [
        ConstrainedText("nine", -0.8, 2),
        ConstrainedText("five", -1.3, 2),
        ConstrainedText("Five.", -1.4, 3),
        ConstrainedText("5", -1.5, 2),
    ]
    best = summed(found)
    assert [s.text for s in best] == ["five", "nine"]  # alone, each spelling of five loses
    assert best[0].logprob > max(f.logprob for f in found)
    assert all(f.logprob / f.tokens < -0.8 / 2 for f in found[1:])


def test_a_decoder_loop_counts_once_in_the_free_transcripts_length() -> None:
    loop = "two, three, " * 6 + "two"
    assert effective_tokens(loop, 26) == 4  # 2 distinct words of 13
    assert effective_tokens("How many calories are in a banana?", 9) == 9
    assert effective_tokens("", 1) == 0  # the free decode heard silence


def test_a_looping_free_decode_is_no_yardstick(recognizer: HassilRecognizer) -> None:
    loop = "six, " * 15
    assert looping(loop) and not looping("one. One.")
    said = " Tell me about the history of Rome."
    found = _sole(recognizer).understand(_transcript(loop, said))
    assert isinstance(found, NoIntent)  # a grammar sentence scores far above the loop


def test_a_sentence_that_stops_early_pays_for_what_it_leaves_out() -> None:
    short = ConstrainedText("a large pizza with pepperoni", -3.0, 6)
    whole = ConstrainedText("a large pizza with pepperoni, olives and ham", -6.0, 10)
    # Cheaper per token: Whisper ends early cheaply.
    assert summed([short, whole])[0].text == short.text
    # The free transcript heard 10 tokens: the short one leaves 4 out, 2 nats each.
    assert summed([short, whole], free_tokens=10, per_missing=2.0)[0].text == whole.text
    # Longer than the free transcript costs nothing extra.
    assert summed([short, whole], free_tokens=5, per_missing=2.0)[0].text == short.text


def _sole_behind(recognizer: HassilRecognizer, paths: tuple[str, ...]) -> Understander:
    reader = ConstrainedReader(recognizer, sole=True)
    reader.set_wayout(sole_identity("scripted"), WayOut(-1000.0, 0.0, 0.0, 0.9, fitted=True))
    return Understander(recognizer, constrained=reader, paths=(), sole_paths=paths)


def test_an_older_path_says_whether_a_command_the_constrained_search_says_which(
    recognizer: HassilRecognizer,
) -> None:
    heard, lower, spoken = " Turn of the kitchen lied.", " Turn on the kitchen light.", (
        " Turn off the kitchen light."
    )
    transcript = Transcript(
        turn_id="t1",
        text=heard,
        hypotheses=(Hypothesis(heard, -3.0), Hypothesis(lower, -3.1)),
        acoustic=FakeWhisper(spoken),  # type: ignore[arg-type]
    )
    # The way out refuses the constrained sentence; the N-best path finds "turn on" ...
    found = _sole_behind(recognizer, ("nbest",)).understand(transcript)
    assert isinstance(found, IntentRecognized)
    # ... but the audio supports "turn off" best of every grammar sentence.
    assert found.intent == "HassTurnOff"
    assert found.reading is not None and found.reading.path == "seconded"
    assert found.reading.text == "Turn off the kitchen light."
    assert found.reading.heard == heard


def test_seconding_never_makes_a_command_of_its_own(recognizer: HassilRecognizer) -> None:
    said = " Turn off the kitchen light."
    found = _sole_behind(recognizer, ()).understand(_transcript(" Tell me a story.", said))
    assert isinstance(found, NoIntent)  # the way out refused and no older path heard a command


def test_a_sentence_that_loops_ranks_below_one_that_does_not() -> None:
    loop = ConstrainedText("a medium pizza with pepper, pepper,", -3.0, 9)
    plain = ConstrainedText("a medium pizza with peppers", -5.0, 7)
    assert repeats(loop.text) and repeats("onions, and onions")
    assert not repeats(plain.text) and not repeats("ham, pineapple and olives")
    assert summed([loop, plain])[0].text == plain.text  # better per token, but a loop
    assert summed([loop])[0].text == loop.text  # alone it is still the best there is


def test_only_a_free_transcript_that_parses_measures_what_a_sentence_leaves_out() -> None:
    short = ConstrainedText("a large pizza with pepperoni", -3.0, 6)
    whole = ConstrainedText("a large pizza with pepperoni, olives and ham", -6.0, 10)
    decoded = ConstrainedDecode((short, whole), -9.0, 10)
    parsed = Transcript(turn_id="t", text="a large pizza with pepperoni olive and ham")
    assert read_sole(decoded, parsed, SOLE_RULE, free_parses=True).best == whole
    # Misheard words ("orange, red, blue, and ...") may be noise: their count is no length.
    misheard = Transcript(turn_id="t", text="a large beat so we'll pepperoni, orange hands")
    assert read_sole(decoded, misheard, SOLE_RULE, free_parses=False).best == short


def test_punctuation_is_no_word_left_out() -> None:
    five = ConstrainedText("five", -2.0, 2)  # its spelling without the comma
    three = ConstrainedText("three,", -2.7, 3)
    decoded = ConstrainedDecode((five, three), -2.5, 3)
    heard = Transcript(turn_id="t", text="five,")
    assert punctuation("five, three. Six?") == 3
    assert read_sole(decoded, heard, SOLE_RULE, free_parses=True).best is not None
    best = read_sole(decoded, heard, SOLE_RULE, free_parses=True).best
    assert best is not None and best.text in ("five", "five,")


def test_a_count_gets_the_bonus_the_article_has_from_whisper_prior(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sayso.understanding.grammar import sole

    article = ConstrainedText("I'd like a medium pizza with peppers", -6.2, 9)
    count = ConstrainedText("I'd like 8 medium pizzas with peppers", -7.5, 10)
    monkeypatch.setattr(sole, "COUNT_BONUS", 0.0)
    assert summed([article, count])[0].text == article.text
    monkeypatch.setattr(sole, "COUNT_BONUS", 3.0)
    assert summed([article, count])[0].text == count.text


def test_where_every_sentence_says_a_number_the_bonus_changes_nothing() -> None:
    # Spoken digits: "seven" (one token) against "8." (two); a bonus for both would favour the
    # shorter per token.
    seven, eight = ConstrainedText("seven", -1.6, 2), ConstrainedText("8.", -2.2, 3)
    assert [t.text for t in summed([seven, eight])] == ["8.", "seven"]


def test_what_says_a_count() -> None:
    assert says_count("order 12 pizzas") and says_count("order eight pizzas")
    assert says_count("one pizza")  # "one" as well: where every sentence is a digit, all gain
    assert not says_count("I'd like a medium pizza") and not says_count("an americano")


def test_a_loop_keeps_its_length_and_only_silence_is_read_alone(
    recognizer: HassilRecognizer,
) -> None:
    reader = ConstrainedReader(recognizer, sole=True)
    reader.set_wayout(sole_identity("scripted"), SOLE_RULE)
    said = " Turn off the kitchen light."
    loop = reader.read(_transcript("six, " * 15, said), sole=True)
    quiet = Transcript(turn_id="t", text="", no_speech_prob=0.7, acoustic=FakeWhisper(said))  # type: ignore[arg-type]
    alone = reader.read(quiet, sole=True)
    assert loop is not None and loop.best is not None and alone is not None
    assert loop.ratio == loop.best.logprob  # no likelihood to compare with ...
    assert 0 < loop.reference_tokens < 15  # ... but the loop's distinct words as its length
    assert alone.reference_tokens == 0  # silence: read alone (`WayOut.alone_offset`)


def test_the_decoders_prior_is_taken_out_of_the_ranking(monkeypatch: pytest.MonkeyPatch) -> None:
    from sayso.understanding.grammar import sole

    # "six" under noise: the audio barely prefers "three", which Whisper also writes over silence.
    three, six = ConstrainedText("three.", -3.0, 3), ConstrainedText("six.", -3.4, 3)
    priors = {"three.": -9.0, "six.": -12.0}
    monkeypatch.setattr(sole, "PRIOR_WEIGHT", 0.5)
    best = summed([three, six], priors=priors)[0]
    assert best.text == "six."
    assert best.logprob == pytest.approx(-3.4)  # the way out still reads the audio's own score
    assert summed([three, six])[0].text == "three."  # no prior known: the audio alone
    assert summed([three, six], priors={"three.": -9.0})[0].text == "three."  # only one known
    monkeypatch.setattr(sole, "PRIOR_WEIGHT", 0.0)
    assert summed([three, six], priors=priors)[0].text == "three."


def test_each_spelling_loses_its_own_prior_before_they_add_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sayso.understanding.grammar import sole

    monkeypatch.setattr(sole, "PRIOR_WEIGHT", 1.0)
    found = [ConstrainedText("8.", -2.0, 3), ConstrainedText("eight.", -4.0, 3)]
    priors = {"8.": -2.0, "eight.": -8.0}
    ranked = summed([*found, ConstrainedText("three.", -2.5, 3)], priors={**priors, "three.": -6.0})
    # "8." is all prior (0 left), "eight." 4 nats of audio: log(e^0 + e^4) beats "three." (3.5)
    assert ranked[0].text == "8."
    assert ranked[0].logprob == pytest.approx(-2.0 + math.log(1 + math.exp(-2.0)))


def test_past_the_speech_gate_a_quiet_command_is_read_where_whisper_says_silence(
    recognizer: HassilRecognizer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sayso.understanding.grammar import sole

    # A digit in noise the VAD heard (voiced_ms set) that Whisper gives 0.92 of no speech: with
    # the gated ceiling on (off by default), the sole way out reads it; unmeasured audio stays
    # refused.
    spoken = FakeWhisper(" Turn off the kitchen light.")
    gated = Transcript(turn_id="t", text="", no_speech_prob=0.92, voiced_ms=640.0, acoustic=spoken)  # type: ignore[arg-type]
    assert isinstance(_sole(recognizer).understand(gated), NoIntent)  # the default: the fit's 0.9
    monkeypatch.setattr(sole, "GATED_MAX_NO_SPEECH", 0.95)
    found = _sole(recognizer).understand(gated)
    assert isinstance(found, IntentRecognized) and found.intent == "HassTurnOff"
    unmeasured = dataclasses.replace(gated, voiced_ms=None)
    assert isinstance(_sole(recognizer).understand(unmeasured), NoIntent)
    beyond = dataclasses.replace(gated, no_speech_prob=0.97)
    assert isinstance(_sole(recognizer).understand(beyond), NoIntent)
