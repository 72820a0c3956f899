"""Int8 linear layers in onnxruntime, for Whisper's output projection and decoder blocks.

The projection onto the vocabulary dominates a decoder step: its float32 matrix (51,864 x 384 for
tiny.en, 80 MB) is read whole for every step, 15-30 ms for 5 hypotheses on a busy 2-core machine,
while the four decoder blocks take about 4 ms. Stored as int8 with one scale per vocabulary row it
is 20 MB, and onnxruntime's `DynamicQuantizeMatMul` (the activations quantized per call) computes
it in under 1 ms. The blocks' own products gain as much (5 x 384 by 384 x 1536: 146 us in float32
numpy, 14 us in int8). CTranslate2's int8 compute type, sayso's default, quantizes the same
matrices the same way, so the error is of the kind the free decode already has.

Each graph is one product (and a LogSoftmax for the projection), written by `onnx_proto`.
"""

from __future__ import annotations

import numpy as np

from sayso.asr.whisper import onnx_proto as proto

INT8_MAX = 127
COLUMNS_PER_BLOCK = 2048
"""Columns quantized at once: a block of Whisper's projection is 3-4 MB in float32."""
WEIGHT_ZERO = 128
"""The weights' zero point: they are stored as uint8 (int8 + 128), see `Int8Linear`."""


class Int8Linear:
    """x @ weight + bias (optionally then log-softmax) with int8 weights, in onnxruntime.

    `weight` is (input, output); it is quantized with one scale per output column, and the
    activations per call with one scale (`DynamicQuantizeMatMul`). Callers fold a preceding
    LayerNorm's gamma and beta into `weight` and `bias` (`fold_norm`), so its few large entries
    do not take most of the activations' range (per-token error 0.06 instead of 0.02 for the
    projection of tiny.en).

    The weights go to onnxruntime as uint8 with zero point 128 (the same int8 values, shifted),
    so it multiplies uint8 by uint8. Stored as int8, the product is uint8 activations by int8
    weights, which an x86 CPU without VNNI (AVX2 only: round 38's AMD EPYC) computes with
    `vpmaddubsw`: two products summed into int16 saturate (255 x 127 x 2 > 32,767), and the
    forced score of a sentence came out 4 nats off (-5.58 against -1.66). The uint8 x uint8
    kernel widens to int16 before multiplying and is exact on every CPU, at the same speed here
    (1.5-2.3 ms for 1-5 rows of tiny.en's projection either way).
    """

    def __init__(
        self, weight: np.ndarray, bias: np.ndarray, *, log_softmax: bool = False,
        gamma: np.ndarray | None = None,
    ) -> None:
        """Quantize `weight` (times `gamma` per input row, if given) and load the graph.

        `gamma` folds a LayerNorm's factors in as the weight is quantized (`fold_norm` without
        a float copy of the whole matrix); `bias` must already be folded (`folded_bias`).
        """
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One thread: the caller runs several searches at once on a 2-core machine.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        model = _model(weight, bias, gamma, log_softmax)
        self._session = onnxruntime.InferenceSession(
            model, options, providers=["CPUExecutionProvider"]
        )

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Apply to x (..., input) -> (..., output)."""
        flat = np.ascontiguousarray(x.reshape(-1, x.shape[-1]), dtype=np.float32)
        out = np.asarray(self._session.run(None, {"x": flat})[0])
        return out.reshape(*x.shape[:-1], out.shape[-1])


def fold_norm(
    weight: np.ndarray, bias: np.ndarray, gamma: np.ndarray, beta: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(weight, bias) of `linear(n * gamma + beta)` as a linear of the plain normalised n."""
    return (weight * gamma[:, None]).astype(np.float32), folded_bias(weight, bias, beta)


def folded_bias(weight: np.ndarray, bias: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """`bias + beta @ weight` (float64 sums), a block of columns at a time."""
    out = np.empty(weight.shape[1], np.float32)
    wide = beta.astype(np.float64)
    for start in range(0, weight.shape[1], COLUMNS_PER_BLOCK):
        cols = slice(start, start + COLUMNS_PER_BLOCK)
        out[cols] = bias[cols] + (wide @ weight[:, cols]).astype(np.float32)
    return out


def quantize_columns(
    weight: np.ndarray, gamma: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """`weight * gamma[:, None]` (input, output) as int8 with one float32 scale per column.

    A block of columns at a time: the whole matrix in float32 is 80-106 MB for Whisper's
    vocabulary projection, and the temporaries of quantizing it at once made the stepper's build
    the server's peak memory (BENCHMARKS.md, "Memory").
    """
    quantized = np.empty(weight.shape, np.int8)
    scale = np.empty(weight.shape[1], np.float32)
    for start in range(0, weight.shape[1], COLUMNS_PER_BLOCK):
        cols = slice(start, start + COLUMNS_PER_BLOCK)
        block = weight[:, cols].astype(np.float32)
        if gamma is not None:
            block *= gamma[:, None]
        peak = np.abs(block).max(axis=0)
        scale[cols] = np.where(peak > 0, peak / INT8_MAX, 1.0)
        quantized[:, cols] = np.round(block / scale[cols])
    return quantized, scale


def int8_weights(
    prefix: str, weight: np.ndarray, bias: np.ndarray, gamma: np.ndarray | None = None
) -> tuple[list[str], list[proto.Parts]]:
    """`DynamicQuantizeMatMul`'s weight inputs (names starting with `prefix`) and initializers.

    The weights are quantized per column (`quantize_columns`, times `gamma` per input row if
    given) and stored as uint8 with zero point `WEIGHT_ZERO` (see `Int8Linear`).
    """
    quantized, scale = quantize_columns(weight, gamma)
    shifted = quantized.view(np.uint8)
    shifted ^= 0x80  # int8 q -> uint8 q + 128, in place (two's complement)
    names = [prefix + "w", prefix + "scale", prefix + "zero", prefix + "bias"]
    outputs = weight.shape[1]
    initializers = [
        proto.tensor(names[0], shifted, proto.UINT8),
        proto.tensor(names[1], scale, proto.FLOAT),
        proto.tensor(names[2], np.full(outputs, WEIGHT_ZERO, np.uint8), proto.UINT8),
        proto.tensor(names[3], bias.astype(np.float32), proto.FLOAT),
    ]
    return names, initializers


def _model(
    weight: np.ndarray, bias: np.ndarray, gamma: np.ndarray | None, log_softmax: bool
) -> bytes:
    width, outputs = weight.shape
    names, initializers = int8_weights("", weight, bias, gamma)
    product = proto.node(
        "DynamicQuantizeMatMul", ["x", *names], ["z" if log_softmax else "y"], proto.MS_DOMAIN
    )
    nodes = [product]
    if log_softmax:
        nodes.append(proto.node("LogSoftmax", ["z"], ["y"], axis=-1))
    inputs = [proto.value_info("x", ["batch", width])]
    outputs_info = [proto.value_info("y", ["batch", outputs])]
    return proto.model("linear", nodes, initializers, inputs, outputs_info)
