"""Text handed to TTS engines: cleaned of control characters and cut into bounded pieces."""

from __future__ import annotations

from sayso.tts.sentences import MAX_PIECE_CHARS, clean_text, speech_pieces

LONGEST = ("word " * 819)[:4096]
"""The issue-11 reproducer: the allowed maximum, no punctuation at all."""


def test_unpunctuated_maximum_is_cut_on_word_boundaries() -> None:
    pieces = speech_pieces(LONGEST)
    assert len(pieces) >= len(LONGEST) // MAX_PIECE_CHARS
    assert all(0 < len(p) <= MAX_PIECE_CHARS for p in pieces)
    assert all(set(p.split()) == {"word"} for p in pieces)  # no word cut in half
    assert " ".join(pieces).split() == LONGEST.split()


def test_sentences_stay_whole_and_clause_marks_are_preferred() -> None:
    clause = "a clause that keeps going, " * 20
    pieces = speech_pieces(f"Short one. {clause}end.")
    assert pieces[0] == "Short one."
    assert all(p.endswith(",") for p in pieces[1:-1])
    assert all(len(p) <= MAX_PIECE_CHARS for p in pieces)


def test_a_word_longer_than_a_piece_is_cut_hard() -> None:
    pieces = speech_pieces("x" * 1000)
    assert all(len(p) == MAX_PIECE_CHARS for p in pieces[:-1])
    assert "".join(pieces) == "x" * 1000


def test_control_characters_and_lone_surrogates_are_removed() -> None:
    assert clean_text("turn\x00on\x1b[31m the\x7flight\ud800") == "turn on [31m the light"
    assert clean_text("two\nlines\tkept") == "two\nlines\tkept"
    assert speech_pieces("\x00\x01  \x02") == []
    assert speech_pieces("hello\x00world.") == ["hello world."]
