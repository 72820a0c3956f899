from collections.abc import AsyncIterator

from sayso.llm.outputs import BrainOutput, Filler, ReplyDelta
from sayso.llm.sentences import by_sentence


async def scripted(*items: BrainOutput) -> AsyncIterator[BrainOutput]:
    for item in items:
        yield item


async def test_deltas_regrouped_into_sentences() -> None:
    stream = scripted(ReplyDelta("Paris is the "), ReplyDelta("capital. It has 2."),
                      ReplyDelta("1 million people"), Filler(), ReplyDelta("Done"))
    outs = [o async for o in by_sentence(stream)]
    assert outs == [ReplyDelta("Paris is the capital."), ReplyDelta("It has 2.1 million people"),
                    Filler(), ReplyDelta("Done")]
