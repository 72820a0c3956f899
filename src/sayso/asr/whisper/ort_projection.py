"""Int8 linear layers in onnxruntime, for Whisper's output projection and decoder blocks.

The projection onto the vocabulary dominates a decoder step: its float32 matrix (51,864 x 384 for
tiny.en, 80 MB) is read whole for every step, 15-30 ms for 5 hypotheses on a busy 2-core machine,
while the four decoder blocks take about 4 ms. Stored as int8 with one scale per vocabulary row it
is 20 MB, and onnxruntime's `DynamicQuantizeMatMul` (the activations quantized per call) computes
it in under 1 ms. The blocks' own products gain as much (5 x 384 by 384 x 1536: 146 us in float32
numpy, 14 us in int8). CTranslate2's int8 compute type, sayso's default, quantizes the same
matrices the same way, so the error is of the kind the free decode already has.

Each graph is one product (and a LogSoftmax for the projection), so its protobuf is written here
directly rather than through the `onnx` package, which sayso does not otherwise need.
"""

from __future__ import annotations

import numpy as np

INT8_MAX = 127
COLUMNS_PER_BLOCK = 2048
"""Columns quantized at once: a block of Whisper's projection is 3-4 MB in float32."""
OPSET = 17
"""ONNX opset for LogSoftmax (axis -1); the product comes from the com.microsoft domain."""
IR_VERSION = 8
WEIGHT_ZERO = 128
"""The weights' zero point: they are stored as uint8 (int8 + 128), see `Int8Linear`."""
_FLOAT, _UINT8 = 1, 2
_ATTRIBUTE_INT = 2
_MS = "com.microsoft"


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

        quantized, scale = quantize_columns(weight, gamma)
        shifted = quantized.view(np.uint8)
        shifted ^= 0x80  # int8 q -> uint8 q + 128, in place (two's complement)
        options = onnxruntime.SessionOptions()
        # One thread: the caller runs several searches at once on a 2-core machine.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        model = _model(shifted, scale, bias.astype(np.float32), log_softmax)
        del quantized, shifted  # the session holds its own copy
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


def _model(weight: np.ndarray, scale: np.ndarray, bias: np.ndarray, log_softmax: bool) -> bytes:
    width, outputs = weight.shape
    product = ["x", "w", "scale", "zero", "bias"]
    nodes = [_node("DynamicQuantizeMatMul", product, ["z" if log_softmax else "y"], _MS)]
    if log_softmax:
        nodes.append(_node("LogSoftmax", ["z"], ["y"], "", axis=-1))
    initializers = [
        _tensor("w", weight, _UINT8),
        _tensor("scale", scale, _FLOAT),
        _tensor("zero", np.full(outputs, WEIGHT_ZERO, np.uint8), _UINT8),
        _tensor("bias", bias, _FLOAT),
    ]
    graph: list[bytes | memoryview] = [
        *(_field(1, n) for n in nodes),
        _field(2, b"linear"),
        *(part for t in initializers for part in _nested(5, t)),
        _field(11, _value_info("x", ["batch", width])),
        _field(12, _value_info("y", ["batch", outputs])),
    ]
    # Parts, not nested byte strings: the int8 weight (20 MB for tiny.en's projection) is
    # copied once, into the joined message, not once per level of nesting.
    return b"".join(
        [
            _key(1, 0) + _varint(IR_VERSION),
            _field(8, _field(1, b"") + _key(2, 0) + _varint(OPSET)),
            _field(8, _field(1, _MS.encode()) + _key(2, 0) + _varint(1)),
            *_nested(7, graph),
        ]
    )


def _node(op: str, inputs: list[str], outputs: list[str], domain: str, **ints: int) -> bytes:
    parts = [_field(1, i.encode()) for i in inputs] + [_field(2, o.encode()) for o in outputs]
    parts += [_field(4, op.encode()), _field(7, domain.encode())]
    for name, value in ints.items():
        attribute = _field(1, name.encode()) + _key(3, 0) + _varint(value)
        parts.append(_field(5, attribute + _key(20, 0) + _varint(_ATTRIBUTE_INT)))
    return b"".join(parts)


def _tensor(name: str, array: np.ndarray, data_type: int) -> list[bytes | memoryview]:
    """A TensorProto as parts (the raw data a view of `array`, little-endian)."""
    dims = b"".join(_key(1, 0) + _varint(d) for d in array.shape)
    raw = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    head = dims + _key(2, 0) + _varint(data_type) + _field(8, name.encode())
    return [head, *_nested(9, [raw.data.cast("B")])]


def _nested(number: int, parts: list[bytes | memoryview]) -> list[bytes | memoryview]:
    """A length-delimited field whose payload is `parts`, without joining them."""
    return [_key(number, 2) + _varint(sum(len(p) for p in parts)), *parts]


def _value_info(name: str, shape: list[int | str]) -> bytes:
    dims = b"".join(
        _field(1, _field(2, d.encode()) if isinstance(d, str) else _key(1, 0) + _varint(d))
        for d in shape
    )
    tensor_type = _key(1, 0) + _varint(_FLOAT) + _field(2, dims)
    return _field(1, name.encode()) + _field(2, _field(1, tensor_type))


def _field(number: int, payload: bytes) -> bytes:
    return _key(number, 2) + _varint(len(payload)) + payload


def _key(number: int, wire_type: int) -> bytes:
    return _varint(number << 3 | wire_type)


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 values are sent as their two's complement
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
