"""Wyoming speech out: `synthesize` (one text) and `synthesize-start/-chunk/-stop` (streamed text).

Streamed text (Home Assistant streams an LLM's reply) is spoken sentence by sentence as sentences
complete, each as its own audio-start / audio-chunk... / audio-stop cycle, then `synthesize-stopped`
(what wyoming-piper does). Work per engine call is bounded: text is cut into sentences and a
sentence into pieces of at most `MAX_PIECE_CHARS`, because synthesis time and memory grow with the
length of one call (4,096 characters without punctuation took Piper 46 s and 4 GB).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Final

import numpy as np
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.event import Event as WyEvent
from wyoming.tts import SynthesizeStopped

from sayso.audio.io import pcm16_bytes
from sayso.constants import SAMPLE_WIDTH_BYTES
from sayso.errors import SaysoError
from sayso.server.state import ServerState
from sayso.tts.sentences import SentenceChunker, split_sentences

CHUNK_SAMPLES: Final[int] = 1024
"""Samples per outgoing audio-chunk (what wyoming-piper sends)."""
MAX_PIECE_CHARS: Final[int] = 400
"""Longest text handed to the engine in one call; longer sentences are cut at a space."""
MAX_PENDING_CHARS: Final[int] = 600
"""Streamed text without a sentence end is spoken anyway once this much (~40 s of speech) has
gathered, so a stream that never ends a sentence neither grows nor stays silent."""
CONTROL_CHARS: Final[dict[int, None]] = {c: None for c in range(32) if chr(c) not in "\t\n\r"}
"""Removed before synthesis: they carry nothing to say, and a NUL upsets the phonemizer."""

Write = Callable[[WyEvent], Awaitable[None]]


def bounded_pieces(sentence: str, limit: int = MAX_PIECE_CHARS) -> Iterator[str]:
    """`sentence` in pieces of at most `limit` characters, cut at the last space if there is one."""
    rest = sentence.strip()
    while len(rest) > limit:
        cut = rest.rfind(" ", 0, limit + 1)
        cut = cut if cut > 0 else limit
        yield rest[:cut]
        rest = rest[cut:].lstrip()
    if rest:
        yield rest


class Speaker:
    """Synthesises for one connection, whole texts or a stream of text chunks."""

    def __init__(self, state: ServerState, write: Write) -> None:
        self.state = state
        self.write = write
        self._stream: SentenceChunker | None = None
        self._pending_chars = 0

    @property
    def streaming(self) -> bool:
        """Whether a `synthesize-start` is waiting for its `synthesize-stop`."""
        return self._stream is not None

    async def speak(self, text: str) -> None:
        """One audio-start ... audio-stop cycle for all of `text`."""
        tts = self.state.assistant.tts
        fmt: dict[str, Any] = {"rate": tts.capabilities.sample_rate,
                               "width": SAMPLE_WIDTH_BYTES, "channels": 1}
        await self.write(AudioStart(**fmt).event())
        for sentence in split_sentences(text.translate(CONTROL_CHARS)):
            for piece in bounded_pieces(sentence):
                await self._speak_piece(piece, fmt)
        await self.write(AudioStop().event())

    async def _speak_piece(self, piece: str, fmt: dict[str, Any]) -> None:
        speed = self.state.assistant.settings.tts.speed
        chunks: Iterator[np.ndarray] = iter(self.state.assistant.tts.synthesize(piece, speed))
        while (samples := await self.state.blocking(lambda: next(chunks, None))) is not None:
            for i in range(0, len(samples), CHUNK_SAMPLES):
                audio = pcm16_bytes(samples[i : i + CHUNK_SAMPLES])
                await self.write(AudioChunk(audio=audio, **fmt).event())

    def start(self) -> None:
        """`synthesize-start`: text chunks follow (a second start drops the unspoken rest)."""
        self._stream, self._pending_chars = SentenceChunker(), 0

    async def chunk(self, text: str) -> None:
        """`synthesize-chunk`: speak every sentence the chunk completes."""
        stream = self._require_stream()
        sentences = stream.push(text)
        # An upper bound of the unspoken text: what a completed sentence left over is shorter.
        self._pending_chars = len(text) if sentences else self._pending_chars + len(text)
        if self._pending_chars > MAX_PENDING_CHARS:
            sentences += stream.flush()
            self._pending_chars = 0
        for sentence in sentences:
            await self.speak(sentence)

    async def stop(self) -> None:
        """`synthesize-stop`: speak what is left, then `synthesize-stopped`."""
        stream = self._require_stream()
        self._stream = None
        for sentence in stream.flush():
            await self.speak(sentence)
        await self.write(SynthesizeStopped().event())

    def _require_stream(self) -> SentenceChunker:
        if self._stream is None:
            raise SaysoError("send synthesize-start before synthesize-chunk or synthesize-stop",
                             code="synthesize_not_started")
        return self._stream
