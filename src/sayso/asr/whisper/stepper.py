"""An incremental Whisper decoder with a key/value cache, for searches CTranslate2 cannot run.

CTranslate2's `generate` with a token prefix re-runs the decoder over the whole prefix on every
call (40-94 ms per step on 2 cores), so a search that extends hypotheses one token at a time needs
its own decoder. This one reads the decoder's weights from the model's `model.bin` (see
`ct2_weights`) and runs Whisper's decoder: learned positional embeddings, pre-LayerNorm blocks
(`decoder_block`), a final LayerNorm and the output projection tied to the token embedding.
Self-attention keys/values are cached per hypothesis; the encoder's keys/values are computed once
per utterance in `start` and shared by every hypothesis.

Numerics: a step is bound by reading weights, not by arithmetic (5-8 hypotheses x one token), so
by default every per-step product - the blocks' linear layers and the projection onto the
vocabulary, 80 MB in float32 for tiny.en - runs as int8 (`ort_projection`), attention, LayerNorm
and GELU in float32, and the whole step is one onnxruntime graph (`ort_step`; round 41: 16 -> 9
ms a step for 8 hypotheses, most of it had been per-call overhead). The error is of the size
CTranslate2's own int8 compute has against float32 (BENCHMARKS.md, "Whisper decoder stepper"),
on every CPU: the weights are stored so that CPUs without VNNI do not saturate (`Int8Linear`;
round 39). `fused=False` runs the same int8 maths layer by layer from numpy, the form the graph
is tested against. `exact=True` keeps everything in float32 numpy (the stored float16 weights
convert exactly), which matches CTranslate2's float32 compute to about 1e-4 per token
log-probability.

The log-probabilities are the model's own over the full vocabulary, with nothing suppressed. Two
conventions of CTranslate2 to reproduce where they matter:
* `align` (so `WhisperTextScorer`) normalises over text tokens only (ids below end-of-text) and
  puts its own <|notimestamps|> after the start sequence it is given;
* `generate` masks its `suppress_tokens` at every step and, with `suppress_blank`, the blank
  token and end-of-text at the first step (the model config's `suppress_ids_begin`), then
  renormalises.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import threadpoolctl

from sayso.asr.whisper.ct2_weights import read_variables
from sayso.asr.whisper.decoder_block import (
    DecoderBlock,
    block_weights,
    cross_kv,
    encoder_kv,
    layer_norm,
    normalize,
)
from sayso.asr.whisper.models import MODEL_DIR_ATTR, MODEL_FILE
from sayso.asr.whisper.ort_step import FusedStep
from sayso.errors import BadInput, EngineUnavailable

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

BLAS_THREADS = 1
"""BLAS threads per call: the products are small, and OpenBLAS's spinning worker threads made
`start` 1.4 s instead of 40 ms on a busy 2-core machine."""
_EXPECTED_FLAGS = {"pre_norm": 1, "activation": 3, "alibi": 0, "scale_embeddings": 0}
"""Decoder flags of every Whisper conversion (activation 3 is CTranslate2's exact GELU)."""
_PREFIX = "decoder/"
_EMBEDDING = _PREFIX + "embeddings/weight"
_blas = threadpoolctl.ThreadpoolController()
_cache: dict[tuple[str, bool, bool], WhisperStepper] = {}
_cache_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class DecoderState:
    """Decoder caches for a batch of hypotheses of one utterance (treat as opaque)."""

    self_kv: tuple[tuple[np.ndarray, np.ndarray], ...]
    """Per layer: keys and values of every position so far, each (hyps, heads, length, head)."""
    encoder_kv: tuple[tuple[np.ndarray, np.ndarray], ...]
    """Per layer: encoder keys (heads, head, frames) and values (heads, frames, head), shared."""
    length: int
    """Tokens decoded so far (the next token's position)."""

    @property
    def size(self) -> int:
        """Number of hypotheses."""
        return int(self.self_kv[0][0].shape[0])


class WhisperStepper:
    """Whisper's decoder, one token per hypothesis per `step`, with cached keys and values."""

    def __init__(
        self, variables: dict[str, np.ndarray], *, exact: bool, source: str, fused: bool = True
    ) -> None:
        """A stepper over the decoder's `variables` (names without "decoder/").

        `exact`: float32 throughout; else int8 products, one graph per step (`fused`) or,
        layer by layer, the form that graph is tested against (`ort_step.py`).
        """
        self.source = source
        self.exact = exact
        self.heads = int(variables["num_heads"])
        embedding = variables["embeddings/weight"]
        self.vocab, self.width = embedding.shape
        self.positions = variables["position_encodings/encodings"]
        self.final_norm = (variables["layer_norm/gamma"], variables["layer_norm/beta"])
        count = sum(1 for n in variables if n.endswith("/self_attention/layer_norm/gamma"))
        prefixes = [f"layer_{i}/" for i in range(count)]
        # Rows are looked up in float16 (the stored precision) unless the float32 copy exists.
        self._rows = embedding if exact else embedding.astype(np.float16, copy=False)
        self.layers: tuple[DecoderBlock, ...] = ()
        self._fused: FusedStep | None = None
        self._project: Callable[[np.ndarray], np.ndarray] | None = None
        if exact:
            self.layers = self._blocks(variables, prefixes, int8=False)
            self._project = lambda x: _log_softmax(layer_norm(x, *self.final_norm) @ embedding.T)
        elif not fused:
            self.layers = self._blocks(variables, prefixes, int8=True)
            self._project = _int8_projection(embedding, *self.final_norm)
        else:
            blocks = (block_weights(variables, p, self.heads) for p in prefixes)
            self._fused = FusedStep(blocks, self.heads, embedding, self.final_norm)
        # The encoder keys' and values' projections, computed in `start` (the blocks hold them).
        self._cross = (
            tuple(b.cross_kv for b in self.layers)
            if self.layers
            else tuple(cross_kv(variables, p) for p in prefixes)
        )

    def _blocks(
        self, variables: dict[str, np.ndarray], prefixes: list[str], *, int8: bool
    ) -> tuple[DecoderBlock, ...]:
        return tuple(
            DecoderBlock.from_variables(variables, p, self.heads, int8=int8) for p in prefixes
        )

    @classmethod
    def for_model(
        cls, model: WhisperModel, *, exact: bool = False, fused: bool = True
    ) -> WhisperStepper:
        """The stepper for a faster-whisper model loaded by sayso (weights read once per path)."""
        source = getattr(model, MODEL_DIR_ATTR, None)
        if source is None:
            raise EngineUnavailable("this Whisper model was not loaded by sayso: no weights file")
        return cls.from_dir(_local_dir(str(source)), exact=exact, fused=fused)

    @classmethod
    def from_dir(
        cls, directory: str | Path, *, exact: bool = False, fused: bool = True
    ) -> WhisperStepper:
        """The stepper for a CTranslate2 Whisper model directory (cached per path, thread-safe)."""
        path = str(Path(directory).expanduser().resolve())
        fused = fused and not exact  # float32 has one form
        with _cache_lock:
            if (path, exact, fused) not in _cache:
                # Without `exact` the embedding is only looked up in float16 and quantized.
                def as_stored(name: str) -> bool:
                    return not exact and name == _EMBEDDING

                variables = read_variables(Path(path) / MODEL_FILE, _is_decoder, as_stored)
                _cache[path, exact, fused] = cls._build(variables, path, exact, fused)
            return _cache[path, exact, fused]

    @classmethod
    def _build(
        cls, variables: dict[str, np.ndarray], source: str, exact: bool, fused: bool
    ) -> WhisperStepper:
        names = {n[len(_PREFIX) :]: v for n, v in variables.items()}
        if "num_heads" not in names or "embeddings/weight" not in names:
            raise EngineUnavailable(f"{source} holds no Whisper decoder this stepper can read")
        flags = {k: int(names[k]) for k in _EXPECTED_FLAGS if k in names}
        if flags != _EXPECTED_FLAGS:
            raise EngineUnavailable(f"{source}: not a Whisper decoder layout (flags {flags})")
        refused: tuple[type[Exception], ...] = (KeyError, ValueError, *_graph_errors())
        try:
            return cls(names, exact=exact, source=source, fused=fused)
        except refused as exc:
            raise EngineUnavailable(f"{source}: unexpected decoder layout ({exc})") from None

    def start(self, encoded: Any, prefix: Sequence[int]) -> tuple[DecoderState, np.ndarray]:
        """One hypothesis after `prefix`, and its next-token log-probabilities (vocab,).

        `encoded` is the encoder output (1, frames, width), an array or a CTranslate2 StorageView;
        it may be cut to the speech plus a tail, as `WhisperTextScorer` does.
        """
        audio = np.asarray(encoded, dtype=np.float32)
        if audio.ndim != 3 or audio.shape[0] != 1 or audio.shape[2] != self.width:
            raise BadInput(f"encoder output must be (1, frames, {self.width}), got {audio.shape}")
        if not prefix:
            raise BadInput("the decoder needs at least one start token")
        with _blas.limit(limits=BLAS_THREADS, user_api="blas"):
            shared = tuple(encoder_kv(linear, audio[0], self.heads) for linear in self._cross)
            empty = np.zeros((1, self.heads, 0, self.width // self.heads), np.float32)
            state = DecoderState(tuple((empty, empty) for _ in self._cross), shared, 0)
            one = np.zeros(1, np.intp)
            if self._fused is not None:
                for ids in self._prefix_parts(prefix):
                    state, rows = self._fused_step(state, one, ids)
                return state, rows[0]
            assert self._project is not None
            for ids in self._prefix_parts(prefix):
                hidden, state = self._forward(state, one, ids)
            return state, self._project(hidden[:, -1])[0]

    def _prefix_parts(self, prefix: Sequence[int]) -> list[np.ndarray]:
        """The prefix as decoded: whole (exact), else its first token apart from the rest.

        The int8 products quantize their input with one scale per call, and the first position's
        hidden state has a few very large entries (as transformers' first positions do): in one
        call with the rest of a prompt, the others were quantized coarsely. Apart, FSDD's 300
        spoken digits behind the digits' vocabulary prompt (24 tokens) scored 0.12 nats from
        float32 on average instead of 0.22 (p90 0.26 against 0.52), and Cathy's 60 sentences
        behind the plain start (2 tokens) 0.11 instead of 0.14 (`scripts/prompt_split_drift.py`;
        BENCHMARKS.md, "One graph a decoder step", round 41). Causal attention makes it the
        same maths; the cost is one more call per search (~3 ms).
        """
        ids = np.asarray([prefix], np.intp)
        return [ids] if self.exact or len(prefix) == 1 else [ids[:, :1], ids[:, 1:]]

    def step(
        self, state: DecoderState, parents: Sequence[int], tokens: Sequence[int]
    ) -> tuple[DecoderState, np.ndarray]:
        """Extend hypothesis `parents[i]` by `tokens[i]`; log-probabilities (len(tokens), vocab)."""
        if len(parents) != len(tokens) or not tokens:
            raise BadInput("step needs one parent per token and at least one token")
        rows = np.asarray(parents, np.intp)
        if rows.min() < 0 or rows.max() >= state.size:
            raise BadInput(f"parents must be in [0, {state.size})")
        with _blas.limit(limits=BLAS_THREADS, user_api="blas"):
            ids = np.asarray(tokens, np.intp).reshape(-1, 1)
            if self._fused is not None:
                return self._fused_step(state, rows, ids)
            assert self._project is not None
            hidden, new = self._forward(state, rows, ids)
            return new, self._project(hidden[:, -1])

    def _fused_step(
        self, state: DecoderState, parents: np.ndarray, ids: np.ndarray
    ) -> tuple[DecoderState, np.ndarray]:
        """Tokens `ids` (hyps, count) through the int8 graph (`ort_step.FusedStep`)."""
        assert self._fused is not None
        end = state.length + self._checked(state, ids).shape[1]
        x = self._rows[ids].astype(np.float32) + self.positions[state.length : end]
        rows, caches = self._fused(x, parents, state.self_kv, state.encoder_kv)
        return DecoderState(caches, state.encoder_kv, end), rows

    def _checked(self, state: DecoderState, ids: np.ndarray) -> np.ndarray:
        """`ids` (hyps, count), refused if out of the vocabulary or past the last position."""
        if state.length + ids.shape[1] > len(self.positions):
            raise BadInput(f"Whisper's decoder holds at most {len(self.positions)} tokens")
        if ids.min() < 0 or ids.max() >= self.vocab:
            raise BadInput(f"token ids must be in [0, {self.vocab})")
        return ids

    def _forward(
        self, state: DecoderState, parents: np.ndarray, ids: np.ndarray
    ) -> tuple[np.ndarray, DecoderState]:
        end = state.length + self._checked(state, ids).shape[1]
        x = self._rows[ids].astype(np.float32) + self.positions[state.length : end]
        caches = []
        for layer, (keys, values), shared in zip(
            self.layers, state.self_kv, state.encoder_kv, strict=True
        ):
            x, kv = layer(x, (keys[parents], values[parents]), shared)
            caches.append(kv)
        return x, DecoderState(tuple(caches), state.encoder_kv, end)


def _is_decoder(name: str) -> bool:
    # Whisper ties the output projection to the embedding, which is what `__init__` reads; the
    # file's alias of it would be another 80 MB float32 copy.
    return name.startswith(_PREFIX) and name != _PREFIX + "projection/weight"


def _graph_errors() -> tuple[type[Exception], ...]:
    """What onnxruntime raises for a graph it cannot load (shapes of an unexpected layout)."""
    from onnxruntime.capi import onnxruntime_pybind11_state as ort_state

    return (ort_state.Fail, ort_state.InvalidGraph, ort_state.InvalidArgument)


def _int8_projection(
    embedding: np.ndarray, gamma: np.ndarray, beta: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    """The output projection and log-softmax as one int8 product (`Int8Linear`)."""
    from sayso.asr.whisper.ort_projection import Int8Linear, folded_bias

    # The LayerNorm is folded in as the transposed rows are quantized, a block at a time.
    bias = folded_bias(embedding.T, np.zeros(len(embedding), np.float32), beta)
    projection = Int8Linear(embedding.T, bias, log_softmax=True, gamma=gamma)
    return lambda x: projection(normalize(x))


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=-1, keepdims=True)
    return logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))


def _local_dir(source: str) -> str:
    if os.path.isdir(source):
        return source
    from faster_whisper.utils import download_model

    try:  # a hub model faster-whisper already downloaded: find its cached directory
        return str(download_model(source, local_files_only=True))
    except Exception as exc:  # the hub client raises several unrelated types
        raise EngineUnavailable(
            f"cannot find the files of Whisper model {source!r}: {exc}"
        ) from None
