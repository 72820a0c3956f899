from __future__ import annotations

import pytest

from sayso.evaluation.metrics.wer import (
    ErrorCounts,
    cer,
    char_errors,
    corpus_cer,
    corpus_wer,
    normalize_text,
    wer,
    word_errors,
)


def test_deletion_insertion_substitution_counts() -> None:
    ref = "the cat sat on the mat"
    assert word_errors(ref, "the cat sat on mat") == ErrorCounts(0, 1, 0, 5)
    assert word_errors(ref, "the big cat sat on the mat") == ErrorCounts(0, 0, 1, 6)
    assert word_errors(ref, "the dog sat on the mat") == ErrorCounts(1, 0, 0, 5)
    # 1 sub (cat→dog) + 1 del (the) + 1 ins (down) over 6 reference words.
    assert wer(ref, "the dog sat down on mat") == pytest.approx(3 / 6)


def test_wer_can_exceed_one_with_insertions() -> None:
    assert wer("yes", "yes yes yes") == pytest.approx(2.0)


def test_cer_counts_characters_including_spaces() -> None:
    assert cer("abc", "abd") == pytest.approx(1 / 3)
    # "hello world" has 11 characters; one deletion.
    assert char_errors("hello world", "hello word").deletions == 1
    assert cer("hello world", "hello word") == pytest.approx(1 / 11)


def test_normaliser_makes_written_forms_equal() -> None:
    assert normalize_text("Mr. Smith's 3 dogs") == normalize_text("mister smith's three dogs")
    assert wer("Mr. Smith's 3 dogs", "mister smith's three dogs") == 0.0
    assert wer("Turn ON the lights!", "turn on the lights") == 0.0
    assert wer("set it to twenty five percent", "set it to 25%") == 0.0
    assert wer("the colour red", "the color red") == 0.0


def test_basic_normaliser_for_other_languages() -> None:
    assert normalize_text("Élan,  VITAL!", language="fr") == "élan vital"
    # English spelling rules are not applied to other languages.
    assert normalize_text("colour", language="fr") == "colour"


def test_empty_reference_stays_finite() -> None:
    assert word_errors("", "") == ErrorCounts(0, 0, 0, 0)
    assert word_errors("", "").rate == 0.0
    assert word_errors("", "hello there").insertions == 2
    assert wer("", "hello there") == 2.0
    assert word_errors("hello there", "").deletions == 2


def test_corpus_rate_is_total_errors_over_total_words_not_mean() -> None:
    result = corpus_wer(["a b c d", "e"], ["a b c d", "x"])
    assert result.rate == pytest.approx(1 / 5)
    assert result.mean_rate == pytest.approx((0 + 1) / 2)
    assert result.total == ErrorCounts(1, 0, 0, 4)
    assert [c.rate for c in result.per_utterance] == [0.0, 1.0]


def test_corpus_cer_and_length_mismatch() -> None:
    assert corpus_cer(["ab", "cd"], ["ab", "ce"]).rate == pytest.approx(1 / 4)
    with pytest.raises(ValueError, match="2 references but 1"):
        corpus_wer(["a", "b"], ["a"])
