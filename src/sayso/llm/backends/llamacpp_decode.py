"""Greedy grammar-constrained decoding with llama.cpp's low-level API, fast on big vocabularies.

llama-cpp-python applies a grammar to every candidate token at every step. With gemma-3's 262k-token
vocabulary and the long string rules of a tool schema that costs about a second per token. For
greedy decoding the result is the same when we first take the unconstrained argmax and ask the
grammar about that single token; only when the grammar rejects it is the grammar applied to the
whole vocabulary (llama.cpp's own `common_sampler` does the same).
"""

from __future__ import annotations

import codecs
import ctypes
import math
from collections.abc import Generator
from typing import Any

import numpy as np

from sayso.errors import ConfigError
from sayso.llm.base import CancelToken


class GrammarSampler:
    """A llama.cpp grammar sampler used as an accept/reject oracle."""

    def __init__(self, llama: Any, grammar: str) -> None:
        import llama_cpp  # deferred: native library

        self._lib = llama_cpp
        self._handle = llama_cpp.llama_sampler_init_grammar(
            llama._model.vocab, grammar.encode("utf-8"), b"root")
        if not self._handle:
            raise ConfigError("invalid GBNF grammar (llama.cpp could not parse it)")
        n_vocab = llama.n_vocab()
        self._one = (llama_cpp.llama_token_data * 1)()
        self._all = (llama_cpp.llama_token_data * n_vocab)()
        self._all_view = np.ctypeslib.as_array(self._all)
        self._all_view["id"] = np.arange(n_vocab, dtype=np.int32)

    def allows(self, token: int) -> bool:
        """True when the grammar accepts `token` next."""
        self._one[0] = self._lib.llama_token_data(token, 0.0, 0.0)
        self._apply(self._one, 1)
        return not math.isinf(self._one[0].logit)

    def best(self, logits: np.ndarray) -> int:
        """The highest-scoring token the grammar accepts."""
        self._all_view["logit"] = logits
        self._all_view["p"] = 0.0
        self._apply(self._all, len(logits))
        return int(np.argmax(self._all_view["logit"]))

    def accept(self, token: int) -> None:
        """Advance the grammar past `token`."""
        self._lib.llama_sampler_accept(self._handle, token)

    def close(self) -> None:
        """Free the native sampler."""
        if self._handle:
            self._lib.llama_sampler_free(self._handle)
            self._handle = None

    def _apply(self, data: Any, size: int) -> None:
        array = self._lib.llama_token_data_array(data, size, -1, False)
        self._lib.llama_sampler_apply(self._handle, ctypes.byref(array))


def greedy(
    llama: Any, prompt: str, grammar: str | None, max_tokens: int, cancel: CancelToken
) -> Generator[str, None, None]:
    """Text pieces of the greedy continuation of `prompt` (one per token) under `grammar`."""
    import llama_cpp  # deferred: native library

    tokens = llama.tokenize(prompt.encode("utf-8"), add_bos=True)
    _reuse_prefix(llama, tokens)
    llama.eval(tokens[llama.n_tokens:])
    sampler = GrammarSampler(llama, grammar) if grammar is not None else None
    vocab = llama._model.vocab
    n_vocab = llama.n_vocab()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    try:
        for _ in range(max_tokens):
            if cancel.cancelled:
                return
            pointer = llama_cpp.llama_get_logits_ith(llama._ctx.ctx, -1)
            logits = np.ctypeslib.as_array(pointer, shape=(n_vocab,))
            token = int(np.argmax(logits))
            if sampler is not None and not sampler.allows(token):
                token = sampler.best(logits)
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                return
            if sampler is not None:
                sampler.accept(token)
            piece = decoder.decode(llama.detokenize([token], prev_tokens=tokens))
            tokens.append(token)
            yield piece
            llama.eval([token])
    finally:
        if sampler is not None:
            sampler.close()


def _reuse_prefix(llama: Any, tokens: list[int]) -> None:
    """Keep the KV cache of the longest shared prefix (the few-shot header is evaluated once)."""
    cached = llama.input_ids[: llama.n_tokens].tolist()
    shared = 0
    for a, b in zip(cached, tokens, strict=False):
        if a != b:
            break
        shared += 1
    shared = min(shared, len(tokens) - 1)  # re-evaluate at least one token to get fresh logits
    if shared > 0 and llama._ctx.kv_cache_seq_rm(-1, shared, -1):
        llama.n_tokens = shared
    else:
        llama.reset()
