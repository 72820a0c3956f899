"""Int8 linear layers in onnxruntime: block-wise quantization equals quantizing at once."""

from __future__ import annotations

import numpy as np
import pytest

from sayso.asr.whisper import ort_projection
from sayso.asr.whisper.ort_projection import INT8_MAX, Int8Linear, fold_norm, quantize_columns


def test_blocks_quantize_as_the_whole_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks (here 7 columns, so a ragged last one) give the same int8 and scales as one go."""
    rng = np.random.default_rng(3)
    weight = rng.standard_normal((16, 30)).astype(np.float16)
    weight[:, 4] = 0  # an all-zero column keeps scale 1, not a division by zero
    gamma = rng.standard_normal(16).astype(np.float32)
    folded = weight.astype(np.float32) * gamma[:, None]
    peak = np.abs(folded).max(axis=0)
    scale = np.where(peak > 0, peak / INT8_MAX, 1.0).astype(np.float32)
    expected = np.round(folded / scale).astype(np.int8)
    monkeypatch.setattr(ort_projection, "COLUMNS_PER_BLOCK", 7)
    quantized, got_scale = quantize_columns(weight, gamma)
    np.testing.assert_array_equal(quantized, expected)
    np.testing.assert_array_equal(got_scale, scale)
    assert got_scale[4] == 1.0


def test_folded_layer_matches_float_linear_of_the_norm(monkeypatch: pytest.MonkeyPatch) -> None:
    """gamma folded while quantizing, beta into the bias: close to the float32 layer."""
    monkeypatch.setattr(ort_projection, "COLUMNS_PER_BLOCK", 5)
    rng = np.random.default_rng(4)
    weight = rng.standard_normal((12, 23)).astype(np.float32)
    bias = rng.standard_normal(23).astype(np.float32)
    gamma, beta = rng.standard_normal((2, 12)).astype(np.float32)
    x = rng.standard_normal((3, 12)).astype(np.float32)
    exact = (x * gamma + beta) @ weight + bias
    folded_weight, folded_bias = fold_norm(weight, bias, gamma, beta)
    np.testing.assert_allclose(x @ folded_weight + folded_bias, exact, atol=1e-4)
    layer = Int8Linear(weight, folded_bias, gamma=gamma)
    # int8 weights and activations: about 1 % of the outputs' scale.
    assert np.abs(layer(x) - exact).max() < 0.05 * np.abs(exact).max()


def test_full_range_products_do_not_saturate() -> None:
    """Activations at 255 by weights at +-127 over 384 inputs: exact on every CPU (round 39).

    As uint8 x int8, a CPU with AVX2 but no VNNI sums two such products into a saturating int16
    (255 x 127 x 2 > 32,767) and returned about half of each sum; the stored uint8 weights
    (zero point 128) take the exact uint8 x uint8 kernel everywhere.
    """
    width = 384
    weight = np.stack([np.ones(width), -np.ones(width), np.linspace(-1, 1, width)], axis=1)
    weight = weight.astype(np.float32)
    x = np.full((2, width), 3.0, np.float32)  # quantized to 255 (range [0, 3])
    x[1, ::2] = 0.0
    exact = x @ weight
    got = Int8Linear(weight, np.zeros(3, np.float32))(x)
    np.testing.assert_allclose(got, exact, rtol=0.01, atol=0.01 * width)
