"""Whisper's output projection and log-softmax as an int8 onnxruntime graph.

The projection onto the vocabulary dominates a decoder step: its float32 matrix (51,864 x 384 for
tiny.en, 80 MB) is read whole for every step, 15-30 ms for 5 hypotheses on a busy 2-core machine,
while the four decoder blocks take about 4 ms. Stored as int8 with one scale per vocabulary row it
is 20 MB, and onnxruntime's `DynamicQuantizeMatMul` (the activations quantized per call) computes
it in under 1 ms. CTranslate2's int8 compute type, sayso's default, quantizes the same matrix the
same way, so the error is of the kind the free decode already has.

The graph is tiny (one product and a LogSoftmax), so its protobuf is written here directly rather
than through the `onnx` package, which sayso does not otherwise need.
"""

from __future__ import annotations

import numpy as np

INT8_MAX = 127
OPSET = 17
"""ONNX opset for LogSoftmax (axis -1); the product comes from the com.microsoft domain."""
IR_VERSION = 8
_FLOAT, _INT8 = 1, 3
_ATTRIBUTE_INT = 2


class Int8Projection:
    """log_softmax((normalized * gamma + beta) @ embedding.T) in int8, on one thread.

    The final LayerNorm's gamma and beta are folded into the matrix and a float32 bias: the
    activations are quantized per call with one scale, and gamma's few large entries would
    otherwise take most of that range (per-token error 0.06 with gamma applied first, see
    BENCHMARKS.md).
    """

    def __init__(self, embedding: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> None:
        import onnxruntime

        bias = (embedding @ beta.astype(np.float64)).astype(np.float32)
        embedding = embedding * gamma
        peak = np.abs(embedding).max(axis=1)
        scale = np.where(peak > 0, peak / INT8_MAX, 1.0).astype(np.float32)
        quantized = np.round(embedding / scale[:, None]).astype(np.int8)
        options = onnxruntime.SessionOptions()
        # One thread: the caller runs several searches at once on a 2-core machine.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        model = _model(np.ascontiguousarray(quantized.T), scale, bias, embedding.shape[1])
        self._session = onnxruntime.InferenceSession(
            model, options, providers=["CPUExecutionProvider"]
        )

    def __call__(self, normalized: np.ndarray) -> np.ndarray:
        """Log-probabilities (batch, vocab) for LayerNormed states without affine (batch, width)."""
        x = np.ascontiguousarray(normalized, dtype=np.float32)
        return np.asarray(self._session.run(None, {"x": x})[0])


def _model(weights: np.ndarray, scale: np.ndarray, bias: np.ndarray, width: int) -> bytes:
    vocab = weights.shape[1]
    product = ["x", "w", "scale", "zero", "bias"]
    nodes = [
        _node("DynamicQuantizeMatMul", product, ["logits"], "com.microsoft"),
        _node("LogSoftmax", ["logits"], ["y"], "", axis=-1),
    ]
    initializers = [
        _tensor("w", weights, _INT8),
        _tensor("scale", scale, _FLOAT),
        _tensor("zero", np.zeros(vocab, np.int8), _INT8),
        _tensor("bias", bias, _FLOAT),
    ]
    graph = b"".join(
        [
            *(_field(1, n) for n in nodes),
            _field(2, b"projection"),
            *(_field(5, t) for t in initializers),
            _field(11, _value_info("x", ["batch", width])),
            _field(12, _value_info("y", ["batch", vocab])),
        ]
    )
    return b"".join(
        [
            _key(1, 0) + _varint(IR_VERSION),
            _field(8, _field(1, b"") + _key(2, 0) + _varint(OPSET)),
            _field(8, _field(1, b"com.microsoft") + _key(2, 0) + _varint(1)),
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
