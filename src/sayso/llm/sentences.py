"""Regroup the brain's streamed reply text into whole sentences for TTS."""

from __future__ import annotations

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
