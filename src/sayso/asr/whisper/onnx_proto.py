"""A minimal ONNX protobuf writer, for the small graphs sayso builds from Whisper's weights.

sayso needs only a handful of node kinds, tensors and typed inputs (`ort_projection.py`, one
int8 product; `ort_step.py`, a whole decoder step), so the messages are written here directly
rather than through the `onnx` package, which sayso does not otherwise need. Large tensors are
kept as parts (views of their arrays), so a model's bytes are joined once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

IR_VERSION = 8
OPSET = 17
"""Standard opset (LayerNormalization and LogSoftmax with axis -1 need 17 / 13)."""
MS_DOMAIN = "com.microsoft"
"""onnxruntime's contrib ops (`DynamicQuantizeMatMul`, `Gelu`)."""
FLOAT, UINT8, INT64 = 1, 2, 7
"""TensorProto data types."""
_ATTRIBUTE_INT, _ATTRIBUTE_INTS = 2, 7

Parts = list[bytes | memoryview]
"""Pieces of a message, joined only once (`model`)."""
Dim = int | str
"""A fixed size or a named dynamic one."""


def node(
    op: str,
    inputs: Sequence[str],
    outputs: Sequence[str],
    domain: str = "",
    **attributes: int | Sequence[int],
) -> bytes:
    """A NodeProto; integer and integer-list attributes only."""
    parts = [field(1, i.encode()) for i in inputs] + [field(2, o.encode()) for o in outputs]
    parts += [field(4, op.encode()), field(7, domain.encode())]
    for name, value in attributes.items():
        if isinstance(value, int):
            attribute = field(1, name.encode()) + key(3, 0) + varint(value)
            kind = _ATTRIBUTE_INT
        else:
            attribute = field(1, name.encode()) + b"".join(key(8, 0) + varint(v) for v in value)
            kind = _ATTRIBUTE_INTS
        parts.append(field(5, attribute + key(20, 0) + varint(kind)))
    return b"".join(parts)


def tensor(name: str, array: np.ndarray, data_type: int) -> Parts:
    """A TensorProto as parts (the raw data a view of `array`, little-endian)."""
    dims = b"".join(key(1, 0) + varint(d) for d in array.shape)
    raw = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    head = dims + key(2, 0) + varint(data_type) + field(8, name.encode())
    return [head, *nested(9, [raw.data.cast("B")])]


def value_info(name: str, shape: Sequence[Dim], data_type: int = FLOAT) -> bytes:
    """A graph input or output of `data_type` and `shape`."""
    dims = b"".join(
        field(1, field(2, d.encode()) if isinstance(d, str) else key(1, 0) + varint(d))
        for d in shape
    )
    tensor_type = key(1, 0) + varint(data_type) + field(2, dims)
    return field(1, name.encode()) + field(2, field(1, tensor_type))


def model(
    name: str,
    nodes: Sequence[bytes],
    initializers: Sequence[Parts],
    inputs: Sequence[bytes],
    outputs: Sequence[bytes],
) -> bytes:
    """A ModelProto of one graph (standard opset `OPSET` and onnxruntime's contrib ops)."""
    graph: Parts = [
        *(field(1, n) for n in nodes),
        field(2, name.encode()),
        *(part for t in initializers for part in nested(5, t)),
        *(field(11, i) for i in inputs),
        *(field(12, o) for o in outputs),
    ]
    # Parts, not nested byte strings: an int8 weight (20 MB for tiny.en's projection) is
    # copied once, into the joined message, not once per level of nesting.
    return b"".join(
        [
            key(1, 0) + varint(IR_VERSION),
            field(8, field(1, b"") + key(2, 0) + varint(OPSET)),
            field(8, field(1, MS_DOMAIN.encode()) + key(2, 0) + varint(1)),
            *nested(7, graph),
        ]
    )


def nested(number: int, parts: Parts) -> Parts:
    """A length-delimited field whose payload is `parts`, without joining them."""
    return [key(number, 2) + varint(sum(len(p) for p in parts)), *parts]


def field(number: int, payload: bytes) -> bytes:
    """A length-delimited field."""
    return key(number, 2) + varint(len(payload)) + payload


def key(number: int, wire_type: int) -> bytes:
    """A field's key."""
    return varint(number << 3 | wire_type)


def varint(value: int) -> bytes:
    """A base-128 varint; negative int64 values are sent as their two's complement."""
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
