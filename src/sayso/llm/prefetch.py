"""An LLM answer started during the user's trailing silence, taken at the endpoint if it fits.

A live turn's speculative recognition knows, before the turn ends, what was said and that no
intent matched it (the LLM will answer). `Brain.prefetch` then starts the generation the turn
would start at its endpoint, on exactly the context it would send (`Brain.context_for`); at the
endpoint `Brain._deltas` takes it when the context is equal — the same words, the same memory,
the same tools — and reads its deltas, those already made at once, the rest as they come.
Otherwise it is cancelled and the turn generates as usual.

Only the backend's output is speculated: tool calls are checked, confirmed and run at the
endpoint by the ordinary path, and nothing is written to memory before it, so a prefetch that
is never taken changes nothing but the CPU it used. A call whose tool's name alone decides that
it is refused (`Brain._refused_by_name`) ends the generation there, and the refusal's first
sentence is synthesised as an answer's would be. Generation is deterministic (greedy), so a
taken prefetch says what the turn would have said.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence

from sayso.dialogue.messages import Message
from sayso.llm.base import CancelToken, LlmBackend, LlmDelta, ToolSpec
from sayso.tts.sentences import SentenceChunker

log = logging.getLogger(__name__)

MAX_AGE_S = 30.0
"""A prefetch older than this is not taken (the world a tool call would read has moved on)."""
WAIT_S = 0.05
"""How often a reader waiting for the next delta checks for cancellation, seconds."""

Key = tuple[tuple[Message, ...], tuple[str, ...], int]
"""What a generation depends on: the context, the tools offered (by name) and the token cap."""
FirstSentence = Callable[[str], None]
"""Called (in the generating thread) with the answer's first sentence once it is complete, as
the reply stage will cut it (`SentenceChunker`): the preparer synthesises it into the reply
audio cache, so the answer's first audio is ready too."""
RefusedByName = Callable[[str], str | None]
"""A tool's name → what the turn says instead of any call of it (`Brain._refused_by_name`), or
None when the arguments may decide: a prefetch stops at such a name (its arguments would never be
read) and prepares that reply's first audio instead."""


def _sentences(text: str) -> list[str]:
    """`text` cut into sentences as the reply stage cuts it."""
    chunker = SentenceChunker()
    return [*chunker.push(text), *chunker.flush()]


def key_of(context: Sequence[Message], specs: Sequence[ToolSpec], max_tokens: int) -> Key:
    """The prefetch key of a generation request."""
    return tuple(context), tuple(s.name for s in specs), max_tokens


class Prefetch:
    """One speculative generation: a worker thread appends deltas, one reader takes them."""

    def __init__(self, key: Key, first_sentence: FirstSentence | None = None,
                 refused: RefusedByName | None = None) -> None:
        self.key = key
        self.first_sentence = first_sentence
        self.refused = refused
        self.started_s = time.monotonic()
        self.token = CancelToken()
        self._deltas: list[LlmDelta] = []
        self._done = False
        self._error: BaseException | None = None
        self._changed = threading.Condition()

    def start(self, backend: LlmBackend, context: Sequence[Message],
              specs: Sequence[ToolSpec], max_tokens: int) -> None:
        """Generate in a daemon thread (the backend blocks; its lock orders it with turns)."""
        thread = threading.Thread(
            target=self._run, args=(backend, list(context), list(specs), max_tokens),
            name="llm-prefetch", daemon=True,
        )
        thread.start()

    def _run(self, backend: LlmBackend, context: list[Message], specs: list[ToolSpec],
             max_tokens: int) -> None:
        chunker = SentenceChunker() if self.first_sentence is not None else None
        deltas = backend.stream(context, tools=specs or None, max_tokens=max_tokens,
                                cancel=self.token)
        try:
            for delta in deltas:
                with self._changed:
                    self._deltas.append(delta)
                    self._changed.notify_all()
                refusal = self._refusal(delta)
                if refusal is not None:  # the turn will say this whatever the arguments
                    if chunker is not None:
                        self._say(_sentences(refusal))
                    chunker = None
                    break
                if chunker is not None and delta.text and self._say(chunker.push(delta.text)):
                    chunker = None
            if chunker is not None and not self.token.cancelled:
                self._say(chunker.flush())
        except BaseException as exc:  # handed to the reader, which re-raises it in its turn
            with self._changed:
                self._error = exc
        finally:
            close = getattr(deltas, "close", None)
            if close is not None:
                close()  # a generator left early releases the backend now, not when collected
            with self._changed:
                self._done = True
                self._changed.notify_all()

    def _refusal(self, delta: LlmDelta) -> str | None:
        """What the turn will say instead of the call `delta` names, if its name decides it."""
        if delta.call_name is None or self.refused is None:
            return None
        return self.refused(delta.call_name)

    def _say(self, sentences: list[str]) -> bool:
        """Hand the first of `sentences` to `first_sentence`; whether there was one."""
        if not sentences or self.first_sentence is None:
            return False
        try:
            self.first_sentence(sentences[0])
        except Exception as exc:  # the answer goes on; the turn synthesises the sentence itself
            log.warning("preparing the answer's first audio failed: %r", exc)
        return True

    def fits(self, key: Key) -> bool:
        """Whether a turn asking for `key` may take this generation."""
        fresh = time.monotonic() - self.started_s <= MAX_AGE_S
        return key == self.key and fresh and not self.token.cancelled

    def cancel(self) -> None:
        """Stop generating (the turn went another way, or the reader was cancelled)."""
        self.token.cancel()

    def read(self, cancel: CancelToken) -> Iterator[LlmDelta]:
        """The deltas, as the backend's `stream` would have yielded them (blocking)."""
        taken = 0
        while True:
            with self._changed:
                while taken == len(self._deltas) and not self._done:
                    if cancel.cancelled:
                        break
                    self._changed.wait(WAIT_S)
                if cancel.cancelled:
                    self.token.cancel()
                    return
                fresh, done, error = self._deltas[taken:], self._done, self._error
            taken += len(fresh)
            yield from fresh
            if done and taken == len(self._deltas):
                if error is not None:
                    raise error
                return
