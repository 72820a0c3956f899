"""Reply audio remembered per voice: a recurring reply is not synthesised again.

A command's reply is short and often the same, and its synthesis (~100 ms on two cores, more when
several sessions share them) is the last thing between the end of the user's speech and the first
reply audio. The cache keeps the audio of recent short sentences per (voice, speed, text) in a
bounded LRU in memory; long texts (LLM answers, read-outs) are not kept — they rarely recur and
would push the short ones out.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterator

import numpy as np

from sayso.tts.base import TtsCapabilities, TtsEngine

MAX_SENTENCE_CHARS = 80
"""Sentences longer than this are synthesised every time (they rarely recur)."""
MAX_ENTRIES = 256
"""Sentences kept at most."""
MAX_BYTES = 32 * 1024 * 1024
"""Audio kept at most, bytes (~17 min of 16 kHz float32; a short reply is ~60 KB)."""

Key = tuple[str, float, str]
"""(voice, speed, sentence text)."""


class ReplyAudioCache:
    """A thread-safe LRU of synthesised sentences, bounded in entries and bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._items: collections.OrderedDict[Key, tuple[np.ndarray, ...]] = (
            collections.OrderedDict()
        )
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """Sentences held."""
        return len(self._items)

    @property
    def nbytes(self) -> int:
        """Audio held, bytes."""
        return self._bytes

    def clear(self) -> None:
        """Forget every sentence."""
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def get(self, key: Key) -> tuple[np.ndarray, ...] | None:
        """The chunks of `key`, now the most recently used, or None."""
        with self._lock:
            chunks = self._items.get(key)
            if chunks is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return chunks

    def put(self, key: Key, chunks: tuple[np.ndarray, ...]) -> None:
        """Keep `chunks` (read-only copies) for `key`, dropping the least recently used."""
        size = sum(c.nbytes for c in chunks)
        if size > self.max_bytes or self.max_entries < 1:
            return
        frozen = tuple(_frozen(c) for c in chunks)
        with self._lock:
            old = self._items.pop(key, None)
            self._bytes -= sum(c.nbytes for c in old) if old else 0
            self._items[key] = frozen
            self._bytes += size
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= sum(c.nbytes for c in dropped)


class CachedTts:
    """A `TtsEngine` that answers short sentences from a `ReplyAudioCache`."""

    def __init__(self, engine: TtsEngine, cache: ReplyAudioCache, voice: str) -> None:
        self.engine = engine
        self.cache = cache
        self.voice = voice
        """Part of the key: two voices never share audio."""
        self.capabilities: TtsCapabilities = engine.capabilities
        """The wrapped engine's."""

    def load(self) -> None:
        """Load the wrapped engine."""
        self.engine.load()

    def cached(self, text: str, speed: float = 1.0) -> list[np.ndarray] | None:
        """Copies of the cached audio of `text`, or None: a lookup, no synthesis (no pool)."""
        if len(text) > MAX_SENTENCE_CHARS:
            return None
        chunks = self.cache.get((self.voice, speed, text))
        return None if chunks is None else [chunk.copy() for chunk in chunks]

    def synthesize(self, text: str, speed: float = 1.0) -> Iterator[np.ndarray]:
        """The cached audio of `text`, else the engine's (kept once it has all been pulled)."""
        if len(text) > MAX_SENTENCE_CHARS:
            yield from self.engine.synthesize(text, speed)
            return
        key = (self.voice, speed, text)
        cached = self.cache.get(key)
        if cached is not None:
            for chunk in cached:
                yield chunk.copy()  # a consumer may write to its audio; the cache stays intact
            return
        chunks: list[np.ndarray] = []
        for chunk in self.engine.synthesize(text, speed):
            chunks.append(chunk)
            yield chunk
        # Only reached when the caller pulled everything: a cancelled reply is not kept.
        self.cache.put(key, tuple(chunks))


def _frozen(chunk: np.ndarray) -> np.ndarray:
    copy = np.array(chunk, dtype=np.float32, copy=True)
    copy.flags.writeable = False  # shared by every reply that says it
    return copy
