"""The brain: answers what the fast path did not match, calling tools on the way.

Generation is blocking, so it runs in a worker thread and its deltas cross into the event loop
through a queue; cancelling the consumer (barge-in) or `Brain.cancel()` sets the backend's cancel
token, which the backend checks between tokens. A tool call is never spoken; only allow-listed
tools run; sensitive ones wait for a yes on a later turn (`sayso.dialogue.confirm`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import json
import logging
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from typing import Any

from sayso.dialogue.confirm import ConfirmationGate, Verdict, classify, question_for
from sayso.dialogue.fragments import is_question
from sayso.dialogue.memory import ConversationMemory, MemoryStore
from sayso.dialogue.messages import Message, ToolCall
from sayso.errors import BadInput, SaysoError
from sayso.languages import base as base_language
from sayso.llm.base import CancelToken, LlmBackend, LlmDelta
from sayso.llm.normalize import digits
from sayso.llm.outputs import (
    BrainOutput,
    ConfirmationAsked,
    Filler,
    ReplyDelta,
    ToolCalled,
    ToolOutcome,
)
from sayso.llm.prefetch import FirstSentence, Prefetch, key_of
from sayso.llm.sentences import SaidOnce
from sayso.llm.tools.grounding import NOT_SURE, OFFLINE, Grounder, Request
from sayso.llm.tools.grounding import Verdict as Grounded
from sayso.llm.tools.typed import ToolRegistry, ToolResult

log = logging.getLogger(__name__)

FILLER_AFTER_S = 0.7
"""A tool still running after this many seconds gets a spoken filler."""
MAX_REPLY_TOKENS = 64
"""Longest generated reply, in tokens (spoken replies are short)."""
THREAD_JOIN_S = 2.0
"""How long a cancelled turn waits for the generation thread to notice."""
WARM_UP_REQUEST = "What can you do?"
"""The throwaway request `Brain.warm_up` generates for (any words do: the head is shared)."""
TARGET_ARGUMENTS = ("device", "entity_id", "area", "target", "name")
"""Argument names whose values count as the targets of an action, for follow-ups."""
AskFirst = Callable[[ToolCall], str | None]
"""A confirmation policy: the question to ask before running a call, or None."""
SORRY = "Sorry, I can't do that."
DENIED = "Okay, I won't."
EXPIRED = "That request timed out, so I did nothing."
UNAVAILABLE = "Sorry, my language model isn't answering right now."
"""Said when the backend fails mid-turn (a stalled or dropped server): the turn ends, the
session goes on."""


class Brain:
    """LLM dialogue with tools, confirmation and memory."""

    def __init__(
        self, backend: LlmBackend, tools: ToolRegistry, memory: MemoryStore,
        confirm: ConfirmationGate, *, filler_after_s: float = FILLER_AFTER_S,
        max_tokens: int = MAX_REPLY_TOKENS, ask_first: AskFirst | None = None,
        ground: Grounder | None = None, languages: frozenset[str] | None = None,
    ) -> None:
        self.backend = backend
        self.languages = languages
        """Base languages it answers in (`speaks`); None: every language."""
        self.tools = tools
        self.memory = memory
        self.confirm = confirm
        self.filler_after_s = filler_after_s
        self.max_tokens = max_tokens
        self.ask_first = ask_first
        """Extra confirmation policy for calls of tools not marked sensitive (e.g. unlocking)."""
        self.ground = ground
        """Checks each call against the request and the live world (`tools.grounding`)."""
        self._tokens: dict[str, CancelToken] = {}
        self._prefetched: dict[str, Prefetch] = {}
        """Per session, the generation started on its latest speculative transcript."""

    def speaks(self, language: str | None) -> bool:
        """True when a turn in `language` is the brain's to answer ("" or None: the default)."""
        return self.languages is None or not language or base_language(language) in self.languages

    def prefetch(
        self, text: str, session: str, first_sentence: FirstSentence | None = None
    ) -> bool:
        """Start generating the answer to `text` before the turn ends (`llm/prefetch.py`).

        The turn that says `text` at the endpoint takes it if nothing it depends on changed.
        Not while a confirmation is pending: the next turn may answer it without the model.
        Replaces (cancels) the session's previous prefetch. True when one was started.
        """
        if self.confirm.pending(session) is not None:
            return False
        request, context = self.context_for(self.memory.session(session), digits(text))
        specs = self.tools.specs()
        key = key_of(context, specs, self.max_tokens)
        old = self._prefetched.pop(session, None)
        if old is not None and old.fits(key):
            self._prefetched[session] = old  # the same words again (a later pause): it stands
            return False
        if old is not None:
            old.cancel()
        refused = functools.partial(self._refused_by_name, request=request)
        prefetch = self._prefetched[session] = Prefetch(key, first_sentence, refused)
        prefetch.start(self.backend, context, specs, self.max_tokens)
        return True

    def drop_prefetch(self, session: str) -> None:
        """Cancel `session`'s speculative generation, if any (its turn turned out a command)."""
        old = self._prefetched.pop(session, None)
        if old is not None:
            old.cancel()

    def warm_up(self) -> None:
        """Generate one token for a throwaway request (blocking), as a server does at start.

        The first generation of a process evaluates the prompt's shared head (instructions,
        tools, examples) and sets up llama.cpp's buffers: ~1.1 s more than later turns on 2 cores
        (BENCHMARKS.md, "First question"); later turns reuse the head's key/value cache. Nothing
        is remembered: the context is built on an empty memory of no session.
        """
        _request, context = self.context_for(ConversationMemory(), WARM_UP_REQUEST)
        for _ in self.backend.stream(context, tools=self.tools.specs() or None, max_tokens=1):
            pass

    def context_for(
        self, mem: ConversationMemory, text: str
    ) -> tuple[Request, list[Message]]:
        """The request and the model's context for `text`, leaving `mem` as it is."""
        request = Request(text, mem.is_follow_up(text), _last_tool(mem))
        draft = dataclasses.replace(mem, turns=[*mem.turns, Message("user", text)], table=None)
        context = draft.context()
        if request.follow_up:
            note = f"The last action was on: {', '.join(mem.last_targets)}."
            context.insert(len(context) - 1, Message("system", note))
        return request, context

    def cancel(self, session: str) -> None:
        """Stop the generation of `session` (barge-in)."""
        token = self._tokens.get(session)
        if token is not None:
            token.cancel()

    async def respond(
        self, text: str, session: str, *, turn_id: str | None = None, authorized: bool = False
    ) -> AsyncIterator[BrainOutput]:
        """Reply to one user turn.

        `authorized` pre-approves sensitive calls for this one turn (an explicit `--yes` given
        outside the transcript); words inside the transcript never do.
        """
        turn = turn_id or uuid.uuid4().hex
        mem = self.memory.session(session)
        verdict, action = self.confirm.resolve(session, text, turn)
        if verdict is Verdict.CONFIRMED and action is not None:
            async for out in self._run(action.call, mem):
                yield out
            return
        if verdict is Verdict.DENIED or (verdict is Verdict.EXPIRED
                                         and classify(text) is not Verdict.CANCELLED):
            reply = DENIED if verdict is Verdict.DENIED else EXPIRED
            mem.add(Message("user", text))
            mem.add(Message("assistant", reply))
            yield ReplyDelta(reply)
            return
        async for out in self._generate(digits(text), session, turn, mem, authorized):
            yield out

    async def run_confirmed(self, call: ToolCall, session: str) -> AsyncIterator[BrainOutput]:
        """Run a call the user confirmed on a later turn (the confirmation resolved elsewhere)."""
        async for out in self._run(call, self.memory.session(session)):
            yield out

    async def _generate(
        self, text: str, session: str, turn: str, mem: ConversationMemory, authorized: bool
    ) -> AsyncIterator[BrainOutput]:
        request, context = self.context_for(mem, text)
        mem.add(Message("user", text))
        spoken: list[str] = []
        called = False
        answer = SaidOnce()
        try:
            async with contextlib.aclosing(self._deltas(context, session)) as deltas:
                async for delta in deltas:
                    if delta.text:
                        for sentence in answer.push(delta.text):
                            spoken.append(sentence)
                            yield ReplyDelta(sentence)
                        if answer.looped:
                            log.info("the model repeated a sentence: answer ended there")
                            break
                    elif delta.call_name is not None:
                        refusal = self._refused_by_name(delta.call_name, request)
                        if refusal is None:
                            continue
                        # The arguments cannot change the answer: leaving stops the model.
                        called = True
                        log.info("%s call refused before its arguments", delta.call_name)
                        mem.add(Message("assistant", refusal))
                        yield ReplyDelta(refusal)
                        break
                    elif delta.tool_call is not None:
                        called = True
                        calls = self._handle_call(
                            delta.tool_call, request, session, turn, mem, authorized
                        )
                        async for out in calls:
                            yield out
                    elif delta.error:
                        log.info("unusable model output: %s", delta.error)
            for sentence in answer.flush():
                spoken.append(sentence)
                yield ReplyDelta(sentence)
        except SaysoError as exc:
            log.warning("LLM failed mid-turn (%s): %s", exc.code, exc)
            for sentence in answer.flush():  # what it had said stays said
                spoken.append(sentence)
                yield ReplyDelta(sentence)
            spoken.append(("" if not spoken else " ") + UNAVAILABLE)
            yield ReplyDelta(spoken[-1])
        if not called and not "".join(spoken).strip():
            # Nothing usable came back (an empty answer, a call that stayed invalid): a turn
            # is never silent.
            spoken = [OFFLINE if is_question(text) else NOT_SURE]
            yield ReplyDelta(spoken[0])
        if spoken:
            mem.add(Message("assistant", "".join(spoken).strip()))

    async def _handle_call(
        self, call: ToolCall, request: Request, session: str, turn: str,
        mem: ConversationMemory, authorized: bool,
    ) -> AsyncIterator[BrainOutput]:
        try:
            arguments = self.tools.check(call)
        except BadInput as exc:
            log.info("refused tool call: %s", exc)
            yield ReplyDelta(SORRY)
            return
        call = ToolCall(call.name, arguments, call.id)
        tool = self.tools.get(call.name)
        assert tool is not None  # check() passed
        grounding = self.ground(call, request) if self.ground is not None else None
        if grounding is not None and grounding.verdict is Grounded.REFUSE:
            log.info("ungrounded %s call not run", call.name)  # no arguments: they quote the user
            mem.add(Message("assistant", grounding.speech))
            yield ReplyDelta(grounding.speech)
            return
        if grounding is not None and grounding.verdict is Grounded.RUN and grounding.call:
            call = grounding.call  # arguments read off the request, or a question's get_state
            tool = self.tools.get(call.name) or tool
        question = self._question(call, tool.sensitive)
        if grounding is not None and grounding.verdict is Grounded.ASK and grounding.call:
            # A close match is only proposed, even with --yes: a later yes runs it. The question
            # names what a sensitive call would do ("Unlock the front door?").
            call, question, authorized = grounding.call, grounding.speech, False
        if question is not None and not authorized:
            self.confirm.propose(session, call, question, turn)
            mem.add(Message("assistant", question))
            yield ConfirmationAsked(call, question)
            yield ReplyDelta(question)
            return
        async for out in self._run(call, mem):
            yield out

    def _refused_by_name(self, name: str, request: Request) -> str | None:
        """What is said instead of any call of tool `name` for `request`, or None.

        Said when no arguments could change it (`Grounder.before_arguments`); None: the call is
        read whole.
        """
        tool = self.tools.get(name)
        if self.ground is None or tool is None or not self.tools.is_allowed(name):
            return None  # an unknown tool is refused by `check`, with its own words
        decision = self.ground.before_arguments(name, tool.model.model_fields, request)
        return None if decision is None else decision.speech

    def _question(self, call: ToolCall, sensitive: bool) -> str | None:
        """The confirmation question for `call`, or None when it may run at once."""
        asked = self.ask_first(call) if self.ask_first is not None else None
        if asked is None and sensitive:
            return question_for(call)
        return asked

    async def _run(self, call: ToolCall, mem: ConversationMemory) -> AsyncIterator[BrainOutput]:
        """Run an allowed, validated call, with a filler when it is slow."""
        tool = self.tools.get(call.name)
        if tool is None or not self.tools.is_allowed(call.name):
            yield ReplyDelta(SORRY)
            return
        yield ToolCalled(call)
        task = asyncio.ensure_future(tool.run(call.arguments))
        done, _ = await asyncio.wait({task}, timeout=self.filler_after_s)
        if not done:
            yield Filler()
        try:
            result = await task
        except Exception as exc:  # a tool's failure is spoken about, not raised into the pipeline
            log.warning("tool %s failed: %s", call.name, exc)
            yield ToolOutcome(call.name, False, SORRY)
            yield ReplyDelta(SORRY)
            return
        speech, targets = _describe(result, call)
        mem.add(Message("assistant", tool_call=call))
        mem.add(Message("tool", speech, tool_call=call))
        mem.remember_targets(targets)
        yield ToolOutcome(call.name, True, speech, result)
        if speech:
            yield ReplyDelta(speech)

    async def _deltas(
        self, context: Sequence[Message], session: str
    ) -> AsyncGenerator[LlmDelta, None]:
        """Backend deltas, produced in a worker thread and handed over through a queue."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[LlmDelta | BaseException | None] = asyncio.Queue()
        token = CancelToken()
        self._tokens[session] = token
        specs = self.tools.specs()
        prefetched = self._prefetched.pop(session, None)
        if prefetched is not None and not prefetched.fits(key_of(context, specs, self.max_tokens)):
            prefetched.cancel()  # said or meant otherwise in the end: generate afresh
            prefetched = None

        def put(item: LlmDelta | BaseException | None) -> None:
            with contextlib.suppress(RuntimeError):  # the loop may be gone after a cancel
                loop.call_soon_threadsafe(queue.put_nowait, item)

        def pump() -> None:
            try:
                deltas = (prefetched.read(token) if prefetched is not None else
                          self.backend.stream(context, tools=specs or None,
                                              max_tokens=self.max_tokens, cancel=token))
                for delta in deltas:
                    put(delta)
            except BaseException as exc:  # re-raised on the loop side
                put(exc)
            finally:
                put(None)

        worker = loop.run_in_executor(None, pump)
        try:
            while (item := await queue.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                if not token.cancelled:
                    yield item
        finally:
            token.cancel()  # no-op when finished; stops the thread when the consumer left early
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(worker), THREAD_JOIN_S)


def _last_tool(mem: ConversationMemory) -> str | None:
    """The tool of the session's last action (fast-path turns are recorded as calls too)."""
    return next((m.tool_call.name for m in reversed(mem.turns) if m.tool_call), None)


def _describe(result: Any, call: ToolCall) -> tuple[str, tuple[str, ...]]:
    """Speech and targets of a tool's result."""
    fallback = tuple(str(call.arguments[k]) for k in TARGET_ARGUMENTS if call.arguments.get(k))
    if isinstance(result, ToolResult):
        return result.speech, result.targets or fallback
    if isinstance(result, str):
        return result, fallback
    if result is None:
        return "Done.", fallback
    return json.dumps(result, default=str), fallback
