"""Text handed to the TTS engine in one call is bounded (pure logic, no engine)."""

from __future__ import annotations

from sayso.server.wyoming_speech import MAX_PIECE_CHARS, bounded_pieces


def test_short_sentence_is_one_piece() -> None:
    assert list(bounded_pieces("  The door is locked.  ")) == ["The door is locked."]


def test_long_run_without_punctuation_is_cut_at_spaces() -> None:
    text = ("word " * 819)[:4096]  # the issue-11 reproducer: 4,096 characters, no punctuation
    pieces = list(bounded_pieces(text))
    assert all(len(p) <= MAX_PIECE_CHARS for p in pieces)
    assert " ".join(pieces) == text.strip()
    assert all(not p.startswith("ord") for p in pieces)  # never inside a word


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    pieces = list(bounded_pieces("x" * 1_000, limit=300))
    assert [len(p) for p in pieces] == [300, 300, 300, 100]
