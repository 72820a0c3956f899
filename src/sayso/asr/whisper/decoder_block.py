"""One block of Whisper's decoder (numpy, products in float32 or int8), for `stepper.py`.

A block is pre-LayerNorm: self-attention over the tokens so far (keys and values cached by the
caller), cross-attention over the encoder output, then a GELU MLP, each added to its input.
Weights come from CTranslate2's variable names (`self_attention/linear_0` holds the fused query,
key and value projections; `attention/linear_1` the fused encoder key and value projections).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.special import erf

LAYER_NORM_EPS = 1e-5
"""Whisper's LayerNorm epsilon."""

Linear = Callable[[np.ndarray], np.ndarray]
"""A linear layer: (..., input) -> (..., output)."""


@dataclasses.dataclass(frozen=True)
class FloatLinear:
    """x @ weight + bias in float32 numpy; weight is (input, output)."""

    weight: np.ndarray
    bias: np.ndarray

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Apply to x (..., input)."""
        return x @ self.weight + self.bias


@dataclasses.dataclass(frozen=True)
class DecoderBlock:
    """One decoder block.

    Each LayerNorm's gamma and beta are folded into the linear layer after it (identical maths),
    so the int8 layers see activations without gamma's large entries.
    """

    heads: int
    qkv: Linear
    self_out: Linear
    cross_q: Linear
    cross_kv: FloatLinear
    cross_out: Linear
    mlp_in: Linear
    mlp_out: Linear

    @classmethod
    def from_variables(
        cls, v: dict[str, np.ndarray], prefix: str, heads: int, *, int8: bool
    ) -> DecoderBlock:
        """The block whose CTranslate2 variables start with `prefix` (e.g. "layer_0/").

        With `int8`, the per-step products run as int8 in onnxruntime (`ort_projection`); the
        encoder keys/values, computed once per utterance, stay float32.
        """
        from sayso.asr.whisper.ort_projection import Int8Linear

        def linear(name: str) -> Any:
            weight, bias = weights[name]
            return Int8Linear(weight, bias) if int8 else FloatLinear(weight, bias)

        weights = block_weights(v, prefix, heads)
        return cls(
            heads=heads,
            qkv=linear("qkv"),
            self_out=linear("self_out"),
            cross_q=linear("cross_q"),
            cross_kv=cross_kv(v, prefix),
            cross_out=linear("cross_out"),
            mlp_in=linear("mlp_in"),
            mlp_out=linear("mlp_out"),
        )

    def encoder_kv(self, audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Keys (heads, head, frames) and values (heads, frames, head) of the encoder output."""
        return encoder_kv(self.cross_kv, audio, self.heads)

    def __call__(
        self, x: np.ndarray, past: tuple[np.ndarray, np.ndarray], encoder: tuple[np.ndarray, ...]
    ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """Apply to x (batch, count, width) after `past` keys/values (batch, heads, length, head).

        Returns the output and the keys/values including these `count` positions.
        """
        batch, count, width = x.shape
        q, k, v = np.split(self.qkv(normalize(x)), 3, axis=-1)
        keys = np.concatenate([past[0], self._split(k)], axis=2)
        values = np.concatenate([past[1], self._split(v)], axis=2)
        scores = self._split(q) @ keys.transpose(0, 1, 3, 2)  # (batch, heads, count, length)
        if count > 1:  # a prefix: position i sees the past and positions <= i
            scores[..., -count:] += np.triu(np.full((count, count), -np.inf, np.float32), 1)
        attended = (softmax(scores) @ values).transpose(0, 2, 1, 3).reshape(batch, count, width)
        x = x + self.self_out(attended)
        query = self.cross_q(normalize(x))
        # All hypotheses share the encoder keys: (heads, batch*count, head) @ (heads, head, frames).
        query = query.reshape(batch * count, self.heads, -1).transpose(1, 0, 2)
        attended = softmax(query @ encoder[0]) @ encoder[1]  # (heads, batch*count, head)
        x = x + self.cross_out(attended.transpose(1, 0, 2).reshape(batch, count, width))
        return x + self.mlp_out(gelu(self.mlp_in(normalize(x)))), (keys, values)

    def _split(self, x: np.ndarray) -> np.ndarray:
        batch, count, _ = x.shape
        return x.reshape(batch, count, self.heads, -1).transpose(0, 2, 1, 3)


LINEARS = ("qkv", "self_out", "cross_q", "cross_out", "mlp_in", "mlp_out")
"""A block's per-step linear layers, in the order they run."""


def block_weights(
    v: dict[str, np.ndarray], prefix: str, heads: int
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each of `LINEARS` of the block at `prefix`: weight (input, output) and bias, float32.

    Each LayerNorm's gamma and beta are folded into the linear layer after it, and the query
    scale into the query weights (`DecoderBlock`).
    """
    from sayso.asr.whisper.ort_projection import fold_norm

    width = v[prefix + "self_attention/linear_1/weight"].shape[0]
    # Whisper scales queries and keys by head**-0.25 each; folding both into the query
    # weights saves a multiply per step.
    scale = (width // heads) ** -0.5

    def linear(name: str, norm: str = "", scaled_rows: int = 0) -> tuple[np.ndarray, np.ndarray]:
        weight = v[prefix + name + "/weight"].astype(np.float32)
        bias = v[prefix + name + "/bias"].astype(np.float32)
        weight[:scaled_rows] *= scale
        bias[:scaled_rows] *= scale
        weight = np.ascontiguousarray(weight.T)
        if norm:
            gamma = v[prefix + norm + "/layer_norm/gamma"]
            weight, bias = fold_norm(weight, bias, gamma, v[prefix + norm + "/layer_norm/beta"])
        return weight, bias

    return {
        "qkv": linear("self_attention/linear_0", "self_attention", width),
        "self_out": linear("self_attention/linear_1"),
        "cross_q": linear("attention/linear_0", "attention", width),
        "cross_out": linear("attention/linear_2"),
        "mlp_in": linear("ffn/linear_0", "ffn"),
        "mlp_out": linear("ffn/linear_1"),
    }


def cross_kv(v: dict[str, np.ndarray], prefix: str) -> FloatLinear:
    """The fused encoder key and value projection of the block at `prefix` (float32)."""
    return FloatLinear(
        np.ascontiguousarray(v[prefix + "attention/linear_1/weight"].T),
        v[prefix + "attention/linear_1/bias"],
    )


def encoder_kv(linear: FloatLinear, audio: np.ndarray, heads: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys (heads, head, frames) and values (heads, frames, head) of the encoder output."""
    keys, values = np.split(linear(audio), 2, axis=-1)
    frames = audio.shape[0]
    keys = keys.reshape(frames, heads, -1).transpose(1, 2, 0)
    values = values.reshape(frames, heads, -1).transpose(1, 0, 2)
    return np.ascontiguousarray(keys), np.ascontiguousarray(values)


def normalize(x: np.ndarray) -> np.ndarray:
    """LayerNorm over the last axis without gamma and beta."""
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS)


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """LayerNorm over the last axis."""
    return normalize(x) * gamma + beta


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis."""
    x = np.exp(x - x.max(axis=-1, keepdims=True))
    return x / x.sum(axis=-1, keepdims=True)


def gelu(x: np.ndarray) -> np.ndarray:
    """Whisper's GELU: the exact (erf) form, not the tanh approximation."""
    return np.asarray(0.5 * x * (1.0 + erf(x * np.float32(0.5**0.5))), np.float32)
