"""Read named variables from a CTranslate2 `model.bin` as float32 numpy arrays.

The file (binary version 6, written by CTranslate2's `ModelSpec._serialize`) is little-endian:

    u32 version, str spec name, u32 spec revision, u32 variable count,
    per variable: str name, u8 rank, u32 dims[rank], u8 dtype, u32 byte count, raw bytes,
    u32 alias count, per alias: str alias, str target name,

where a str is a u16 length (including a closing NUL), the UTF-8 bytes and the NUL. Dtype ids
follow CTranslate2's `DataType`: float32, int8, int16, int32, float16, bfloat16. A quantized
weight (int8/int16) comes with a float32 `<name>_scale` per output row; its value is
`quantized / scale`. The file is memory-mapped, so only the variables asked for are read.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np

from sayso.errors import EngineUnavailable

KNOWN_VERSIONS = (6,)
"""Binary versions whose layout is described above (CTranslate2 3.x-4.x write 6)."""
_DTYPES: tuple[np.dtype, ...] = tuple(
    np.dtype(t)
    for t in ("<f4", "i1", "<i2", "<i4", "<f2", "<u2")  # bfloat16 read as raw u16
)
_BFLOAT16_ID = 5
_QUANTIZED_IDS = (1, 2)
_FLOAT_IDS = (0, 4)
_SCALE_SUFFIX = "_scale"


class _Reader:
    """Walks the header of a mapped model file."""

    def __init__(self, data: mmap.mmap) -> None:
        self.data = data
        self.pos = 0

    def number(self, fmt: str) -> int:
        value = struct.unpack_from(fmt, self.data, self.pos)[0]
        self.pos += struct.calcsize(fmt)
        return int(value)

    def string(self) -> str:
        size = self.number("<H")
        text = bytes(self.data[self.pos : self.pos + size - 1]).decode("utf-8")
        self.pos += size
        return text


def read_variables(
    path: Path, keep: Callable[[str], bool], as_stored: Callable[[str], bool] = lambda _: False
) -> dict[str, np.ndarray]:
    """Float32 copies of the variables whose names `keep` accepts (aliases resolved).

    Those `as_stored` accepts come as copies in their stored float type when it is float16 or
    float32 (a float16 embedding stays 40 MB instead of becoming 80 MB), else as float32.

    Raises EngineUnavailable with one line when the file is missing or not a layout read here.
    """
    try:
        with path.open("rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        # Not closed here: arrays viewing the map may live on in a traceback; GC unmaps it.
        return _parse(_Reader(data), keep, as_stored)
    except FileNotFoundError:
        raise EngineUnavailable(f"no CTranslate2 weights file at {path}") from None
    except (OSError, ValueError, struct.error, UnicodeDecodeError, IndexError) as exc:
        raise EngineUnavailable(f"cannot read CTranslate2 weights {path}: {exc}") from None


def _parse(
    reader: _Reader, keep: Callable[[str], bool], as_stored: Callable[[str], bool]
) -> dict[str, np.ndarray]:
    version = reader.number("<I")
    if version not in KNOWN_VERSIONS:
        raise ValueError(f"binary version {version} (known: {KNOWN_VERSIONS})")
    reader.string()  # spec name, checked by the caller through the variables it needs
    reader.number("<I")
    raw: dict[str, tuple[np.ndarray, int]] = {}
    for _ in range(reader.number("<I")):
        name = reader.string()
        shape = tuple(reader.number("<I") for _ in range(reader.number("<B")))
        type_id = reader.number("<B")
        size = reader.number("<I")
        if keep(name) or (name.endswith(_SCALE_SUFFIX) and keep(name[: -len(_SCALE_SUFFIX)])):
            if type_id >= len(_DTYPES):
                raise ValueError(f"variable {name} has unknown dtype id {type_id}")
            dtype = _DTYPES[type_id]
            array = np.frombuffer(reader.data, dtype, size // dtype.itemsize, reader.pos)
            raw[name] = (array.reshape(shape), type_id)
        reader.pos += size
    aliases = {}
    for _ in range(reader.number("<I")):
        alias = reader.string()
        aliases[alias] = reader.string()
    for alias, target in aliases.items():
        if keep(alias) and target in raw:
            raw[alias] = raw[target]
    return {
        name: array.copy() if type_id in _FLOAT_IDS and as_stored(name)
        else _to_float32(name, array, type_id, raw)
        for name, (array, type_id) in raw.items()
        if not name.endswith(_SCALE_SUFFIX) or keep(name)
    }


def _to_float32(
    name: str, array: np.ndarray, type_id: int, raw: dict[str, tuple[np.ndarray, int]]
) -> np.ndarray:
    if type_id == _BFLOAT16_ID:
        return (array.astype(np.uint32) << 16).view(np.float32)
    if type_id in _QUANTIZED_IDS and name + _SCALE_SUFFIX in raw:
        scale = raw[name + _SCALE_SUFFIX][0].astype(np.float32)
        return array.astype(np.float32) / scale.reshape(-1, *([1] * (array.ndim - 1)))
    return array.astype(np.float32)
