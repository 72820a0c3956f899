"""The reply audio cache with a scripted engine (pure logic: hits, bounds, cancelled replies)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from sayso.tts.base import TtsCapabilities
from sayso.tts.cache import MAX_SENTENCE_CHARS, CachedTts, ReplyAudioCache


class CountingTts:
    """Two chunks per text whose values encode the text; counts synthesis calls."""

    capabilities = TtsCapabilities(sample_rate=16_000, streaming=True)

    def __init__(self) -> None:
        self.calls: list[str] = []

    def load(self) -> None:
        """Nothing to load."""

    def synthesize(self, text: str, speed: float = 1.0) -> Iterator[np.ndarray]:
        self.calls.append(text)
        for part in range(2):
            yield np.full(100, len(text) + part / 10, np.float32)


def spoken(tts: CachedTts, text: str) -> list[float]:
    return [float(c[0]) for c in tts.synthesize(text)]


def test_a_recurring_sentence_is_synthesised_once_per_voice() -> None:
    engine, cache = CountingTts(), ReplyAudioCache()
    joe, amy = CachedTts(engine, cache, "joe"), CachedTts(engine, cache, "amy")
    first = spoken(joe, "Turned on the light.")
    assert spoken(joe, "Turned on the light.") == first
    assert engine.calls == ["Turned on the light."] and cache.hits == 1
    spoken(amy, "Turned on the light.")  # another voice: its own audio
    assert engine.calls == ["Turned on the light."] * 2


def test_cached_audio_cannot_be_corrupted_by_a_consumer() -> None:
    engine, cache = CountingTts(), ReplyAudioCache()
    tts = CachedTts(engine, cache, "joe")
    list(tts.synthesize("Done."))
    for chunk in tts.synthesize("Done."):
        chunk[:] = 0.0
    assert spoken(tts, "Done.") == pytest.approx([5.0, 5.1])


def test_long_text_and_cancelled_replies_are_not_kept() -> None:
    engine, cache = CountingTts(), ReplyAudioCache()
    tts = CachedTts(engine, cache, "joe")
    long_text = "word " * (MAX_SENTENCE_CHARS // 5 + 1)
    spoken(tts, long_text)
    cut = tts.synthesize("It is three o'clock.")
    next(cut)
    cut.close()  # barge-in after the first chunk
    assert len(cache) == 0


def test_the_least_recently_used_goes_first_within_entries_and_bytes() -> None:
    engine = CountingTts()
    cache = ReplyAudioCache(max_entries=2)
    tts = CachedTts(engine, cache, "joe")
    for text in ("a.", "b.", "a.", "c."):  # "a." was used again: "b." is the oldest
        spoken(tts, text)
    assert len(cache) == 2 and engine.calls == ["a.", "b.", "c."]
    spoken(tts, "a.")
    assert engine.calls == ["a.", "b.", "c."]
    tight = ReplyAudioCache(max_bytes=2 * 100 * 4)  # one sentence of two 100-sample chunks
    small = CachedTts(engine, tight, "joe")
    spoken(small, "x.")
    spoken(small, "y.")
    assert len(tight) == 1 and tight.nbytes == 800
