"""One block of Whisper's decoder in float32 numpy, for `stepper.py`.

A block is pre-LayerNorm: self-attention over the tokens so far (keys and values cached by the
caller), cross-attention over the encoder output, then a GELU MLP, each added to its input.
Weights come from CTranslate2's variable names (`self_attention/linear_0` holds the fused query,
key and value projections; `attention/linear_1` the fused encoder key and value projections).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy.special import erf

LAYER_NORM_EPS = 1e-5
"""Whisper's LayerNorm epsilon."""

Affine = tuple[np.ndarray, np.ndarray]
"""A linear layer as (weight (input, output), bias), or a LayerNorm as (gamma, beta)."""


@dataclasses.dataclass(frozen=True)
class DecoderBlock:
    """One decoder block; matrices are (input, output) so `x @ w` applies them."""

    heads: int
    self_norm: Affine
    qkv: Affine
    self_out: Affine
    cross_norm: Affine
    cross_q: Affine
    cross_kv: Affine
    cross_out: Affine
    mlp_norm: Affine
    mlp_in: Affine
    mlp_out: Affine

    @classmethod
    def from_variables(cls, v: dict[str, np.ndarray], prefix: str, heads: int) -> DecoderBlock:
        """The block whose CTranslate2 variables start with `prefix` (e.g. "layer_0/")."""
        width = v[prefix + "self_attention/linear_1/weight"].shape[0]
        # Whisper scales queries and keys by head**-0.25 each; folding both into the query
        # weights saves a multiply per step.
        scale = (width // heads) ** -0.5

        def linear(name: str, scaled_rows: int = 0) -> Affine:
            weight, bias = v[prefix + name + "/weight"].copy(), v[prefix + name + "/bias"].copy()
            weight[:scaled_rows] *= scale
            bias[:scaled_rows] *= scale
            return np.ascontiguousarray(weight.T), bias

        def norm(name: str) -> Affine:
            return v[prefix + name + "/layer_norm/gamma"], v[prefix + name + "/layer_norm/beta"]

        return cls(
            heads=heads,
            self_norm=norm("self_attention"),
            qkv=linear("self_attention/linear_0", width),
            self_out=linear("self_attention/linear_1"),
            cross_norm=norm("attention"),
            cross_q=linear("attention/linear_0", width),
            cross_kv=linear("attention/linear_1"),
            cross_out=linear("attention/linear_2"),
            mlp_norm=norm("ffn"),
            mlp_in=linear("ffn/linear_0"),
            mlp_out=linear("ffn/linear_1"),
        )

    def encoder_kv(self, audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Keys (heads, head, frames) and values (heads, frames, head) of the encoder output."""
        keys, values = np.split(linear(audio, self.cross_kv), 2, axis=-1)
        frames = audio.shape[0]
        keys = keys.reshape(frames, self.heads, -1).transpose(1, 2, 0)
        values = values.reshape(frames, self.heads, -1).transpose(1, 0, 2)
        return np.ascontiguousarray(keys), np.ascontiguousarray(values)

    def __call__(
        self, x: np.ndarray, past: tuple[np.ndarray, np.ndarray], encoder: tuple[np.ndarray, ...]
    ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """Apply to x (batch, count, width) after `past` keys/values (batch, heads, length, head).

        Returns the output and the keys/values including these `count` positions.
        """
        batch, count, width = x.shape
        q, k, v = np.split(linear(layer_norm(x, *self.self_norm), self.qkv), 3, axis=-1)
        keys = np.concatenate([past[0], self._split(k)], axis=2)
        values = np.concatenate([past[1], self._split(v)], axis=2)
        scores = self._split(q) @ keys.transpose(0, 1, 3, 2)  # (batch, heads, count, length)
        if count > 1:  # a prefix: position i sees the past and positions <= i
            scores[..., -count:] += np.triu(np.full((count, count), -np.inf, np.float32), 1)
        attended = (softmax(scores) @ values).transpose(0, 2, 1, 3).reshape(batch, count, width)
        x = x + linear(attended, self.self_out)
        query = linear(layer_norm(x, *self.cross_norm), self.cross_q)
        # All hypotheses share the encoder keys: (heads, batch*count, head) @ (heads, head, frames).
        query = query.reshape(batch * count, self.heads, -1).transpose(1, 0, 2)
        attended = softmax(query @ encoder[0]) @ encoder[1]  # (heads, batch*count, head)
        x = x + linear(attended.transpose(1, 0, 2).reshape(batch, count, width), self.cross_out)
        hidden = linear(layer_norm(x, *self.mlp_norm), self.mlp_in)
        return x + linear(gelu(hidden), self.mlp_out), (keys, values)

    def _split(self, x: np.ndarray) -> np.ndarray:
        batch, count, _ = x.shape
        return x.reshape(batch, count, self.heads, -1).transpose(0, 2, 1, 3)


def linear(x: np.ndarray, weights: Affine) -> np.ndarray:
    """Apply a linear layer: x @ weight + bias."""
    return x @ weights[0] + weights[1]


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """LayerNorm over the last axis."""
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS) * gamma + beta


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis."""
    x = np.exp(x - x.max(axis=-1, keepdims=True))
    return x / x.sum(axis=-1, keepdims=True)


def gelu(x: np.ndarray) -> np.ndarray:
    """Whisper's GELU: the exact (erf) form, not the tanh approximation."""
    return np.asarray(0.5 * x * (1.0 + erf(x * np.float32(0.5**0.5))), np.float32)
