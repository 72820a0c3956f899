"""Regroup the brain's streamed reply text into whole sentences for TTS."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from sayso.llm.outputs import BrainOutput, ReplyDelta
from sayso.tts.sentences import SentenceChunker


async def by_sentence(outputs: AsyncIterator[BrainOutput]) -> AsyncIterator[BrainOutput]:
    """`outputs` with reply text re-cut into one `ReplyDelta` per sentence.

    Text is flushed before any other output (a filler or a tool result), so the spoken order stays
    the order in which things happened.
    """
    chunker = SentenceChunker()
    async for out in outputs:
        if isinstance(out, ReplyDelta):
            for sentence in chunker.push(out.text):
                yield ReplyDelta(sentence)
            continue
        for sentence in chunker.flush():
            yield ReplyDelta(sentence)
        yield out
    for sentence in chunker.flush():
        yield ReplyDelta(sentence)


class SaidOnce:
    """The brain's answer text, regrouped into sentences, ended where the model starts to loop.

    The embedded gemma-3-270m, given a conversation, can repeat one sentence until `max_tokens`
    ("Hi, I'm here. I'm here. I'm here. …": eight seconds of speech). A sentence the answer
    already said ends the answer: it is not said, and the caller stops generating.
    """

    def __init__(self) -> None:
        self._chunker = SentenceChunker()
        self._said: set[str] = set()
        self.looped = False
        """True once a sentence came again; nothing after it is handed out."""

    def push(self, piece: str) -> list[str]:
        """The sentences `piece` completed, each with the space that keeps it whole downstream."""
        return self._once(self._chunker.push(piece), " ")

    def flush(self) -> list[str]:
        """End of the answer: what is left, unless it repeats."""
        return self._once(self._chunker.flush(), "")

    def _once(self, sentences: list[str], tail: str) -> list[str]:
        kept: list[str] = []
        for sentence in sentences:
            if self.looped:
                break
            key = " ".join(re.sub(r"[^\w' ]+", " ", sentence.lower()).split())
            if key and key in self._said:
                self.looped = True
                break
            self._said.add(key)
            kept.append(sentence + tail)
        return kept
