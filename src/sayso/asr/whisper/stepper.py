"""An incremental Whisper decoder with a key/value cache, for searches CTranslate2 cannot run.

CTranslate2's `generate` with a token prefix re-runs the decoder over the whole prefix on every
call (40-94 ms per step on 2 cores), so a search that extends hypotheses one token at a time needs
its own decoder. This one reads the decoder's weights from the model's `model.bin` (see
`ct2_weights`) and runs Whisper's decoder in float32 numpy: learned positional embeddings,
pre-LayerNorm blocks (self-attention, cross-attention over the encoder output, GELU MLP), a final
LayerNorm and the output projection tied to the token embedding. Self-attention keys/values are
cached per hypothesis; cross-attention keys/values are computed once per utterance in `start`.

Why numpy float32: a step is a handful of small matrix products per layer plus one
(hypotheses x width) x (width x vocabulary) projection; OpenBLAS runs these in a few ms, the
weights are stored as float16 (or int8) and float32 arithmetic keeps their values exactly, and no
extra runtime or graph export is needed.

The log-probabilities are the model's own, over the full vocabulary, with no token suppressed:
what CTranslate2's `align` (and so `WhisperTextScorer`) scores. Decoding as CTranslate2 does also
masks `suppressed_tokens` (every step) and `suppressed_at_begin` (first text token), see
`greedy_decode`.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import threadpoolctl
from scipy.special import erf

from sayso.asr.whisper.ct2_weights import read_variables
from sayso.asr.whisper.models import MODEL_DIR_ATTR, MODEL_FILE
from sayso.errors import BadInput, EngineUnavailable

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

LAYER_NORM_EPS = 1e-5
"""Whisper's LayerNorm epsilon."""
BLAS_THREADS = 1
"""BLAS threads per call: the products are small, and OpenBLAS's spinning worker threads made a
step 10x slower on a busy 2-core machine (measured: start 1.4 s with the default, 40 ms with 1)."""
_PREFIX = "decoder/"
_blas = threadpoolctl.ThreadpoolController()
_cache: dict[str, WhisperStepper] = {}
_cache_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class _Layer:
    """One decoder block; matrices are (input, output) so `x @ w` applies them."""

    self_norm: tuple[np.ndarray, np.ndarray]
    qkv: tuple[np.ndarray, np.ndarray]
    self_out: tuple[np.ndarray, np.ndarray]
    cross_norm: tuple[np.ndarray, np.ndarray]
    cross_q: tuple[np.ndarray, np.ndarray]
    cross_kv: tuple[np.ndarray, np.ndarray]
    cross_out: tuple[np.ndarray, np.ndarray]
    mlp_norm: tuple[np.ndarray, np.ndarray]
    mlp_in: tuple[np.ndarray, np.ndarray]
    mlp_out: tuple[np.ndarray, np.ndarray]


@dataclasses.dataclass(frozen=True)
class DecoderState:
    """Decoder caches for a batch of hypotheses of one utterance (treat as opaque)."""

    self_kv: tuple[tuple[np.ndarray, np.ndarray], ...]
    """Per layer: keys and values of every position so far, each (hyps, heads, length, head)."""
    cross_kv: tuple[tuple[np.ndarray, np.ndarray], ...]
    """Per layer: encoder keys (heads, head, frames) and values (heads, frames, head), shared."""
    length: int
    """Tokens decoded so far (the next token's position)."""

    @property
    def size(self) -> int:
        """Number of hypotheses."""
        return int(self.self_kv[0][0].shape[0])


class WhisperStepper:
    """Whisper's decoder, one token per hypothesis per `step`, with cached keys and values."""

    def __init__(self, variables: dict[str, np.ndarray], heads: int, source: str) -> None:
        self.source = source
        self.heads = heads
        self.embedding = variables["embeddings/weight"]
        self.positions = variables["position_encodings/encodings"]
        self.vocab, self.width = self.embedding.shape
        self.final_norm = (variables["layer_norm/gamma"], variables["layer_norm/beta"])
        count = sum(1 for n in variables if n.endswith("/self_attention/layer_norm/gamma"))
        # Whisper scales queries and keys by head**-0.25 each; folding both into the query
        # weights saves a multiply per step.
        self.scale = (self.width // heads) ** -0.5
        self.layers = tuple(self._layer(variables, f"layer_{i}/") for i in range(count))

    @classmethod
    def for_model(cls, model: WhisperModel) -> WhisperStepper:
        """The stepper for a loaded faster-whisper model (weights read once per directory)."""
        source = getattr(model, MODEL_DIR_ATTR, None)
        if source is None:
            raise EngineUnavailable(
                "this Whisper model was not loaded by sayso: its weights file is unknown"
            )
        return cls.from_dir(_local_dir(str(source)))

    @classmethod
    def from_dir(cls, directory: str | Path) -> WhisperStepper:
        """The stepper for a CTranslate2 Whisper model directory (cached per path, thread-safe)."""
        path = Path(directory).expanduser().resolve()
        key = str(path)
        with _cache_lock:
            if key not in _cache:
                variables = read_variables(path / MODEL_FILE, lambda n: n.startswith(_PREFIX))
                _cache[key] = cls._build(variables, key)
            return _cache[key]

    @classmethod
    def _build(cls, variables: dict[str, np.ndarray], source: str) -> WhisperStepper:
        names = {n[len(_PREFIX) :]: v for n, v in variables.items()}
        if "num_heads" not in names or "embeddings/weight" not in names:
            raise EngineUnavailable(f"{source} holds no Whisper decoder this stepper can read")
        try:
            return cls(names, int(names["num_heads"]), source)
        except (KeyError, ValueError) as exc:
            raise EngineUnavailable(
                f"{source}: unexpected Whisper decoder layout ({exc})"
            ) from None

    def _layer(self, v: dict[str, np.ndarray], p: str) -> _Layer:
        def linear(name: str, scale_rows: int = 0) -> tuple[np.ndarray, np.ndarray]:
            weight, bias = v[p + name + "/weight"].copy(), v[p + name + "/bias"].copy()
            weight[:scale_rows] *= self.scale
            bias[:scale_rows] *= self.scale
            return np.ascontiguousarray(weight.T), bias

        def norm(name: str) -> tuple[np.ndarray, np.ndarray]:
            return v[p + name + "/layer_norm/gamma"], v[p + name + "/layer_norm/beta"]

        return _Layer(
            self_norm=norm("self_attention"),
            qkv=linear("self_attention/linear_0", self.width),
            self_out=linear("self_attention/linear_1"),
            cross_norm=norm("attention"),
            cross_q=linear("attention/linear_0", self.width),
            cross_kv=linear("attention/linear_1"),
            cross_out=linear("attention/linear_2"),
            mlp_norm=norm("ffn"),
            mlp_in=linear("ffn/linear_0"),
            mlp_out=linear("ffn/linear_1"),
        )

    def start(self, encoded: Any, prefix: Sequence[int]) -> tuple[DecoderState, np.ndarray]:
        """One hypothesis after `prefix`, and its next-token log-probabilities (vocab,).

        `encoded` is the encoder output (1, frames, width), an array or a CTranslate2 StorageView.
        """
        audio = np.asarray(encoded, dtype=np.float32)
        if audio.ndim != 3 or audio.shape[0] != 1 or audio.shape[2] != self.width:
            raise BadInput(f"encoder output must be (1, frames, {self.width}), got {audio.shape}")
        if not prefix:
            raise BadInput("the decoder needs at least one start token")
        with _blas.limit(limits=BLAS_THREADS, user_api="blas"):
            cross = tuple(self._cross_kv(layer, audio[0]) for layer in self.layers)
            empty = np.zeros((1, self.heads, 0, self.width // self.heads), np.float32)
            state = DecoderState(tuple((empty, empty) for _ in self.layers), cross, 0)
            ids = np.asarray([prefix], np.intp)
            hidden, state = self._forward(state, np.zeros(1, np.intp), ids)
            return state, self._log_softmax(hidden[:, -1])[0]

    def step(
        self, state: DecoderState, parents: Sequence[int], tokens: Sequence[int]
    ) -> tuple[DecoderState, np.ndarray]:
        """Extend hypothesis `parents[i]` by `tokens[i]`; log-probabilities (len(tokens), vocab)."""
        if len(parents) != len(tokens) or not tokens:
            raise BadInput("step needs one parent per token and at least one token")
        ids = np.asarray(tokens, np.intp).reshape(-1, 1)
        rows = np.asarray(parents, np.intp)
        if rows.min() < 0 or rows.max() >= state.size:
            raise BadInput(f"parents must be in [0, {state.size})")
        with _blas.limit(limits=BLAS_THREADS, user_api="blas"):
            hidden, new = self._forward(state, rows, ids)
            return new, self._log_softmax(hidden[:, -1])

    def _forward(
        self, state: DecoderState, parents: np.ndarray, ids: np.ndarray
    ) -> tuple[np.ndarray, DecoderState]:
        end = state.length + ids.shape[1]
        if end > len(self.positions):
            raise BadInput(f"Whisper's decoder holds at most {len(self.positions)} tokens")
        if ids.min() < 0 or ids.max() >= self.vocab:
            raise BadInput(f"token ids must be in [0, {self.vocab})")
        x = self.embedding[ids] + self.positions[state.length : end]
        caches = []
        for layer, (keys, values), cross in zip(
            self.layers, state.self_kv, state.cross_kv, strict=True
        ):
            x, kv = self._block(layer, x, keys[parents], values[parents], cross)
            caches.append(kv)
        return _layer_norm(x, *self.final_norm), DecoderState(tuple(caches), state.cross_kv, end)

    def _block(
        self,
        layer: _Layer,
        x: np.ndarray,
        past_k: np.ndarray,
        past_v: np.ndarray,
        cross: tuple[np.ndarray, np.ndarray],
    ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        batch, count, width = x.shape
        q, k, v = np.split(_linear(_layer_norm(x, *layer.self_norm), layer.qkv), 3, axis=-1)
        keys = np.concatenate([past_k, self._heads(k)], axis=2)
        values = np.concatenate([past_v, self._heads(v)], axis=2)
        scores = self._heads(q) @ keys.transpose(0, 1, 3, 2)  # (batch, heads, count, length)
        if count > 1:  # a prefix: position i sees the past and positions <= i
            past = keys.shape[2] - count
            scores[..., past:] += np.triu(np.full((count, count), -np.inf, np.float32), 1)
        x = x + _linear(self._merge(_softmax(scores) @ values), layer.self_out)
        query = _linear(_layer_norm(x, *layer.cross_norm), layer.cross_q)
        # All hypotheses share the encoder keys: (heads, batch*count, head) @ (heads, head, frames).
        query = query.reshape(batch * count, self.heads, -1).transpose(1, 0, 2)
        attended = _softmax(query @ cross[0]) @ cross[1]  # (heads, batch*count, head)
        attended = attended.transpose(1, 0, 2).reshape(batch, count, width)
        x = x + _linear(attended, layer.cross_out)
        hidden = _linear(_layer_norm(x, *layer.mlp_norm), layer.mlp_in)
        x = x + _linear(_gelu(hidden), layer.mlp_out)
        return x, (keys, values)

    def _cross_kv(self, layer: _Layer, audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keys, values = np.split(_linear(audio, layer.cross_kv), 2, axis=-1)
        frames = audio.shape[0]
        keys = keys.reshape(frames, self.heads, -1).transpose(1, 2, 0)
        values = values.reshape(frames, self.heads, -1).transpose(1, 0, 2)
        return np.ascontiguousarray(keys), np.ascontiguousarray(values)

    def _heads(self, x: np.ndarray) -> np.ndarray:
        batch, count, _ = x.shape
        return x.reshape(batch, count, self.heads, -1).transpose(0, 2, 1, 3)

    def _merge(self, x: np.ndarray) -> np.ndarray:
        batch, _, count, _ = x.shape
        return x.transpose(0, 2, 1, 3).reshape(batch, count, self.width)

    def _log_softmax(self, hidden: np.ndarray) -> np.ndarray:
        logits = hidden @ self.embedding.T
        logits -= logits.max(axis=-1, keepdims=True)
        logits -= np.log(np.exp(logits).sum(axis=-1, keepdims=True))
        return logits


def _linear(x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    return x @ weights[0] + weights[1]


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS) * gamma + beta


def _softmax(x: np.ndarray) -> np.ndarray:
    x = np.exp(x - x.max(axis=-1, keepdims=True))
    return x / x.sum(axis=-1, keepdims=True)


def _gelu(x: np.ndarray) -> np.ndarray:
    # Whisper's GELU is the exact (erf) form, not the tanh approximation.
    return np.asarray(0.5 * x * (1.0 + erf(x * np.float32(0.5**0.5))), np.float32)


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
