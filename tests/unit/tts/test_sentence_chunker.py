"""SentenceChunker and split_sentences: table-driven cases."""

from __future__ import annotations

import pytest

from sayso.tts.sentences import SentenceChunker, split_sentences

SPLIT_CASES = [
    ("Hello there. How are you? Fine!", ["Hello there.", "How are you?", "Fine!"]),
    ("No terminator at all", ["No terminator at all"]),
    ("", []),
    ("   \n  ", []),
    ("Dr. Smith is in. Mrs. Jones is out.", ["Dr. Smith is in.", "Mrs. Jones is out."]),
    ("Bring fruit, e.g. apples. Thanks.", ["Bring fruit, e.g. apples.", "Thanks."]),
    ("It costs 3.5 dollars. Cheap.", ["It costs 3.5 dollars.", "Cheap."]),
    ("Pi is 3.14159 roughly.", ["Pi is 3.14159 roughly."]),
    ("Alarm set for 7 a.m. Anything else?", ["Alarm set for 7 a.m.", "Anything else?"]),
    ("Meet at 7 a.m. tomorrow.", ["Meet at 7 a.m. tomorrow."]),
    ("J. R. R. Tolkien wrote it. Read it.", ["J. R. R. Tolkien wrote it.", "Read it."]),
    ("1. Preheat the oven. 2. Bake.", ["1. Preheat the oven.", "2. Bake."]),
    ("I counted to 3. Then I stopped.", ["I counted to 3.", "Then I stopped."]),
    ('She said "Stop." Then left.', ['She said "Stop."', "Then left."]),
    ("Really?! Yes.", ["Really?!", "Yes."]),
    ("Wait... what?", ["Wait...", "what?"]),
    ("First line\nSecond line", ["First line", "Second line"]),
    ("The answer is no. Next.", ["The answer is no.", "Next."]),
    ("(See the manual.) Done.", ["(See the manual.)", "Done."]),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT_CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), SPLIT_CASES)
def test_streaming_one_character_at_a_time_matches_split(text: str, expected: list[str]) -> None:
    chunker = SentenceChunker()
    got = [s for ch in text for s in chunker.push(ch)] + chunker.flush()
    assert got == expected


# (pieces pushed in order, sentences returned by each push)
STREAM_CASES = [
    (["Hel", "lo there", ".", " How", " are you", "?", " Fine"],
     [[], [], [], ["Hello there."], [], [], ["How are you?"]]),
    (["It is 3", ".", "5 degrees. ", "Cold."], [[], [], ["It is 3.5 degrees."], []]),
    (["Dr", ".", " Who", " is here. "], [[], [], [], ["Dr. Who is here."]]),
    (["Set for 7 a.m.", " ", "Ok"], [[], [], ["Set for 7 a.m."]]),
    (["Line one\n", "Line two"], [["Line one"], []]),
]  # fmt: skip


@pytest.mark.parametrize(("pieces", "expected"), STREAM_CASES)
def test_first_sentence_comes_out_before_the_rest_arrives(
    pieces: list[str], expected: list[list[str]]
) -> None:
    chunker = SentenceChunker()
    assert [chunker.push(p) for p in pieces] == expected


def test_flush_returns_the_rest_and_resets() -> None:
    chunker = SentenceChunker()
    assert chunker.push("Done. And then") == ["Done."]
    assert chunker.flush() == ["And then"]
    assert chunker.flush() == []
    assert chunker.push("Again. ") == ["Again."]
