"""Wyoming speech out: `synthesize` (one text) and `synthesize-start/-chunk/-stop` (streamed text).

Streamed text (Home Assistant streams an LLM's reply) is spoken sentence by sentence as sentences
complete, each as its own audio-start / audio-chunk... / audio-stop cycle, then `synthesize-stopped`
(what wyoming-piper does). Work per pool job is bounded by the engines themselves: they clean the
text and synthesise it in pieces of at most `tts.sentences.MAX_PIECE_CHARS` (`speech_pieces`), and
each piece is one job here.
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
from sayso.tts.sentences import SentenceChunker

CHUNK_SAMPLES: Final[int] = 1024
"""Samples per outgoing audio-chunk (what wyoming-piper sends)."""
MAX_PENDING_CHARS: Final[int] = 600
"""Streamed text without a sentence end is spoken anyway once this much (~40 s of speech) has
gathered, so a stream that never ends a sentence neither grows nor stays silent."""
Write = Callable[[WyEvent], Awaitable[None]]


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
        speed = self.state.assistant.settings.tts.speed
        chunks: Iterator[np.ndarray] = iter(tts.synthesize(text, speed))
        while (samples := await self.state.blocking(lambda: next(chunks, None))) is not None:
            for i in range(0, len(samples), CHUNK_SAMPLES):
                audio = pcm16_bytes(samples[i : i + CHUNK_SAMPLES])
                await self.write(AudioChunk(audio=audio, **fmt).event())
        await self.write(AudioStop().event())

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
