"""Read the named variables of a CTranslate2 `model.bin` (no CTranslate2 API exposes them).

The layout is CTranslate2's own writer (`ctranslate2/specs/model_spec.py`, binary version 6): a
header (version, spec name, revision), then each variable as name, rank, dimensions, dtype id,
byte count and raw bytes, then aliases (one name sharing another's data).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO, Final

import numpy as np

from sayso.errors import BadInput

SUPPORTED_VERSIONS: Final[frozenset[int]] = frozenset({5, 6})
"""Binary versions whose variable records carry a dtype id and a byte count."""
DTYPES: Final[tuple[str, ...]] = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
"""dtype ids in CTranslate2's DataType enum order (include/ctranslate2/types.h)."""


def _read(stream: BinaryIO, fmt: str) -> int:
    size = struct.calcsize(fmt)
    data = stream.read(size)
    if len(data) != size:
        raise BadInput("truncated CTranslate2 model.bin")
    return int(struct.unpack("<" + fmt, data)[0])


def _read_string(stream: BinaryIO) -> str:
    length = _read(stream, "H")
    return stream.read(length)[:-1].decode("utf-8")  # stored with a trailing NUL


def _to_array(raw: bytes, dtype_id: int, dims: list[int]) -> np.ndarray:
    name = DTYPES[dtype_id]
    if name == "bfloat16":
        # numpy has no bfloat16: widen the 16 stored bits into the top half of a float32.
        wide = np.frombuffer(raw, np.uint16).astype(np.uint32) << 16
        return wide.view(np.float32).reshape(dims)
    return np.frombuffer(raw, np.dtype(name)).reshape(dims).copy()


def read_variables(path: Path) -> tuple[str, dict[str, np.ndarray]]:
    """Return (spec name, variables by name), aliases resolved to the array they name."""
    with path.open("rb") as stream:
        version = _read(stream, "I")
        if version not in SUPPORTED_VERSIONS:
            raise BadInput(f"{path}: CTranslate2 binary version {version} is not supported")
        spec = _read_string(stream)
        _read(stream, "I")  # spec revision
        variables: dict[str, np.ndarray] = {}
        for _ in range(_read(stream, "I")):
            name = _read_string(stream)
            dims = [_read(stream, "I") for _ in range(_read(stream, "B"))]
            dtype_id = _read(stream, "B")
            raw = stream.read(_read(stream, "I"))
            variables[name] = _to_array(raw, dtype_id, dims)
        for _ in range(_read(stream, "I")):
            alias, target = _read_string(stream), _read_string(stream)
            variables[alias] = variables[target]
    return spec, variables
