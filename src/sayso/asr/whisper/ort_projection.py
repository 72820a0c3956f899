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
OPSET = 17
"""ONNX opset for LogSoftmax (axis -1); the product comes from the com.microsoft domain."""
IR_VERSION = 8
_FLOAT, _INT8 = 1, 3
_ATTRIBUTE_INT = 2
_MS = "com.microsoft"


class Int8Linear:
    """x @ weight + bias (optionally then log-softmax) with int8 weights, in onnxruntime.

    `weight` is (input, output); it is quantized with one scale per output column, and the
    activations per call with one scale (`DynamicQuantizeMatMul`). Callers fold a preceding
    LayerNorm's gamma and beta into `weight` and `bias` (`fold_norm`), so its few large entries
    do not take most of the activations' range (per-token error 0.06 instead of 0.02 for the
    projection of tiny.en).
    """

    def __init__(self, weight: np.ndarray, bias: np.ndarray, *, log_softmax: bool = False) -> None:
        import onnxruntime

        peak = np.abs(weight).max(axis=0)
        scale = np.where(peak > 0, peak / INT8_MAX, 1.0).astype(np.float32)
        quantized = np.ascontiguousarray(np.round(weight / scale).astype(np.int8))
        options = onnxruntime.SessionOptions()
        # One thread: the caller runs several searches at once on a 2-core machine.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        model = _model(quantized, scale, bias.astype(np.float32), log_softmax)
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
    folded_bias = bias + (beta.astype(np.float64) @ weight).astype(np.float32)
    return (weight * gamma[:, None]).astype(np.float32), folded_bias.astype(np.float32)


def _model(weight: np.ndarray, scale: np.ndarray, bias: np.ndarray, log_softmax: bool) -> bytes:
    width, outputs = weight.shape
    product = ["x", "w", "scale", "zero", "bias"]
    nodes = [_node("DynamicQuantizeMatMul", product, ["z" if log_softmax else "y"], _MS)]
    if log_softmax:
        nodes.append(_node("LogSoftmax", ["z"], ["y"], "", axis=-1))
    initializers = [
        _tensor("w", weight, _INT8),
        _tensor("scale", scale, _FLOAT),
        _tensor("zero", np.zeros(outputs, np.int8), _INT8),
        _tensor("bias", bias, _FLOAT),
    ]
    graph = b"".join(
        [
            *(_field(1, n) for n in nodes),
            _field(2, b"linear"),
            *(_field(5, t) for t in initializers),
            _field(11, _value_info("x", ["batch", width])),
            _field(12, _value_info("y", ["batch", outputs])),
        ]
    )
    return b"".join(
        [
            _key(1, 0) + _varint(IR_VERSION),
            _field(8, _field(1, b"") + _key(2, 0) + _varint(OPSET)),
            _field(8, _field(1, _MS.encode()) + _key(2, 0) + _varint(1)),
            _field(7, graph),
        ]
    )


def _node(op: str, inputs: list[str], outputs: list[str], domain: str, **ints: int) -> bytes:
    parts = [_field(1, i.encode()) for i in inputs] + [_field(2, o.encode()) for o in outputs]
    parts += [_field(4, op.encode()), _field(7, domain.encode())]
    for name, value in ints.items():
        attribute = _field(1, name.encode()) + _key(3, 0) + _varint(value)
        parts.append(_field(5, attribute + _key(20, 0) + _varint(_ATTRIBUTE_INT)))
    return b"".join(parts)


def _tensor(name: str, array: np.ndarray, data_type: int) -> bytes:
    dims = b"".join(_key(1, 0) + _varint(d) for d in array.shape)
    raw = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
    return dims + _key(2, 0) + _varint(data_type) + _field(8, name.encode()) + _field(9, raw)


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
